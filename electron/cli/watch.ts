/**
 * `kubeward watch` (docs/cli.md): the desktop monitor without a tray. Its platform prints
 * one line per alert the app would notify and one per check, as JSON lines or text,
 * until SIGINT/SIGTERM; then it closes watchers and the schedule and returns 0, within a second
 * (the CLI exits then, whatever a check in progress still waits on).
 */
import { setTimeout } from 'node:timers/promises';
import type { Report } from '../../shared/findings';
import { alertLine } from '../../shared/alerts/line';
import type { Host } from '../../shared/host';
import { kubeconfigPaths } from '../../shared/kubeconfig/paths';
import type { MonitorPlatform } from '../../shared/monitor';
import { UnattendedExecPolicy } from '../core/exec/policy';
import { Monitor, type CheckResult } from '../core/monitor/monitor';
import { errorLine } from '../../shared/error-line';
import type { ListenAddress, MetricsServer } from '../core/metrics/server';

/** How long a check in progress may take to end after SIGINT/SIGTERM: `watch` exits within a second. */
const STOP_GRACE_MS = 700;

export interface WatchOptions {
  kubeconfig: string | undefined;
  offline: boolean;
  timeoutMs: number;
  schedule: string;
  statePath: string;
  json: boolean;
  /** Serve the last check's metrics for Prometheus there. */
  metricsListen?: ListenAddress;
  version: string;
  host: Host;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Where the stop signals come from; the CLI passes `process`. */
  signals: Pick<NodeJS.Process, 'once' | 'off'>;
}

function checkLine(result: CheckResult, json: boolean): string {
  if ('error' in result) {
    return json
      ? JSON.stringify({ type: 'check-failed', at: result.at, reason: result.error })
      : `check ${result.at}: could not run: ${result.error}`;
  }
  const { summary }: Report = result.report;
  return json
    ? JSON.stringify({
        type: 'check',
        at: result.at,
        contexts: summary.contexts,
        error: summary.error,
        warning: summary.warning,
      })
    : `check ${result.at}: ${summary.contexts} contexts, ${summary.error} errors, ${summary.warning} warnings`;
}

/** The metrics server, listening; undefined with a one-line error written when it cannot listen there. */
async function startMetricsServer(
  address: ListenAddress,
  stderr: NodeJS.WritableStream,
): Promise<MetricsServer | undefined> {
  // Loaded on demand: a watch without it does not pay for compiling prom-client.
  const { MetricsServer } = await import('../core/metrics/server');
  const server = new MetricsServer();
  const where = address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
  try {
    const bound = await server.listen(address);
    const at = bound.host.includes(':') ? `[${bound.host}]:${bound.port}` : `${bound.host}:${bound.port}`;
    stderr.write(`kubeward: serving metrics on http://${at}/metrics\n`);
    return server;
  } catch (error) {
    stderr.write(
      `kubeward: --metrics-listen: cannot listen on ${where}: ${(error as { code?: string }).code ?? errorLine(error)}\n`,
    );
    return undefined;
  }
}

/** "every 15 minutes" for the common `*\/N * * * *`, else the expression as given. */
function scheduleWords(schedule: string): string {
  const minutes = /^\*\/(\d+) \* \* \* \*$/.exec(schedule)?.[1];
  if (minutes === undefined) return `on the schedule '${schedule}'`;
  return minutes === '1' ? 'every minute' : `every ${minutes} minutes`;
}

/** The one line a watch prints when it starts: what it watches, and when it checks. */
function startLine(options: WatchOptions): string {
  const { paths } = kubeconfigPaths(options.kubeconfig, options.host.homeDir, options.host.platform);
  if (options.json) {
    return JSON.stringify({ type: 'start', kubeconfig: paths, schedule: options.schedule, offline: options.offline });
  }
  const files = paths.length === 0 ? 'no kubeconfig file' : paths.join(', ');
  const mode = options.offline ? ' (offline)' : '';
  return `watching ${files} and the files it names${mode}: checks now, on every change and ${scheduleWords(options.schedule)} (${options.schedule}); Ctrl-C stops`;
}

export async function runWatch(options: WatchOptions): Promise<number> {
  const print = (line: string) => options.stdout.write(`${line}\n`);
  const metrics = options.metricsListen && (await startMetricsServer(options.metricsListen, options.stderr));
  if (options.metricsListen && !metrics) return 2;
  const publish = (result: CheckResult) => {
    if (metrics && !('error' in result)) metrics.update(result.metricFamilies(options.version));
  };

  const ui: MonitorPlatform = {
    showTray: () => undefined,
    notify: (notification) => print(alertLine(notification, options.json)),
    openWindow: () => undefined,
  };
  const monitor = new Monitor({
    kubeconfig: options.kubeconfig,
    host: options.host,
    offline: options.offline,
    timeoutMs: options.timeoutMs,
    schedule: options.schedule,
    statePath: options.statePath,
    ui,
    // Nobody watches a watch: no plugin may open a browser or show a device code on its schedule.
    execPolicy: new UnattendedExecPolicy(),
    log: (line) => options.stderr.write(`kubeward: ${line}\n`),
    onChecked: (result) => {
      // Metrics first: a scrape that follows the printed line sees this check.
      publish(result);
      print(checkLine(result, options.json));
    },
  });
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      options.signals.off('SIGINT', stop);
      options.signals.off('SIGTERM', stop);
      resolve();
    };
    options.signals.once('SIGINT', stop);
    options.signals.once('SIGTERM', stop);
  });
  // Once it can be stopped: whoever waits for this line may signal right away.
  print(startLine(options));
  await Promise.race([monitor.start(), stopped]);
  await stopped;
  // A check in progress may wait on a plugin or a server for up to --timeout: a stop signal does not.
  const grace = setTimeout(STOP_GRACE_MS, false, { ref: false });
  if (!(await Promise.race([monitor.stop().then(() => true), grace]))) {
    options.stderr.write('kubeward: stopping without waiting for the check in progress\n');
  }
  await metrics?.close();
  return 0;
}
