/**
 * The live part of `npm run bench` (issue 3): 50 contexts on loopback, 10 of them on servers
 * that accept the connection and never answer, checked live by `kubeward check --json`. The
 * whole run must stay under the per-probe timeout + 1 s (dead clusters must not add up), and
 * it is timed against a shell loop of `kubectl auth whoami` over the 40 answering contexts,
 * what a user without kubeward would run to learn the same.
 *
 * The stand-in API servers run in this process, so every command is spawned asynchronously:
 * a spawnSync would freeze the event loop and the servers with it.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Report } from '../shared/findings';
import {
  type ApiServer,
  type ApiServerMode,
  type UserInfo,
  certificateUser,
  startApiServer,
} from '../test/fixtures/apiserver';
import { type JwtAlg, serviceAccountToken, verificationKey } from '../test/fixtures/jwt';
import { toData } from '../test/fixtures/pki';
import type { Kubectl } from './kubectl';
import type { Measurement, Runner } from './measure';
import { median } from './stats';
import { RunFailed, countLeaks, verifyKubeward } from './verify';

/** kubeward's --timeout for the live runs, seconds: the bound is this + 1 s. */
export const LIVE_TIMEOUT_S = 3;
const BOUND_MS = (LIVE_TIMEOUT_S + 1) * 1000;
const HOUR = 3_600_000;

/** What each context must come out as. */
type Expectation = 'identity' | 'rejected' | 'silent';

interface PlannedContext {
  name: string;
  expect: Expectation;
  /** Who the server says the user is (identity), or who the rejected token claims to be. */
  username: string;
}

interface LiveKubeconfig {
  path: string;
  contexts: PlannedContext[];
  description: string;
  /** Every credential written, to check that none shows up in the output. */
  secrets: string[];
}

export interface LiveOptions {
  rounds: number;
  cli: string;
  kubectl: Kubectl | null;
}

export interface LiveResult {
  file: LiveKubeconfig;
  kubeward: Measurement[];
  /** One measurement per round: the whole shell loop over the answering contexts. */
  kubectl: Measurement[] | null;
  /** kubeward (all contexts, live) / kubectl loop (answering contexts), per round. */
  ratios: number[];
  leaks: number;
}

interface NormalServer {
  server: ApiServer;
  alg: JwtAlg;
  /** The server's static token table, the same object it reads on every request: filled in as users are made. */
  tokens: Record<string, UserInfo>;
}

interface Servers {
  normal: NormalServer[];
  silent: [ApiServer, ApiServerMode][];
}

async function startServers(): Promise<Servers> {
  const normal = await Promise.all(
    (['RS256', 'ES256'] as const).map(async (alg): Promise<NormalServer> => {
      const tokens: Record<string, UserInfo> = {};
      return { server: await startApiServer({ tokens, jwtKeys: [await verificationKey(alg)] }), alg, tokens };
    }),
  );
  const silent = await Promise.all(
    (['silent-tcp', 'silent-http'] as const).map(async (mode): Promise<[ApiServer, ApiServerMode]> => [
      await startApiServer({ mode }),
      mode,
    ]),
  );
  return { normal, silent };
}

/** Builds 40 answering contexts over the normal servers and 10 over the silent ones, every user distinct. */
async function writeLiveKubeconfig(dir: string, servers: Servers): Promise<LiveKubeconfig> {
  const clusters: object[] = [];
  const users: object[] = [];
  const contexts: object[] = [];
  const planned: PlannedContext[] = [];
  const secrets: string[] = [];
  const now = Date.now();

  const add = (cluster: string, user: Record<string, unknown>, p: PlannedContext) => {
    users.push({ name: p.name, user });
    contexts.push({ name: p.name, context: { cluster, user: p.name } });
    planned.push(p);
  };
  const cluster = (server: ApiServer, name: string) =>
    clusters.push({ name, cluster: { server: server.url, 'certificate-authority-data': toData(server.caPem) } });

  for (const [index, { server, alg, tokens }] of servers.normal.entries()) {
    const c = `stand-in-${index}`;
    cluster(server, c);
    for (let i = 0; i < 8; i++) {
      const username = `cert-user-${index}-${i}`;
      const cert = server.clientCa.issue({ cn: username, organizations: ['developers'] });
      secrets.push(cert.keyPem);
      add(c, certificateUser(cert), { name: `${c}-cert-${i}`, expect: 'identity', username });
    }
    for (let i = 0; i < 6; i++) {
      const username = `token-user-${index}-${i}`;
      const token = randomBytes(24).toString('hex');
      tokens[token] = { username, groups: ['operators'] };
      secrets.push(token);
      add(c, { token }, { name: `${c}-token-${i}`, expect: 'identity', username });
    }
    for (let i = 0; i < 6; i++) {
      // The last one was issued two hours ago for one hour: expired, a 401 on every request.
      const expired = i === 5;
      const [namespace, sa] = [`team-${index}`, `deployer-${i}`];
      const token = await serviceAccountToken({
        alg,
        namespace,
        name: sa,
        issuedAt: expired ? now - 2 * HOUR : now,
        lifetime: HOUR,
      });
      secrets.push(token);
      const name = `${c}-${expired ? 'expired-jwt' : 'sa'}-${i}`;
      const username = `system:serviceaccount:${namespace}:${sa}`;
      add(c, { token }, { name, expect: expired ? 'rejected' : 'identity', username });
    }
  }
  for (const [server, mode] of servers.silent) {
    cluster(server, mode);
    for (let i = 0; i < 5; i++) {
      const token = randomBytes(24).toString('hex');
      secrets.push(token);
      add(mode, { token }, { name: `${mode}-${i}`, expect: 'silent', username: '' });
    }
  }

  const file = path.join(dir, 'live-kubeconfig');
  const doc = { apiVersion: 'v1', kind: 'Config', clusters, users, contexts, 'current-context': planned[0]?.name };
  writeFileSync(file, stringify(doc), { mode: 0o600 });
  const count = (e: Expectation) => planned.filter((p) => p.expect === e).length;
  const description =
    `live: ${planned.length} contexts on loopback, ${count('identity') + count('rejected')} answering ` +
    `(${count('rejected')} of them expired JWTs: 401), ${count('silent')} never answering (silent-tcp, silent-http)`;
  return { path: file, contexts: planned, description, secrets };
}

function describeFailure(m: Measurement): string {
  const stderr = m.stderr.trim().split('\n').slice(-3).join(' | ');
  return `${m.signal ? `signal ${m.signal}` : `exit code ${String(m.status)}`}${stderr ? `: ${stderr}` : ''}`;
}

/** Every context came out as planned: identified, rejected with a 401, or unreachable. */
function verifyLiveReport(m: Measurement, file: LiveKubeconfig): Report {
  const report = verifyKubeward(m, file.contexts.length);
  const byName = new Map(report.contexts.map((c) => [c.name, c]));
  for (const planned of file.contexts) {
    const got = byName.get(planned.name);
    const rules = new Set(got?.findings.map((f) => f.rule));
    const ok =
      planned.expect === 'identity'
        ? got?.identity?.username === planned.username
        : planned.expect === 'rejected'
          ? !got?.identity && rules.has('server-unauthorized')
          : !got?.identity && rules.has('server-unreachable');
    if (!ok) {
      const seen = got ? `identity ${got.identity?.username ?? 'none'}, rules ${[...rules].join(',') || 'none'}` : '';
      throw new RunFailed(`kubeward: context ${planned.name} expected ${planned.expect}, got ${seen || 'nothing'}`);
    }
  }
  return report;
}

/** `kubectl auth whoami` prints `Username  <name>` for each identified user, an Unauthorized error for the others. */
function verifyKubectlLoop(m: Measurement, answering: readonly PlannedContext[]): void {
  const usernames = new Set(
    m.stdout
      .split('\n')
      .map((line) => /^Username\s+(\S+)/.exec(line)?.[1])
      .filter(Boolean),
  );
  const missing = answering.filter((p) => p.expect === 'identity' && !usernames.has(p.username));
  const rejected = m.stderr.split('\n').filter((line) => line.includes('Unauthorized')).length;
  const expectedRejected = answering.filter((p) => p.expect === 'rejected').length;
  if (missing.length || rejected !== expectedRejected) {
    throw new RunFailed(
      `kubectl loop: ${missing.length} users not identified, ${rejected}/${expectedRejected} Unauthorized (${describeFailure(m)})`,
    );
  }
}

/** Starts the stand-ins, times both sides alternating over the rounds, stops the stand-ins. */
export async function benchLive(runner: Runner, options: LiveOptions, dir: string): Promise<LiveResult> {
  const servers = await startServers();
  const all = [...servers.normal.map((n) => n.server), ...servers.silent.map(([s]) => s)];
  try {
    const file = await writeLiveKubeconfig(dir, servers);
    const answering = file.contexts.filter((c) => c.expect !== 'silent');
    // Keep kubectl's discovery and HTTP caches out of the user's ~/.kube.
    const cacheDir = path.join(dir, 'kube-cache');
    mkdirSync(cacheDir, { recursive: true });
    const env = { ...process.env, KUBECACHEDIR: cacheDir };

    const kubewardArgs = [
      options.cli,
      'check',
      '--json',
      '--timeout',
      String(LIVE_TIMEOUT_S),
      '--kubeconfig',
      file.path,
    ];
    const loop = 'k=$1; f=$2; shift 2; for c in "$@"; do "$k" auth whoami --context "$c" --kubeconfig "$f"; done';
    const runKubeward = async (): Promise<Measurement> => {
      const m = await runner.runAsync(process.execPath, kubewardArgs, env);
      verifyLiveReport(m, file);
      return m;
    };
    const runKubectl = async (kubectl: Kubectl): Promise<Measurement> => {
      const names = answering.map((c) => c.name);
      const m = await runner.runAsync('/bin/sh', ['-c', loop, 'sh', kubectl.path, file.path, ...names], env);
      verifyKubectlLoop(m, answering);
      return m;
    };

    // One untimed run of each first, as in the offline part.
    const first = await runKubeward();
    if (options.kubectl) await runKubectl(options.kubectl);
    const kubeward: Measurement[] = [];
    const kubectl: Measurement[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const early = round % 2 === 1 ? await runKubeward() : null;
      const c = options.kubectl ? await runKubectl(options.kubectl) : null;
      const k = early ?? (await runKubeward());
      kubeward.push(k);
      if (c) {
        kubectl.push(c);
        ratios.push(k.wallMs / c.wallMs);
      }
    }
    const leaks = countLeaks(first.stdout + first.stderr, file.secrets);
    return { file, kubeward, kubectl: options.kubectl ? kubectl : null, ratios, leaks };
  } finally {
    await Promise.all(all.map((s) => s.stop()));
  }
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
const medianWall = (ms: readonly Measurement[]): number => median(ms.map((m) => m.wallMs));
const slowest = (ms: readonly Measurement[]): number => Math.max(...ms.map((m) => m.wallMs));

/** Whether every timed kubeward run stayed under the per-probe timeout + 1 s. */
export function withinBound(result: LiveResult): boolean {
  return slowest(result.kubeward) < BOUND_MS;
}

export function printLive(result: LiveResult): void {
  const answering = result.file.contexts.filter((c) => c.expect !== 'silent').length;
  const row = (label: string, value: string) => `  ${label.padEnd(52)}${value.padStart(12)}`;
  console.log(`\n${result.file.description}: ${result.file.path}`);
  console.log(row('', 'median wall'));
  if (result.kubectl)
    console.log(row(`kubectl auth whoami, shell loop (${answering})`, seconds(medianWall(result.kubectl))));
  console.log(
    row(
      `kubeward check --json --timeout ${LIVE_TIMEOUT_S} (${result.file.contexts.length})`,
      seconds(medianWall(result.kubeward)),
    ),
  );
  if (result.ratios.length) {
    const spread = `${Math.min(...result.ratios).toFixed(2)}..${Math.max(...result.ratios).toFixed(2)}`;
    console.log(
      row('median ratio kubeward/kubectl loop', median(result.ratios).toFixed(2)) + `   (per round ${spread})`,
    );
  }
  const verdict = withinBound(result) ? 'ok' : 'OVER THE BOUND';
  console.log(`  slowest kubeward run ${seconds(slowest(result.kubeward))}, bound ${seconds(BOUND_MS)}: ${verdict}`);
  console.log(`  secrets in the JSON output: ${result.leaks === 0 ? 'none' : `${result.leaks} LEAKED`}`);
}

export function pasteLive(result: LiveResult, rounds: number): string {
  const total = result.file.contexts.length;
  const silent = result.file.contexts.filter((c) => c.expect === 'silent').length;
  const kw =
    `kubeward check --json --timeout ${LIVE_TIMEOUT_S} on ${total} contexts (${silent} silent) ` +
    `${seconds(medianWall(result.kubeward))} (slowest ${seconds(slowest(result.kubeward))}, bound ${seconds(BOUND_MS)})`;
  if (!result.kubectl) return `live: ${kw}; kubectl absent, no ratio`;
  const kc = `kubectl auth whoami loop over ${total - silent} ${seconds(medianWall(result.kubectl))}`;
  return `live: ${kw} vs ${kc}; median ratio ${median(result.ratios).toFixed(2)} over ${rounds} alternating rounds`;
}
