/**
 * The background-cost part of `npm run bench` (issue 15): the desktop monitor, in this process,
 * as the app wires it (DesktopExecPolicy, every plugin approved, probes off: the subject is the
 * plugins and the schedule, and the generated servers do not exist) on bench/background-config.ts's
 * 30 contexts, over a simulated day. Time is passed in: the monitor's clock, the policy's clock and
 * the stand-ins' clock file all read the simulated instant, and the schedule's timer is node-cron's
 * own matcher stepped minute by minute instead of a real timer. File events (kubelogin writing its
 * refreshed cache) are real and start real checks, which run at the simulated instant.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTask } from 'node-cron';
import { DEFAULT_SCHEDULE } from '../shared/defaults';
import type { MonitorPlatform } from '../shared/monitor';
import { DesktopExecPolicy, pluginFingerprint } from '../electron/core/exec/policy';
import { Monitor, type Scheduler } from '../electron/core/monitor/monitor';
import {
  type BackgroundWorld,
  type PluginContext,
  type SpawnRecord,
  readSpawns,
  setSimulatedTime,
  writeBackgroundWorld,
} from './background-config';
import { RunFailed, countFindings } from './verify';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** How long no check may start after the last one before the simulated minute is over (file events are real-time). */
const QUIET_MS = 200;
const CHECK_TIMEOUT_MS = 60_000;

export interface BackgroundOptions {
  hours: number;
  schedule?: string;
}

export interface ContextSpawns {
  plugin: PluginContext;
  spawns: SpawnRecord[];
  /** Spawns while the credential the previous spawn printed had not yet expired. */
  early: number;
  /** Spawns that went for a browser login. */
  browser: number;
}

export interface BackgroundResult {
  world: BackgroundWorld;
  /** The simulated day's first instant, epoch ms. */
  startedAt: number;
  hours: number;
  schedule: string;
  timerFires: number;
  checks: number;
  failedChecks: string[];
  /** Notifications shown, by the rule they are about ("summary" for one that stands for several), with their contexts. */
  notifications: Map<string, string[]>;
  perContext: ContextSpawns[];
  /** The findings of the last check, by rule: what the tray shows at the end of the day. */
  finalFindings: Map<string, number>;
  /** This process (the monitor), user + system, µs. */
  monitorCpuMicros: number;
  /** The stand-in plugin processes this process waited for, ms (Linux: /proc/self/stat); null elsewhere. */
  pluginCpuMs: number | null;
  wallMs: number;
}

/** Each plugin context's spawns, in order, with those that came before its credential expired. */
export function accountSpawns(
  world: Pick<BackgroundWorld, 'plugins'>,
  spawns: readonly SpawnRecord[],
): ContextSpawns[] {
  return world.plugins.map((plugin) => {
    const own = spawns.filter((s) => s.plugin === plugin.kind && s.key === plugin.key).sort((a, b) => a.at - b.at);
    let early = 0;
    let validUntil: number | undefined;
    for (const spawn of own) {
      // client-go's credsExpired: a credential is used until now is after its expiry.
      if (validUntil !== undefined && spawn.at <= validUntil) early++;
      validUntil = spawn.expiresAt;
    }
    return { plugin, spawns: own, early, browser: own.filter((s) => s.outcome === 'browser').length };
  });
}

export interface Target {
  label: string;
  met: boolean;
  detail: string;
}

export function backgroundTargets(perContext: readonly ContextSpawns[]): Target[] {
  const early = perContext.filter((c) => c.early > 0);
  const needsBrowser = perContext.filter((c) => c.plugin.cache?.startsWith('browser'));
  const browserRuns = needsBrowser.filter((c) => c.spawns.length > 0);
  const list = (cs: readonly ContextSpawns[], n: (c: ContextSpawns) => number) =>
    cs.map((c) => `${c.plugin.context} ${n(c)}`).join(', ');
  return [
    {
      label: 'at most one plugin spawn per credential lifetime per context',
      met: early.length === 0,
      detail: early.length ? `spawned before the credential expired: ${list(early, (c) => c.early)}` : '',
    },
    {
      label: 'no spawn of an interactive plugin whose cache needs a browser',
      met: browserRuns.length === 0,
      detail: browserRuns.length ? `spawned: ${list(browserRuns, (c) => c.spawns.length)}` : '',
    },
  ];
}

/** utime + stime of waited-for children (cutime, cstime: fields 16 and 17 of /proc/self/stat), ms. */
function childCpuMs(): number | null {
  if (process.platform !== 'linux') return null;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // USER_HZ is 100 on every Linux build that matters here.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts checks as the monitor shows them: the tray says "checking" at the start, onChecked at the end. */
class CheckCounter {
  started = 0;
  finished = 0;
  readonly failed: string[] = [];

  /** Until every started check has finished and none started for QUIET_MS. */
  async settle(): Promise<void> {
    const deadline = Date.now() + CHECK_TIMEOUT_MS;
    for (;;) {
      const seen = this.started;
      await sleep(QUIET_MS);
      if (this.started === seen && this.finished === this.started) return;
      if (Date.now() > deadline) throw new RunFailed('a background check did not finish within a minute');
    }
  }
}

export async function benchBackground(dir: string, options: BackgroundOptions): Promise<BackgroundResult> {
  const schedule = options.schedule ?? DEFAULT_SCHEDULE;
  const start = Math.floor(Date.now() / HOUR) * HOUR;
  const world = await writeBackgroundWorld(dir, start);
  let now = start;
  const clock = () => now;

  const timers: { matches: (at: Date) => boolean; fire: () => void; live: boolean }[] = [];
  const scheduler: Scheduler = (expression, fire) => {
    // node-cron's own matcher, never started: the bench steps it through simulated minutes.
    const task = createTask(expression, () => undefined);
    const timer = { matches: (at: Date) => task.match(at), fire, live: true };
    timers.push(timer);
    return {
      destroy: () => {
        timer.live = false;
        return task.destroy();
      },
    };
  };
  const counter = new CheckCounter();
  const notifications = new Map<string, string[]>();
  const ui: MonitorPlatform = {
    showTray: (model) => {
      if (model.checking) counter.started++;
    },
    notify: (n) => {
      const rule = n.target?.rule ?? 'summary';
      notifications.set(rule, [...(notifications.get(rule) ?? []), n.target?.context ?? `${n.count ?? 0} alerts`]);
    },
    openWindow: () => undefined,
  };
  const fingerprint = pluginFingerprint(randomBytes(32));
  const approved = new Set(world.execs.map(fingerprint));
  const policy = new DesktopExecPolicy({ approved: () => approved, fingerprint, now: clock });
  const monitor = new Monitor({
    kubeconfig: world.kubeconfig,
    host: {
      env: {
        PATH: world.binDir,
        HOME: world.home,
        KUBEWARD_BENCH_CLOCK: world.clockFile,
        KUBEWARD_BENCH_SPAWNS: world.spawnLog,
      },
      homeDir: world.home,
      platform: 'linux',
    },
    offline: false,
    timeoutMs: 10_000,
    schedule,
    scheduler,
    statePath: path.join(dir, 'state.json'),
    ui,
    execPolicy: policy,
    pluginFingerprint: fingerprint,
    clock,
    probesOff: new Set(world.clusters),
    debounceMs: 50,
    onChecked: (result) => {
      counter.finished++;
      if ('error' in result) counter.failed.push(result.error);
    },
  });

  const cpuBefore = process.cpuUsage();
  const childBefore = childCpuMs();
  const wallStart = performance.now();
  let timerFires = 0;
  try {
    // The first check starts before there is a tray to say "checking" on.
    counter.started++;
    await monitor.start();
    await counter.settle();
    for (let minute = 1; minute <= options.hours * 60; minute++) {
      now = start + minute * MINUTE;
      setSimulatedTime(world.clockFile, now);
      const due = timers.filter((t) => t.live && t.matches(new Date(now)));
      for (const timer of due) timer.fire();
      timerFires += due.length;
      if (due.length) await counter.settle();
    }
  } finally {
    await monitor.stop();
  }
  const last = monitor.lastReport();
  const cpu = process.cpuUsage(cpuBefore);
  const childAfter = childCpuMs();
  return {
    world,
    startedAt: start,
    hours: options.hours,
    schedule,
    timerFires,
    checks: counter.finished,
    failedChecks: counter.failed,
    notifications,
    perContext: accountSpawns(world, readSpawns(world.spawnLog)),
    finalFindings: last ? countFindings(last) : new Map(),
    monitorCpuMicros: cpu.user + cpu.system,
    pluginCpuMs: childBefore === null || childAfter === null ? null : childAfter - childBefore,
    wallMs: performance.now() - wallStart,
  };
}

const perHour = (n: number, hours: number): string => (n / hours).toFixed(2);

function spawnTotals(result: BackgroundResult): string {
  const kinds = ['aws', 'gke', 'kubelogin'] as const;
  return kinds
    .map((kind) => {
      const of = result.perContext.filter((c) => c.plugin.kind === kind);
      const n = of.reduce((sum, c) => sum + c.spawns.length, 0);
      const browser = of.reduce((sum, c) => sum + c.browser, 0);
      return `${kind} ${n}${browser ? ` (${browser} browser logins)` : ''}`;
    })
    .join(', ');
}

function cpuLine(result: BackgroundResult): string {
  const monitor = result.monitorCpuMicros / 1e6;
  const plugins =
    result.pluginCpuMs === null
      ? 'plugin processes not measured (no /proc)'
      : `plugin processes ${(result.pluginCpuMs / 1000).toFixed(2)} s (${perHour(result.pluginCpuMs / 1000, result.hours)} s/h)`;
  return `monitor ${monitor.toFixed(2)} s (${perHour(monitor, result.hours)} s/h), ${plugins}`;
}

export function printBackground(result: BackgroundResult): void {
  const { hours } = result;
  console.log(
    `\nbackground cost: desktop monitor in-process, ${result.world.contexts} contexts (10 EKS, 5 GKE, 5 kubelogin, 10 static), ` +
      `schedule ${result.schedule}, ${hours} simulated hours in ${(result.wallMs / 1000).toFixed(1)} s`,
  );
  const fileChecks = result.checks - result.timerFires - 1;
  console.log(
    `  wake-ups: ${result.timerFires} timer fires (${perHour(result.timerFires, hours)}/h), ${result.checks} checks ` +
      `(${perHour(result.checks, hours)}/h: the first, ${result.timerFires} scheduled, ${fileChecks} after file changes)`,
  );
  if (result.failedChecks.length) console.log(`  checks that could not run: ${result.failedChecks.length}`);
  const shown = [...result.notifications]
    .map(([rule, about]) => `${rule} ${about.length} (${[...new Set(about)].join(', ')})`)
    .join('; ');
  console.log(`  notifications by rule: ${shown || 'none'}`);
  const final = [...result.finalFindings].map(([rule, n]) => `${rule} ${n}`).join(', ');
  console.log(`  findings of the last check: ${final || 'none'}`);
  console.log(`  exec plugin spawns: ${spawnTotals(result)}`);
  console.log(`  ${'context'.padEnd(56)}${'spawns'.padStart(8)}${'per h'.padStart(8)}${'early'.padStart(7)}  cache`);
  for (const c of result.perContext) {
    console.log(
      `  ${c.plugin.context.padEnd(56)}${String(c.spawns.length).padStart(8)}${perHour(c.spawns.length, hours).padStart(8)}` +
        `${String(c.early).padStart(7)}  ${c.plugin.cache ?? ''}`,
    );
  }
  console.log(`  CPU: ${cpuLine(result)}`);
  for (const target of backgroundTargets(result.perContext)) {
    console.log(`  target: ${target.label}: ${target.met ? 'met' : `NOT MET (${target.detail})`}`);
  }
}

export function pasteBackground(result: BackgroundResult): string {
  const targets = backgroundTargets(result.perContext)
    .map((t) => `${t.label}: ${t.met ? 'met' : 'not met'}`)
    .join('; ');
  return (
    `background, ${result.world.contexts} contexts over ${result.hours} simulated hours (${result.schedule}): ` +
    `${perHour(result.checks, result.hours)} checks/h, ${perHour(result.timerFires, result.hours)} timer fires/h; ` +
    `spawns ${spawnTotals(result)}; CPU ${cpuLine(result)}; ${targets}`
  );
}
