/**
 * The monitor: checks the kubeconfig when its files change, on a schedule and on
 * demand, runs the alert policy and drives a MonitorPlatform (the app's tray and
 * notifications, `kubeward watch`'s output, a test's recorder). Plain Node. Idle
 * between checks: file events and one cron timer, no polling.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import cron from 'node-cron';
import {
  decideAlerts,
  pauseAlerts,
  snoozeFinding,
  type AlertSettings,
  type SnoozeKind,
} from '../../../shared/alerts/policy';
import type { AlertState } from '../../../shared/alerts/state';
import { failedTrayModel, trayModel } from '../../../shared/alerts/tray';
import type { Snapshot } from '../../../shared/facts';
import type { FindingRef, Report } from '../../../shared/findings';
import type { Host } from '../../../shared/host';
import { kubeconfigPaths } from '../../../shared/kubeconfig/paths';
import type { MonitorPlatform, TrayModel } from '../../../shared/monitor';
import { checkOnce } from '../check/check-once';
import { ExecCredentialCache } from '../exec/credential-cache';
import { execPluginsOf, type ExecPlugin, type ExecPolicy, type PluginFingerprint } from '../exec/policy';
import { FileWatch, type WatchTargets } from './file-watch';
import { referencedPaths } from '../check/snapshot';
import { loadAlertState, saveAlertState } from './state-store';
import { errorLine } from '../../../shared/error-line';
import { DEFAULT_SCHEDULE } from '../../../shared/defaults';
import { checkMetricFamilies } from '../../../shared/metrics/check';
import type { MetricFamily } from '../../../shared/metrics/family';
import { execCallCounts } from '../exec/call-count';

export interface MonitorOptions {
  /** A kubeconfig list joined by the OS path separator; else $KUBECONFIG in the host's env, else the default file. */
  kubeconfig?: string;
  host: Host;
  offline: boolean;
  timeoutMs: number;
  /** node-cron expression for re-checks besides file changes. */
  schedule?: string;
  /** Starts the timer that fires on `schedule` (default: node-cron on the real clock); the bench drives a simulated day through it. */
  scheduler?: Scheduler;
  statePath: string;
  ui: MonitorPlatform;
  /** The app's DesktopExecPolicy, or UnattendedExecPolicy for `kubeward watch`; kept across checks (back-off, holds). */
  execPolicy: ExecPolicy;
  /** The desktop's approval fingerprint, by which it lists the kubeconfig's plugins; `kubeward watch` lists none. */
  pluginFingerprint?: PluginFingerprint;
  clock?: () => number;
  settings?: AlertSettings;
  /** Kubeconfig cluster names never probed (desktop settings). */
  probesOff?: ReadonlySet<string>;
  debounceMs?: number;
  /** The login shell's PATH, resolved once at app start (resolveLoginShellPath). */
  loginShellPath?: string;
  /** One line for things the user should know that are not alerts (e.g. a replaced state file). */
  log?: (line: string) => void;
  /** After each check: its report, or why it could not run. */
  onChecked?: (result: CheckResult) => void;
}

/**
 * A check's report, or why it could not run. `metricFamilies` gives its metrics (shared/metrics/check.ts)
 * when asked: worked out from the snapshot, which holds credentials and so is not part of the result.
 */
export type CheckResult =
  { at: string; report: Report; metricFamilies: (version: string) => MetricFamily[] } | { at: string; error: string };

/** The metrics of a finished check, with the exec plugin calls of this process so far. */
function metricsOf(
  report: Report,
  snapshot: Snapshot,
  times: { now: number; durationMs: number; finishedAt: number },
): (version: string) => MetricFamily[] {
  return (version) =>
    checkMetricFamilies({
      report,
      snapshot,
      selection: { kind: 'all' },
      ...times,
      version,
      execCalls: execCallCounts(),
    });
}

/** A running timer for a cron expression, as node-cron's ScheduledTask is one. */
export interface ScheduledTimer {
  destroy(): void | Promise<void>;
}

export type Scheduler = (expression: string, fire: () => void) => ScheduledTimer;

const cronScheduler: Scheduler = (expression, fire) => cron.schedule(expression, fire);

/** What the window's Settings page changes while the monitor runs. */
export interface MonitorSettings {
  schedule: string;
  alerts: AlertSettings;
  probesOff: ReadonlySet<string>;
}

/** Session caches that plugins refresh: a new login there changes what the next check says. */
function sessionCacheDirs(homeDir: string): string[] {
  return [
    path.join(homeDir, '.aws', 'sso', 'cache'),
    path.join(homeDir, '.kube', 'cache', 'oidc-login'),
    path.join(homeDir, '.kube', 'cache', 'kubelogin'),
  ];
}

export class Monitor {
  private readonly clock: () => number;
  private readonly cache = new ExecCredentialCache();
  private readonly watch: FileWatch;
  private readonly scheduler: Scheduler;
  private task: ScheduledTimer | undefined;
  private state: AlertState | undefined;
  private report: Report | undefined;
  private plugins: ExecPlugin[] = [];
  private schedule: string;
  private alertSettings: AlertSettings | undefined;
  private probesOff: ReadonlySet<string> | undefined;
  private tray: TrayModel | undefined;
  private lastCheck: string | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly options: MonitorOptions) {
    this.clock = options.clock ?? Date.now;
    this.scheduler = options.scheduler ?? cronScheduler;
    this.schedule = options.schedule ?? DEFAULT_SCHEDULE;
    this.alertSettings = options.settings;
    this.probesOff = options.probesOff;
    this.watch = new FileWatch(
      () => void this.checkNow(),
      options.debounceMs ?? 300,
      (error) => this.options.log?.(`file watcher: ${errorLine(error)}`),
    );
  }

  /** Loads the alert state, starts watching and the schedule; resolves after the first check. */
  async start(): Promise<void> {
    const loaded = await loadAlertState(this.options.statePath);
    if (loaded.problem) this.options.log?.(`alert state ${loaded.problem}; starting with a fresh one`);
    this.state = loaded.state;
    await this.watch.update(this.baseTargets());
    this.task = this.scheduler(this.schedule, () => void this.checkNow());
    await this.checkNow();
  }

  /** The last finished check's (redacted) Report, or null before the first. */
  lastReport(): Report | null {
    return this.report ?? null;
  }

  /** The exec plugins of the last check's kubeconfig (no env values, arguments scrubbed). */
  execPlugins(): readonly ExecPlugin[] {
    return this.plugins;
  }

  /** New settings apply from now: the next check uses them; a new schedule replaces the timer. */
  async applySettings(settings: MonitorSettings): Promise<void> {
    this.alertSettings = settings.alerts;
    this.probesOff = settings.probesOff;
    if (settings.schedule === this.schedule) return;
    this.schedule = settings.schedule;
    if (!this.task || this.stopped) return;
    await this.task.destroy();
    this.task = this.scheduler(this.schedule, () => void this.checkNow());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.task?.destroy();
    await this.watch.close();
    await this.running;
  }

  /** Check now; while a check runs, further calls ask for exactly one follow-up check. */
  checkNow(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Pause notifications until `until` (epoch ms), or resume them with undefined. */
  async pause(until: number | undefined): Promise<void> {
    await this.changeState((state) => pauseAlerts(state, until));
  }

  async snooze(target: FindingRef, kind: SnoozeKind): Promise<void> {
    const { report } = this;
    if (!report) return;
    await this.changeState((state) => snoozeFinding(state, report, target, kind, this.clock()));
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.runCheck();
    } while (this.again && !this.stopped);
  }

  private async runCheck(): Promise<void> {
    if (this.tray) this.show({ ...this.tray, checking: true });
    const now = this.clock();
    const at = new Date(now).toISOString();
    // Before the read: a change from here that the watch is not live yet to see is found after it.
    const readMark = this.watch.mark();
    const started = performance.now();
    try {
      const { report, snapshot } = await checkOnce({
        kubeconfig: this.kubeconfig(),
        selection: { kind: 'all' },
        now,
        clock: this.clock,
        offline: this.options.offline,
        timeoutMs: this.options.timeoutMs,
        host: this.options.host,
        policy: this.options.execPolicy,
        cache: this.cache,
        loginShellPath: this.options.loginShellPath,
        probesOff: this.probesOff,
      });
      // Watch what this check read (a new cert file, a session cache) before telling anyone about it: a
      // change from then on is an event, and one since the read, before the watch was live, asks again.
      await this.watch.update(this.targetsOf(snapshot), readMark);
      this.report = report;
      const { pluginFingerprint } = this.options;
      this.plugins = pluginFingerprint ? execPluginsOf(snapshot.config, pluginFingerprint) : [];
      this.lastCheck = at;
      const decision = decideAlerts(this.currentState(), report, now, this.alertSettings);
      for (const notification of decision.notifications) this.options.ui.notify(notification);
      await this.setState(decision.state);
      this.show(trayModel(report, now, this.extras()));
      const durationMs = performance.now() - started;
      const metricFamilies = metricsOf(report, snapshot, { now, durationMs, finishedAt: this.clock() });
      this.options.onChecked?.({ at, report, metricFamilies });
    } catch (error) {
      // A check that cannot run is a state to show, not a crash: the next trigger tries again.
      this.lastCheck = at;
      this.show(failedTrayModel(errorLine(error), this.tray, this.extras()));
      this.options.onChecked?.({ at, error: errorLine(error) });
    }
  }

  private kubeconfig(): string | undefined {
    return this.options.kubeconfig ?? this.options.host.env.KUBECONFIG;
  }

  private baseTargets(): WatchTargets {
    const { homeDir, platform } = this.options.host;
    const { paths } = kubeconfigPaths(this.kubeconfig(), homeDir, platform);
    return { files: paths, dirs: sessionCacheDirs(homeDir) };
  }

  private targetsOf(snapshot: Snapshot): WatchTargets {
    const sessions = (snapshot.sessions ?? []).map((s) => s.file);
    return {
      files: [...snapshot.kubeconfigPaths, ...referencedPaths(snapshot.config), ...sessions],
      dirs: [...sessionCacheDirs(this.options.host.homeDir), ...sessions.map((f) => path.dirname(f))],
    };
  }

  private currentState(): AlertState {
    if (!this.state) throw new Error('the monitor has not been started');
    return this.state;
  }

  private async changeState(change: (state: AlertState) => AlertState): Promise<void> {
    await this.setState(change(this.currentState()));
    if (this.tray) this.show({ ...this.tray, ...this.extras(), checking: this.tray.checking });
  }

  private async setState(state: AlertState): Promise<void> {
    this.state = state;
    try {
      await saveAlertState(this.options.statePath, state);
    } catch (error) {
      // Alerts may repeat after a restart; that is better than stopping the monitor.
      this.options.log?.(`could not save the alert state to ${this.options.statePath}: ${errorLine(error)}`);
    }
  }

  private extras(): { checking: boolean; lastCheck?: string; pausedUntil?: string } {
    const pausedUntil = this.state?.pausedUntil;
    return {
      checking: false,
      ...(this.lastCheck ? { lastCheck: this.lastCheck } : {}),
      ...(pausedUntil && Date.parse(pausedUntil) > this.clock() ? { pausedUntil } : {}),
    };
  }

  private show(model: TrayModel): void {
    this.tray = model;
    this.options.ui.showTray(model);
  }
}
