/**
 * The desktop-monitor part of `npm run bench` (issue 4): `kubeward watch --json --offline` as a
 * real process on the 1000-context file (and the 30-context one for comparison). After its first
 * check it idles for a minute, read from /proc (RSS, peak RSS, CPU time); then the kubeconfig is
 * atomically replaced a few times, each time with one token swapped for a soon-expiring one, and
 * the time from the rename to the new alert line is the change-to-alert latency (target < 1 s).
 */
import { type ChildProcessByStdio, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { serviceAccountToken } from '../test/fixtures/jwt';
import { type GeneratedKubeconfig, writeBenchKubeconfig, writeMixedKubeconfig } from './generate';
import { median } from './stats';
import { RunFailed, countLeaks } from './verify';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const LATENCY_TARGET_MS = 1000;
/** How long any one line may take before the run counts as broken. */
const LINE_TIMEOUT_MS = 30_000;

export interface MonitorOptions {
  cli: string;
  contexts: number;
  idleSeconds: number;
  replaces: number;
}

/** From /proc: Linux only. */
export interface Resources {
  rssAfterCheckKb: number;
  rssAfterIdleKb: number;
  peakRssKb: number;
  idleCpuMs: number;
  idleMs: number;
}

export interface MonitorResult {
  file: GeneratedKubeconfig;
  firstCheckMs: number;
  resources: Resources | null;
  latenciesMs: number[];
  leaks: number;
}

interface Line {
  at: number;
  json: { type: string; [key: string]: unknown };
}

/** The watch process's output as timestamped JSON lines. */
class Watched {
  readonly lines: Line[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private buffered = '';

  constructor(readonly child: ChildProcessByStdio<null, Readable, Readable>) {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const at = performance.now();
      const complete = (this.buffered + chunk).split('\n');
      this.buffered = complete.pop() ?? '';
      for (const text of complete) this.lines.push({ at, json: JSON.parse(text) as Line['json'] });
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  count(type: string): number {
    return this.lines.filter((l) => l.json.type === type).length;
  }

  /** The first line of this type past the first `after` lines. */
  async next(type: string, after: number): Promise<Line> {
    const deadline = Date.now() + LINE_TIMEOUT_MS;
    for (;;) {
      const found = this.lines.slice(after).find((l) => l.json.type === type);
      if (found) return found;
      if (Date.now() > deadline || this.child.exitCode !== null)
        throw new RunFailed(`kubeward watch printed no ${type} line; stderr: ${this.stderr.trim() || '(empty)'}`);
      await sleep(5);
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const clockTicks = (): number => Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** utime + stime in clock ticks: fields 14 and 15 of /proc/PID/stat, counted after the `(comm)` field. */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new RunFailed(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

/** Swaps the `index`-th token for a week-long ServiceAccount token that expires in 2 hours: a new credential to alert on. */
async function withExpiringToken(text: string, index: number): Promise<string> {
  const tokens = [...text.matchAll(/^(\s+token: )\S+$/gm)];
  const target = tokens[index % tokens.length];
  if (target?.index === undefined) throw new RunFailed('the kubeconfig has no token user to change');
  const now = Date.now();
  const token = await serviceAccountToken({
    namespace: 'bench',
    name: `replaced-${index}`,
    issuedAt: now - 7 * DAY + 2 * HOUR,
    lifetime: 7 * DAY,
  });
  return text.slice(0, target.index) + `${target[1]}${token}` + text.slice(target.index + target[0].length);
}

async function measureLatency(watched: Watched, file: string, index: number): Promise<number> {
  const temp = path.join(path.dirname(file), `.config-${index}.tmp`);
  writeFileSync(temp, await withExpiringToken(readFileSync(file, 'utf8'), index), { mode: 0o600 });
  const seen = watched.lines.length;
  const renamed = performance.now();
  renameSync(temp, file);
  const alert = await watched.next('alert', seen);
  if (alert.json.rule !== 'token-expiring')
    throw new RunFailed(`expected a token-expiring alert, got ${JSON.stringify(alert.json)}`);
  // Let that check finish, so the next replace does not land in the middle of it.
  await watched.next('check', watched.lines.indexOf(alert));
  return alert.at - renamed;
}

async function benchFile(options: MonitorOptions, file: GeneratedKubeconfig, home: string): Promise<MonitorResult> {
  // Outside the kubeconfig's directory, which the monitor watches.
  mkdirSync(home, { recursive: true });
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [options.cli, 'watch', '--json', '--offline', '--kubeconfig', file.path, '--state', path.join(home, 'state.json')],
    { env: { PATH: process.env.PATH, HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const watched = new Watched(child);
  const pid = child.pid;
  try {
    const first = await watched.next('check', 0);
    if (first.json.contexts !== file.contexts)
      throw new RunFailed(`kubeward watch checked ${String(first.json.contexts)} contexts, expected ${file.contexts}`);
    const firstCheckMs = first.at - started;

    let resources: Resources | null = null;
    if (process.platform === 'linux' && pid !== undefined) {
      const rssAfterCheckKb = statusKb(pid, 'VmRSS');
      const ticksBefore = cpuTicks(pid);
      const idleStart = performance.now();
      await sleep(options.idleSeconds * 1000);
      const idleMs = performance.now() - idleStart;
      const idleCpuMs = ((cpuTicks(pid) - ticksBefore) * 1000) / clockTicks();
      resources = { rssAfterCheckKb, rssAfterIdleKb: statusKb(pid, 'VmRSS'), peakRssKb: 0, idleCpuMs, idleMs };
    }

    const latenciesMs: number[] = [];
    for (let i = 0; i < options.replaces; i++) latenciesMs.push(await measureLatency(watched, file.path, i));
    if (resources && pid !== undefined) resources.peakRssKb = statusKb(pid, 'VmHWM');

    child.kill('SIGTERM');
    const code = await watched.exited;
    if (code !== 0) throw new RunFailed(`kubeward watch exited with ${String(code)} on SIGTERM: ${watched.stderr}`);
    if (watched.stderr !== '') throw new RunFailed(`kubeward watch wrote to stderr: ${watched.stderr.trim()}`);
    const leaks = countLeaks(JSON.stringify(watched.lines.map((l) => l.json)), file.secrets);
    return { file, firstCheckMs, resources, latenciesMs, leaks };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/**
 * Files of its own, planted relative to now: the offline part's files are minutes old by now,
 * and a token entering its expiry warning window during the run would be an alert nobody caused.
 * One file after the other: the CPU figures must not include the other watcher's work.
 */
export async function benchMonitor(options: MonitorOptions, dir: string): Promise<MonitorResult[]> {
  if (process.platform !== 'linux')
    console.log(`\nkubeward watch: RSS and CPU are read from /proc, not measured on ${process.platform}`);
  const now = Date.now();
  const files = [
    await writeBenchKubeconfig(path.join(dir, 'monitor-large'), now, {
      contexts: options.contexts,
      distinctKeys: false,
    }),
    await writeMixedKubeconfig(path.join(dir, 'monitor-mixed'), now),
  ];
  const results: MonitorResult[] = [];
  for (const [i, file] of files.entries())
    results.push(await benchFile(options, file, path.join(dir, `monitor-home-${i}`)));
  return results;
}

const mb = (kb: number): string => `${(kb / 1024).toFixed(1)} MB`;
const ms = (value: number): string => `${Math.round(value)} ms`;

export function withinTarget(result: MonitorResult): boolean {
  return Math.max(...result.latenciesMs) < LATENCY_TARGET_MS;
}

export function printMonitor(results: readonly MonitorResult[]): void {
  for (const r of results) {
    console.log(`\nkubeward watch --json --offline, ${r.file.description}`);
    console.log(`  first check line ${ms(r.firstCheckMs)} after the spawn`);
    if (r.resources) {
      const { rssAfterCheckKb, rssAfterIdleKb, peakRssKb } = r.resources;
      console.log(`  RSS ${mb(rssAfterCheckKb)} after the first check, ${mb(rssAfterIdleKb)} after the idle time`);
      console.log(`  peak RSS (VmHWM) ${mb(peakRssKb)}; idle CPU ${idleCpu(r.resources)}`);
    }
    const verdict = withinTarget(r) ? 'ok' : 'OVER TARGET';
    console.log(
      `  change-to-alert latency per replace: ${r.latenciesMs.map(ms).join(', ')} (target < ${ms(LATENCY_TARGET_MS)}: ${verdict})`,
    );
    console.log(`  secrets in the watch output: ${r.leaks === 0 ? 'none' : `${r.leaks} LEAKED`}`);
  }
}

function idleCpu({ idleCpuMs, idleMs }: Resources): string {
  return `${((idleCpuMs / idleMs) * 100).toFixed(2)}% (${ms(idleCpuMs)}) over ${Math.round(idleMs / 1000)} s idle`;
}

export function pasteMonitor(r: MonitorResult): string {
  const resources = r.resources
    ? `RSS ${mb(r.resources.rssAfterCheckKb)} after the first check (peak ${mb(r.resources.peakRssKb)}), CPU ${idleCpu(r.resources)}`
    : 'RSS and CPU not measured (no /proc)';
  const latency = `change-to-alert latency median ${ms(median(r.latenciesMs))}, max ${ms(Math.max(...r.latenciesMs))} over ${r.latenciesMs.length} atomic replaces`;
  return `kubeward watch, ${r.file.contexts} contexts: ${resources}, ${latency}`;
}
