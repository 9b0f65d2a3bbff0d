/**
 * Debian's Prometheus, Alertmanager and Pushgateway as real processes for the fleet tests: each on
 * 127.0.0.1 at a free port, with a temporary directory for its configuration and data
 * (test/support/temp.ts), ready when its `/-/ready` answers 200, and stopped (killed and waited
 * for) by `stop()` or, at the latest, when the test file ends. Without the program the test fails
 * with the apt command to run (scripts/prometheus.mjs), like the browser tests.
 *
 * Free ports come from the system (closedPort); another process may take one before the server
 * binds it, so a start that fails with "address already in use" is tried again on a new port.
 * Configurations are written as JSON, which the programs' YAML readers take as it is.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll } from 'vitest';
import { findPrometheusTool, type PrometheusTool } from '../../scripts/prometheus.mjs';
import { closedPort } from './ports';
import { tempDir } from './temp';

export interface PrometheusServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** HOST:PORT, as a scrape or alerting target. */
  address: string;
  /** Kills the process and waits for it; again is a no-op. */
  stop(): Promise<void>;
}

const READY_WITHIN_MS = 20_000;
const STOP_WITHIN_MS = 5_000;
const START_ATTEMPTS = 3;
/** How much of a server's output a failure quotes. */
const OUTPUT_TAIL = 4_000;

const running = new Set<PrometheusServer>();

// Registered after temp.ts's hook, so it runs before it: the processes are gone before their directories.
afterAll(async () => {
  await Promise.all([...running].map((server) => server.stop()));
});

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stopProcess(child: ChildProcess): Promise<void> {
  const gone = exited(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_WITHIN_MS);
  await gone;
  clearTimeout(timer);
}

async function answersReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

type Outcome = { server: PrometheusServer } | { portTaken: true } | { failed: string };

async function startOnce(tool: PrometheusTool, args: (address: string) => string[], dir: string): Promise<Outcome> {
  const binary = findPrometheusTool(tool);
  const address = `127.0.0.1:${await closedPort()}`;
  const url = `http://${address}`;
  const child = spawn(binary, args(address), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_TAIL));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let spawnError: Error | undefined;
  child.on('error', (error) => (spawnError = error));
  const server: PrometheusServer = {
    url,
    address,
    stop: () => stopProcess(child).then(() => void running.delete(server)),
  };
  running.add(server);

  const until = Date.now() + READY_WITHIN_MS;
  while (Date.now() < until && child.exitCode === null && child.signalCode === null && !spawnError) {
    if (await answersReady(url)) return { server };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await server.stop();
  if (/address already in use/i.test(output)) return { portTaken: true };
  const why = spawnError
    ? spawnError.message
    : child.exitCode !== null
      ? `exited with code ${child.exitCode}`
      : `not ready within ${READY_WITHIN_MS} ms`;
  return { failed: `${tool} (${binary} ${args(address).join(' ')}) ${why}:\n${output}` };
}

async function start(
  tool: PrometheusTool,
  args: (address: string) => string[],
  dir: string,
): Promise<PrometheusServer> {
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    const outcome = await startOnce(tool, args, dir);
    if ('server' in outcome) return outcome.server;
    if ('failed' in outcome) throw new Error(outcome.failed);
  }
  throw new Error(`${tool}: every port tried was taken before it could bind it`);
}

function writeConfig(dir: string, name: string, config: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** Prometheus with `config` (prometheus.yml's structure; rule_files may name files anywhere by absolute path). */
export function startPrometheus(config: unknown): Promise<PrometheusServer> {
  const dir = tempDir('prometheus');
  const configFile = writeConfig(dir, 'prometheus.yml', config);
  return start(
    'prometheus',
    (address) => [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=${address}`,
    ],
    dir,
  );
}

/** Alertmanager with `config` (alertmanager.yml's structure), not clustered: no gossip port, no peers. */
export function startAlertmanager(config: unknown): Promise<PrometheusServer> {
  const dir = tempDir('alertmanager');
  const configFile = writeConfig(dir, 'alertmanager.yml', config);
  return start(
    'alertmanager',
    (address) => [
      `--config.file=${configFile}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=${address}`,
      '--cluster.listen-address=',
    ],
    dir,
  );
}

/** A Pushgateway that keeps what it is pushed in memory only. */
export function startPushgateway(): Promise<PrometheusServer> {
  const dir = tempDir('pushgateway');
  // Debian's default persistence file is shared by every run: an empty one keeps the groups in memory only.
  return start('pushgateway', (address) => [`--web.listen-address=${address}`, '--persistence.file='], dir);
}

export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

/** An instant query through Prometheus's HTTP API; throws on an error answer. */
export async function queryPrometheus(server: PrometheusServer, expr: string): Promise<Sample[]> {
  const response = await fetch(`${server.url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
  const body = (await response.json()) as { status: string; error?: string; data?: { result: Sample[] } };
  if (body.status !== 'success' || !body.data) throw new Error(`query ${expr}: ${body.error ?? response.status}`);
  return body.data.result;
}
