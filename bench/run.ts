/**
 * `npm run bench`: times `kubeward check --offline --json` against `kubectl config get-contexts`
 * on the same generated kubeconfig, alternating in one run, and reports the median ratio
 * (target: at most TARGET_RATIO, issue 13's budget) and peak memory.
 *
 * Options: --rounds N (15), --contexts N (1000), --cli PATH (out/cli/kubeward.js),
 * --kubectl PATH (kubectl on PATH), --keep (keep the generated files). Besides the 30-context mixed
 * file, two files of --contexts contexts: certificate users sharing a small pool of keys, and
 * certificate users with keys of their own (RSA 2048, EC P-256, Ed25519: every key decoded).
 *
 * Then the live part (bench/live.ts): --live-rounds N (3), --skip-live, --live-only.
 * Then the desktop monitor (bench/monitor.ts): --idle-seconds N (60), --skip-monitor.
 * Then its background cost over a simulated day (bench/background.ts): --background-hours N (24), --skip-background.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Report } from '../shared/findings';
import { type GeneratedKubeconfig, writeBenchKubeconfig, writeMixedKubeconfig } from './generate';
import { type Kubectl, kubectlAt, resolveKubectl } from './kubectl';
import { type LiveResult, benchLive, pasteLive, printLive, withinBound } from './live';
import { type Measurement, type Runner, createRunner, findExecutable } from './measure';
import {
  type BackgroundResult,
  backgroundTargets,
  benchBackground,
  pasteBackground,
  printBackground,
} from './background';
import { type MonitorResult, benchMonitor, pasteMonitor, printMonitor, withinTarget } from './monitor';
import { median } from './stats';
import { RunFailed, countFindings, countLeaks, verifyKubectl, verifyKubeward } from './verify';

const TARGET_RATIO = 1.5;

interface Options {
  rounds: number;
  contexts: number;
  cli: string;
  kubectl: Kubectl | null;
  keep: boolean;
  liveRounds: number;
  offline: boolean;
  live: boolean;
  /** Seconds of idle time for the monitor's CPU figure; null skips the monitor part. */
  monitorIdleSeconds: number | null;
  /** Simulated hours of the desktop monitor's background work; null skips that part. */
  backgroundHours: number | null;
}

interface FileResult {
  file: GeneratedKubeconfig;
  kubectl: Measurement[] | null;
  kubeward: Measurement[];
  /** kubeward / kubectl wall time, per round. */
  ratios: number[];
  withoutAt: Measurement;
  report: Report;
}

function positiveInteger(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${flag} must be a positive integer, got ${value}`);
  return n;
}

/** An explicit --kubectl is timed as given; the one on PATH is looked through if it is a dispatcher. */
function kubectlOption(explicit: string | undefined): Kubectl | null {
  if (explicit) return kubectlAt(path.resolve(explicit));
  const found = findExecutable('kubectl');
  return found ? resolveKubectl(found) : null;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '15' },
      contexts: { type: 'string', default: '1000' },
      cli: { type: 'string', default: 'out/cli/kubeward.js' },
      kubectl: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'live-rounds': { type: 'string', default: '3' },
      'skip-live': { type: 'boolean', default: false },
      'live-only': { type: 'boolean', default: false },
      'idle-seconds': { type: 'string', default: '60' },
      'skip-monitor': { type: 'boolean', default: false },
      'background-hours': { type: 'string', default: '24' },
      'skip-background': { type: 'boolean', default: false },
    },
  });
  if (values['skip-live'] && values['live-only'])
    throw new RangeError('--skip-live and --live-only exclude each other');
  return {
    rounds: positiveInteger(values.rounds, '--rounds'),
    contexts: positiveInteger(values.contexts, '--contexts'),
    cli: path.resolve(values.cli),
    kubectl: kubectlOption(values.kubectl),
    keep: values.keep,
    liveRounds: positiveInteger(values['live-rounds'], '--live-rounds'),
    offline: !values['live-only'],
    live: !values['skip-live'],
    monitorIdleSeconds: values['skip-monitor'] ? null : positiveInteger(values['idle-seconds'], '--idle-seconds'),
    backgroundHours: values['skip-background']
      ? null
      : positiveInteger(values['background-hours'], '--background-hours'),
  };
}

function benchFile(runner: Runner, options: Options, file: GeneratedKubeconfig, atIso: string): FileResult {
  const kubewardArgs = [options.cli, 'check', '--offline', '--json', '--kubeconfig', file.path];
  const kubectlArgs = ['config', 'get-contexts', '--kubeconfig', file.path];
  const runKubeward = (extra: string[]): Measurement => {
    const m = runner.run(process.execPath, [...kubewardArgs, ...extra]);
    verifyKubeward(m, file.contexts);
    return m;
  };
  const runKubectl = (kubectl: Kubectl): Measurement => {
    const m = runner.run(kubectl.path, kubectlArgs);
    verifyKubectl(m, file.contexts);
    return m;
  };

  // One untimed run of each first: a cold page cache on the first start is not the subject.
  const report = verifyKubeward(runner.run(process.execPath, [...kubewardArgs, '--at', atIso]), file.contexts);
  if (options.kubectl) runKubectl(options.kubectl);

  const kubectl: Measurement[] = [];
  const kubeward: Measurement[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    // Alternate who goes first, so neither always runs right after the other warmed the machine up.
    const early = round % 2 === 1 ? runKubeward(['--at', atIso]) : null;
    const c = options.kubectl ? runKubectl(options.kubectl) : null;
    const k = early ?? runKubeward(['--at', atIso]);
    kubeward.push(k);
    if (c) {
      kubectl.push(c);
      ratios.push(k.wallMs / c.wallMs);
    }
  }
  const withoutAt = runKubeward([]);
  return { file, kubectl: options.kubectl ? kubectl : null, kubeward, ratios, withoutAt, report };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
const megabytes = (kb: number | null): string => (kb === null ? 'n/a' : `${(kb / 1024).toFixed(1)} MB`);
const peak = (ms: readonly Measurement[]): number | null =>
  ms.some((m) => m.peakRssKb === null) ? null : Math.max(...ms.map((m) => m.peakRssKb ?? 0));
const medianWall = (ms: readonly Measurement[]): number => median(ms.map((m) => m.wallMs));

function row(label: string, wall: string, rss: string): string {
  return `  ${label.padEnd(40)}${wall.padStart(12)}${rss.padStart(12)}`;
}

/** Planted findings against what kubeward found; anything else it found is listed as well. */
function findingsLine(result: FileResult): { line: string; matches: boolean } {
  const counts = countFindings(result.report);
  const expected = Object.entries(result.file.expected);
  const parts = expected.map(([rule, n]) => `${rule} ${counts.get(rule) ?? 0}/${n}`);
  const others = [...counts].filter(([rule]) => !(rule in result.file.expected)).map(([r, n]) => `${r} ${n}`);
  const matches = expected.every(([rule, n]) => (counts.get(rule) ?? 0) === n);
  const planted = parts.length ? `found/planted: ${parts.join(', ')}` : '';
  const also = others.length ? `${planted ? '; also found' : 'found'}: ${others.join(', ')}` : '';
  const line = planted + also || 'no findings';
  return { line, matches };
}

function printFile(result: FileResult, runner: Runner): void {
  const { file } = result;
  console.log(`\n${file.description}, ${(file.bytes / 1024 / 1024).toFixed(2)} MB: ${file.path}`);
  console.log(row('', 'median wall', 'peak RSS'));
  if (result.kubectl) {
    console.log(
      row('kubectl config get-contexts', seconds(medianWall(result.kubectl)), megabytes(peak(result.kubectl))),
    );
  }
  console.log(
    row('kubeward check --offline --json', seconds(medianWall(result.kubeward)), megabytes(peak(result.kubeward))),
  );
  console.log(
    row('kubeward without --at (one run)', seconds(result.withoutAt.wallMs), megabytes(result.withoutAt.peakRssKb)),
  );
  if (result.ratios.length) {
    const ratio = median(result.ratios);
    const spread = `${Math.min(...result.ratios).toFixed(2)}..${Math.max(...result.ratios).toFixed(2)}`;
    console.log(row('median ratio kubeward/kubectl', ratio.toFixed(2), '') + `   (per round ${spread})`);
  }
  const findings = findingsLine(result);
  console.log(`  ${findings.line}`);
  if (!findings.matches) console.log('  WARNING: kubeward did not report exactly the planted findings');
  if (!runner.measuresMemory) console.log('  (GNU time not found at /usr/bin/time: peak RSS not measured)');
}

/** One line per file, for a note or a pull request. */
function pasteLine(result: FileResult, rounds: number): string {
  const kw = `kubeward check --offline --json ${seconds(medianWall(result.kubeward))} (peak RSS ${megabytes(peak(result.kubeward))})`;
  if (!result.kubectl) return `${result.file.description}: ${kw}; kubectl absent, no ratio`;
  const kc = `kubectl config get-contexts ${seconds(medianWall(result.kubectl))} (peak RSS ${megabytes(peak(result.kubectl))})`;
  return `${result.file.description}: ${kw} vs ${kc}; median ratio ${median(result.ratios).toFixed(2)} over ${rounds} alternating rounds`;
}

interface OfflineResults {
  results: FileResult[];
  leaks: number;
}

async function benchOffline(
  runner: Runner,
  options: Options,
  dir: string,
  atIso: string,
  at: number,
): Promise<OfflineResults> {
  const started = process.hrtime.bigint();
  const large = await writeBenchKubeconfig(path.join(dir, 'bench'), at, {
    contexts: options.contexts,
    distinctKeys: false,
  });
  const ownKeys = await writeBenchKubeconfig(path.join(dir, 'own-keys'), at, {
    contexts: options.contexts,
    distinctKeys: true,
  });
  const mixed = await writeMixedKubeconfig(path.join(dir, 'mixed'), at);
  console.log(`generated in ${seconds(Number(process.hrtime.bigint() - started) / 1e6)} into ${dir}`);
  const results = [large, ownKeys, mixed].map((file) => benchFile(runner, options, file, atIso));
  for (const result of results) printFile(result, runner);
  const leaks = results.reduce(
    (n, r) =>
      n + countLeaks(r.kubeward[0]?.stdout ?? '', r.file.secrets) + countLeaks(r.withoutAt.stdout, r.file.secrets),
    0,
  );
  console.log(`\nsecrets in the JSON output: ${leaks === 0 ? 'none' : `${leaks} LEAKED`}`);
  return { results, leaks };
}

async function main(): Promise<number> {
  const options = readOptions();
  if (!existsSync(options.cli)) {
    console.error(`kubeward is not built: ${options.cli} does not exist (run \`npm run build\`)`);
    return 2;
  }
  if (!options.kubectl) console.log('kubectl not found on PATH: timing kubeward alone, no ratio (use --kubectl PATH)');

  // One fixed instant for the whole run: the planted expiries are relative to it and every timed run uses it.
  const at = Math.floor(Date.now() / 60_000) * 60_000;
  const atIso = new Date(at).toISOString();
  const dir = mkdtempSync(path.join(tmpdir(), 'kubeward-bench-'));
  const runner = createRunner();
  try {
    const versions = [`node ${process.version}`, options.kubectl ? `kubectl ${options.kubectl.version}` : null];
    const rounds = options.offline ? `, ${options.rounds} alternating rounds` : '';
    const setup = `${versions.filter(Boolean).join(', ')}, ${cpus().length} CPUs${rounds}`;
    console.log(`kubeward bench: ${setup}, --at ${atIso}`);
    if (options.kubectl?.note) console.log(`note: ${options.kubectl.note}`);
    const offline = options.offline ? await benchOffline(runner, options, dir, atIso, at) : null;
    const live: LiveResult | null = options.live
      ? await benchLive(runner, { rounds: options.liveRounds, cli: options.cli, kubectl: options.kubectl }, dir)
      : null;
    if (live) printLive(live);
    const idleSeconds = options.monitorIdleSeconds;
    const monitor: MonitorResult[] =
      idleSeconds === null
        ? []
        : await benchMonitor({ cli: options.cli, contexts: options.contexts, idleSeconds, replaces: 5 }, dir);
    printMonitor(monitor);
    const background: BackgroundResult | null =
      options.backgroundHours === null
        ? null
        : await benchBackground(path.join(dir, 'background'), { hours: options.backgroundHours });
    if (background) printBackground(background);

    console.log('\n--- paste ---');
    console.log(`kubeward bench (${setup}):`);
    for (const result of offline?.results ?? []) console.log(pasteLine(result, options.rounds));
    if (live) console.log(pasteLive(live, options.liveRounds));
    for (const result of monitor) console.log(pasteMonitor(result));
    if (background) console.log(pasteBackground(background));

    let failed = false;
    if ((offline?.leaks ?? 0) > 0 || (live?.leaks ?? 0) > 0) failed = true;
    // The files of --contexts contexts: a pooled key set and keys of their own.
    for (const headline of offline?.results.slice(0, 2) ?? []) {
      if (headline.ratios.length && median(headline.ratios) > TARGET_RATIO) {
        console.log(
          `\nABOVE TARGET: the median ratio on ${headline.file.description} must be at most ${TARGET_RATIO.toFixed(2)}`,
        );
        failed = true;
      }
    }
    if (live && !withinBound(live)) {
      console.log('\nOVER THE BOUND: a live check must finish within the per-probe timeout + 1 s');
      failed = true;
    }
    if (monitor.some((r) => r.leaks > 0)) failed = true;
    const slowWatch = monitor.find((r) => !withinTarget(r));
    if (slowWatch) {
      console.log(
        `\nOVER TARGET: kubeward watch on ${slowWatch.file.contexts} contexts must alert within 1 s of a change`,
      );
      failed = true;
    }
    const missed = background ? backgroundTargets(background.perContext).filter((t) => !t.met) : [];
    for (const target of missed) {
      console.log(`\nNOT MET in the background: ${target.label}`);
      failed = true;
    }
    return failed ? 1 : 0;
  } catch (error) {
    if (!(error instanceof RunFailed)) throw error;
    console.error(`bench aborted: ${error.message}`);
    return 2;
  } finally {
    runner.dispose();
    if (options.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
