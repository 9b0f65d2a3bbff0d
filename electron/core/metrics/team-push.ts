/**
 * The desktop app's "Team metrics": after each check, its metrics pushed to the Pushgateway the
 * settings name (job "kubeward", instance <user>@<host>), one push at a time and in check order,
 * and how the last one went, for the Settings page.
 */
import type { PushStatus } from '../../../shared/ipc';
import { DEFAULT_PUSH_JOB } from '../../../shared/metrics/push-url';
import type { TeamMetricsSettings } from '../../../shared/settings';
import type { CheckResult } from '../monitor/monitor';
import { pushInstance, pushMetrics } from './push';

/** A status line the window's contract takes (shared/ipc.ts MAX_STRING). */
const MAX_ERROR = 240;

export interface TeamMetricsPushOptions {
  settings: () => TeamMetricsSettings;
  version: string;
  timeoutMs: number;
  /** Tells the window how a push went. */
  onPushed: (status: PushStatus) => void;
  log: (line: string) => void;
}

export class TeamMetricsPush {
  private last: PushStatus | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: TeamMetricsPushOptions) {}

  lastPush(): PushStatus | null {
    return this.last;
  }

  /** Pushes the check's metrics when the settings say so; a check that could not run pushes nothing (the group goes stale). */
  afterCheck(result: CheckResult): Promise<void> {
    this.queue = this.queue.then(() => this.push(result));
    return this.queue;
  }

  private async push(result: CheckResult): Promise<void> {
    const { enabled, url } = this.options.settings();
    if (!enabled || url === '' || 'error' in result) return;
    const pushed = await pushMetrics(result.metricFamilies(this.options.version), {
      url,
      job: DEFAULT_PUSH_JOB,
      instance: pushInstance(),
      timeoutMs: this.options.timeoutMs,
    });
    const at = new Date().toISOString();
    const status: PushStatus = pushed.ok
      ? { at, ok: true }
      : { at, ok: false, error: pushed.error.slice(0, MAX_ERROR) };
    this.last = status;
    if (!pushed.ok) this.options.log(`team metrics: ${status.error}`);
    this.options.onPushed(status);
  }
}
