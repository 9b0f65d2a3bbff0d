/**
 * One kubeconfig's verdict, from kubectl and from kubeward, in a form the two can be compared in.
 *
 * kubectl's verdict comes from two runs of the real binary on the file:
 * - `kubectl get --raw /version` with every connection sent to a proxy on 127.0.0.1:1 (HTTPS_PROXY,
 *   HTTP_PROXY) and stdin closed. It loads the file (clientcmd.Load), validates the current context
 *   (validation.go), builds the credential, and then fails to connect, so how it fails says how far it got:
 *   `error loading config file` (load-error), a validation or file error before any request (refused), the
 *   username prompt reading EOF (prompt: no credential over https), net/http refusing the Authorization
 *   header (unsendable), or the refused connection (sends).
 * - `kubectl config view --raw -o json`: the file as kubectl decoded it, for the current context's
 *   credential fields and a digest of their values (never the values themselves).
 *
 * kubeward's verdict comes from its own offline check of the same file (gatherSnapshot and diagnose on the
 * current context), read back from the findings it raises.
 *
 * A server on 127.0.0.1 or localhost is not proxied by Go: inputs keep their servers on port 1.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gatherSnapshot } from '../../electron/core/check/snapshot';
import { DEFAULT_EXPIRY_WARNING_WINDOWS } from '../../shared/defaults';
import { diagnose } from '../../shared/diagnose';
import type { Finding } from '../../shared/findings';
import type { User } from '../../shared/kubeconfig/model';
import { KUBECTL } from '../fixtures/kubectl';
import { hostWith } from './host';

/** How far kubectl gets with the file before it would talk to the server. */
type Outcome = 'load-error' | 'refused' | 'prompt' | 'unsendable' | 'sends';

export interface Verdict {
  outcome: Outcome;
  /** For `refused`: kubectl's error lines, the file's path written as FILE. */
  messages?: string[];
  /** Unless `load-error`: the current context's user fields that carry a credential, and a digest of their values. */
  credential?: { fields: string[]; digest: string };
}

/** A corpus entry: test/fixtures/differential/<class>.json holds a list of these. */
export interface CorpusEntry {
  name: string;
  /** The kubeconfig's text. */
  input: string;
  /** What kubectl said about it when the entry was recorded (`recordKubectlVerdict`). */
  kubectl: Verdict;
}

/** Credential fields of a user entry, by kubectl's JSON names, with kubeward's model names. */
const CREDENTIAL_FIELDS = [
  ['client-certificate', 'clientCertificate'],
  ['client-certificate-data', 'clientCertificateData'],
  ['client-key', 'clientKey'],
  ['client-key-data', 'clientKeyData'],
  ['token', 'token'],
  ['tokenFile', 'tokenFile'],
  ['username', 'username'],
  ['password', 'password'],
] as const;

function credentialOf(values: [string, string][]): Verdict['credential'] {
  const sorted = values.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const digest = createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
  return { fields: sorted.map(([field]) => field), digest };
}

type KubectlUser = Record<string, unknown>;

function kubectlCredential(user: KubectlUser | undefined): Verdict['credential'] {
  const values: [string, string][] = [];
  for (const [field] of CREDENTIAL_FIELDS) {
    const value = user?.[field];
    if (typeof value === 'string' && value !== '') values.push([field, value]);
  }
  const exec = user?.exec as { command?: string } | undefined;
  if (exec) values.push(['exec', exec.command ?? '']);
  const provider = user?.['auth-provider'] as { name?: string } | undefined;
  if (provider) values.push(['auth-provider', provider.name ?? '']);
  return credentialOf(values);
}

function kubewardCredential(user: User | undefined): Verdict['credential'] {
  const values: [string, string][] = [];
  for (const [field, key] of CREDENTIAL_FIELDS) {
    const value = user?.[key];
    if (value !== undefined && value !== '') values.push([field, value]);
  }
  if (user?.exec) values.push(['exec', user.exec.command]);
  if (user?.authProvider) values.push(['auth-provider', user.authProvider.name]);
  return credentialOf(values);
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], home: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      KUBECTL ?? 'kubectl',
      args,
      {
        encoding: 'utf8',
        timeout: 20_000,
        maxBuffer: 64 * 1024 * 1024,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: home,
          HTTPS_PROXY: 'http://127.0.0.1:1',
          HTTP_PROXY: 'http://127.0.0.1:1',
        },
      },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}

/** kubectl's error lines: `error: ` and the aggregate's `* ` dropped, the path as FILE, no entry dumps. */
function errorLines(stderr: string, file: string): string[] {
  return stderr
    .split('\n')
    .map((line) => line.replace(/^error: /, '').replace(/^\* /, ''))
    .filter((line) => line !== '' && line !== 'Error in configuration: ')
    .map((line) => line.replaceAll(file, 'FILE').replace(/ in list: \[.*$/, ' in list'));
}

const CONNECTING = /connection to the server .* was refused|connect: connection refused|proxyconnect/;

function outcomeOf({ stdout, stderr }: Run): Outcome {
  if (stderr.includes('error loading config file')) return 'load-error';
  // The prompt goes to stdout, and reading the closed stdin ends it with EOF.
  if (stdout.includes('Please enter Username')) return 'prompt';
  if (stderr.includes('invalid header field value')) return 'unsendable';
  if (CONNECTING.test(stderr)) return 'sends';
  return 'refused';
}

/** Asks the real kubectl about this kubeconfig text; the file is written into `dir` (a temp dir the caller owns). */
export async function kubectlVerdict(input: string, dir: string, name = 'kubeconfig'): Promise<Verdict> {
  const file = path.join(dir, name);
  writeFileSync(file, input, { mode: 0o600 });
  const request = await run(['--kubeconfig', file, 'get', '--raw', '/version', '--request-timeout=5s'], dir);
  const outcome = outcomeOf(request);
  if (outcome === 'load-error') return { outcome };
  const view = await run(['--kubeconfig', file, 'config', 'view', '--raw', '-o', 'json'], dir);
  const config = JSON.parse(view.stdout) as {
    'current-context'?: string;
    contexts?: { name: string; context?: { user?: string } }[];
    users?: { name: string; user?: KubectlUser }[];
  };
  const context = config.contexts?.find((c) => c.name === config['current-context']);
  const user = config.users?.find((u) => u.name === context?.context?.user)?.user;
  const verdict: Verdict = { outcome, credential: kubectlCredential(user) };
  if (outcome === 'refused') verdict.messages = errorLines(request.stderr, file);
  return verdict;
}

/** The findings that mean kubectl stops before any request, and the outcome each stands for. */
const OUTCOME_BY_RULE: Record<string, Outcome> = {
  'kubeconfig-invalid': 'load-error',
  'context-config-invalid': 'refused',
  'context-missing': 'refused',
  'cluster-server-missing': 'refused',
  'file-reference-missing': 'refused',
  'credentials-missing': 'prompt',
  'client-cert-invalid': 'refused',
  'client-cert-key-mismatch': 'refused',
  'cluster-ca-invalid': 'refused',
  'token-invalid-header': 'unsendable',
};

/** kubectl's words a finding quotes: its `kubectl` evidence, or the `(kubectl: "...")` that ends a decoder's reason. */
function kubectlWords(finding: Finding): string | undefined {
  const { kubectl, reason } = finding.evidence;
  if (typeof kubectl === 'string') return kubectl;
  return typeof reason === 'string' ? /\(kubectl: "(.*)"\)$/.exec(reason)?.[1] : undefined;
}

const OUTCOME_ORDER: Outcome[] = ['load-error', 'refused', 'prompt', 'unsendable', 'sends'];

/** kubeward's verdict on the same text: its offline check of the current context, read from the findings. */
export async function kubewardVerdict(input: string, dir: string, name = 'kubeconfig'): Promise<Verdict> {
  const file = path.join(dir, name);
  writeFileSync(file, input, { mode: 0o600 });
  const host = hostWith(dir);
  const snapshot = await gatherSnapshot({ kubeconfig: file, host });
  const report = diagnose(
    snapshot,
    { now: Date.now(), expiryWarningWindows: DEFAULT_EXPIRY_WARNING_WINDOWS, platform: host.platform },
    { kind: 'current' },
  );
  const findings: Finding[] = [...report.findings, ...report.contexts.flatMap((c) => c.findings)];
  const { config } = snapshot;
  const current = config.currentContext === undefined ? undefined : config.contexts.get(config.currentContext);
  const clusterName = current?.value.cluster;
  const server = clusterName === undefined ? undefined : config.clusters.get(clusterName)?.value.server;
  // kubectl prompts only over TLS (restclient.IsConfigTransportTLS); over http it sends nothing.
  const overHttp = server?.startsWith('http://') ?? false;
  const outcomes = findings
    .map((f) => (f.rule === 'credentials-missing' && overHttp ? undefined : OUTCOME_BY_RULE[f.rule]))
    .filter((o): o is Outcome => o !== undefined);
  const outcome = OUTCOME_ORDER.find((o) => outcomes.includes(o)) ?? 'sends';
  if (outcome === 'load-error') return { outcome };
  const userName = current?.value.user;
  const verdict: Verdict = {
    outcome,
    credential: kubewardCredential(userName === undefined ? undefined : config.users.get(userName)?.value),
  };
  if (outcome === 'refused') {
    verdict.messages = findings.flatMap((f) => {
      const said = kubectlWords(f);
      return said === undefined ? [] : [said.replaceAll(file, 'FILE')];
    });
  }
  return verdict;
}

/**
 * Where two verdicts differ, in words, or undefined when they agree: the same outcome, the same credential,
 * and for `refused` every reason kubeward gives in kubectl's words is one kubectl gave.
 */
export function verdictDifference(kubectl: Verdict, kubeward: Verdict): string | undefined {
  if (kubectl.outcome !== kubeward.outcome) return `outcome: kubectl ${kubectl.outcome}, kubeward ${kubeward.outcome}`;
  if (JSON.stringify(kubectl.credential) !== JSON.stringify(kubeward.credential)) {
    return `credential: kubectl ${JSON.stringify(kubectl.credential)}, kubeward ${JSON.stringify(kubeward.credential)}`;
  }
  const unknown = (kubeward.messages ?? []).filter((m) => !(kubectl.messages ?? []).includes(m));
  if (unknown.length > 0) return `messages kubectl did not give: ${unknown.join('; ')}`;
  return undefined;
}
