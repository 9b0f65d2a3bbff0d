/**
 * What one check says, as metric families (the contract in docs/cli.md, "Metrics"): kubeward's own
 * `kubeward_*` families and x509-certificate-exporter's certificate families. Pure: the check's
 * report and snapshot, its times and the process-wide exec call counts are passed in.
 */
import type { ContextSelection } from '../diagnose';
import { contextSubjects, selectSubjects } from '../diagnose';
import type { ProbeResult, Snapshot } from '../facts';
import type { Report, Status } from '../findings';
import type { ExecCall } from './exec-calls';
import { labelValue, type MetricFamily, type Sample } from './family';
import { x509Families } from './x509';

export interface CheckMetricsInput {
  report: Report;
  snapshot: Snapshot;
  selection: ContextSelection;
  /** The instant the check evaluated at (`--at`, else the clock), epoch ms: what "expired" is judged by. */
  now: number;
  /** When the check finished, epoch ms. */
  finishedAt: number;
  durationMs: number;
  version: string;
  /** The exec plugin calls of this process so far. */
  execCalls: readonly { call: ExecCall; count: number }[];
}

/**
 * A context's status in the metrics: an info finding is no problem, so it is ok; a credential
 * nothing tested and a local cluster that is not running say nothing either way, so they are unknown.
 */
const CONTEXT_STATUSES = ['ok', 'warning', 'error', 'unknown'] as const;
type ContextStatus = (typeof CONTEXT_STATUSES)[number];

function contextStatus(status: Status): ContextStatus {
  switch (status) {
    case 'info':
      return 'ok';
    case 'not-checked':
    case 'not-running':
      return 'unknown';
    default:
      return status;
  }
}

/** The probe's verdict as a bounded word. */
function probeResult(probe: ProbeResult | undefined): string {
  switch (probe?.state) {
    case undefined:
    case 'skipped':
      return 'not_probed';
    case 'tls-error':
      return 'tls_error';
    case 'network-error':
      return probe.timedOut ? 'timeout' : 'unreachable';
    case 'answered':
      if (probe.status >= 200 && probe.status < 300) return 'ok';
      if (probe.status === 401) return 'unauthorized';
      if (probe.status === 403) return 'forbidden';
      if (probe.status >= 300 && probe.status < 400) return 'redirect';
      return 'http_error';
  }
}

function gauge(name: string, help: string, labelNames: readonly string[], samples: Sample[]): MetricFamily {
  return { name, help, type: 'gauge', labelNames, samples };
}

function findingSamples(report: Report): Sample[] {
  const counts = new Map<string, Sample>();
  const add = (context: string, rule: string, severity: string) => {
    const key = `${context}\u0000${rule}\u0000${severity}`;
    const sample = counts.get(key);
    if (sample) sample.value += 1;
    else counts.set(key, { labels: { context, rule, severity }, value: 1 });
  };
  // Config-wide findings belong to no context: an empty label, which Prometheus reads as none.
  for (const finding of report.findings) add('', finding.rule, finding.severity);
  for (const context of report.contexts) {
    const name = labelValue(context.name);
    for (const finding of context.findings) add(name, finding.rule, finding.severity);
  }
  return [...counts.values()];
}

export function checkMetricFamilies(input: CheckMetricsInput): MetricFamily[] {
  const { report, snapshot } = input;
  const status: Sample[] = [];
  const expiry: Sample[] = [];
  const probes: Sample[] = [];
  const skew: Sample[] = [];
  const worksUntil: Sample[] = [];
  for (const context of report.contexts) {
    const name = labelValue(context.name);
    const current = contextStatus(context.status);
    for (const value of CONTEXT_STATUSES)
      status.push({ labels: { context: name, status: value }, value: +(value === current) });
    const { expiresAt, kind } = context.credential;
    if (expiresAt !== undefined) {
      expiry.push({
        labels: { context: name, user: labelValue(context.user ?? ''), kind: kind.replace('-', '_') },
        value: Date.parse(expiresAt) / 1000,
      });
    }
    if (context.worksUntil) {
      const { at, cause, rule } = context.worksUntil;
      worksUntil.push({ labels: { context: name, cause, rule }, value: Date.parse(at) / 1000 });
    }
    const probe = snapshot.probes?.get(context.name);
    probes.push({ labels: { context: name, result: probeResult(probe) }, value: 1 });
    if (probe?.state === 'answered' && probe.serverDate !== undefined) {
      skew.push({ labels: { context: name }, value: (probe.serverDate - probe.localDate) / 1000 });
    }
  }
  const checked = new Set(report.contexts.map((c) => c.name));
  const subjects = selectSubjects(contextSubjects(snapshot), input.selection).filter((s) => checked.has(s.name));
  return [
    gauge(
      'kubeward_context_status',
      "1 for the context's current status (ok, warning, error, unknown), 0 for the others.",
      ['context', 'status'],
      status,
    ),
    gauge(
      'kubeward_credential_expiry_timestamp_seconds',
      'Unix time when the credential kubectl sends for the context stops working.',
      ['context', 'user', 'kind'],
      expiry,
    ),
    gauge(
      'kubeward_works_until_timestamp_seconds',
      'Unix time when kubectl stops working for the context (the earliest end of what its credential depends on), and why.',
      ['context', 'cause', 'rule'],
      worksUntil,
    ),
    gauge(
      'kubeward_findings',
      'Number of findings by context, rule and severity.',
      ['context', 'rule', 'severity'],
      findingSamples(report),
    ),
    gauge(
      'kubeward_probe_result',
      "1 for the result of the context's last API server probe.",
      ['context', 'result'],
      probes,
    ),
    gauge('kubeward_clock_skew_seconds', "The API server's clock minus the local clock.", ['context'], skew),
    {
      name: 'kubeward_exec_plugin_calls_total',
      help: "Exec plugin runs by client-go's call_status and the exit code.",
      type: 'counter',
      labelNames: ['call_status', 'code'],
      samples: input.execCalls.map(({ call, count }) => ({
        labels: { call_status: call.callStatus, code: String(call.code) },
        value: count,
      })),
    },
    gauge(
      'kubeward_last_check_timestamp_seconds',
      'Unix time when the last check finished.',
      [],
      [{ labels: {}, value: input.finishedAt / 1000 }],
    ),
    gauge(
      'kubeward_last_check_duration_seconds',
      'How long the last check took.',
      [],
      [{ labels: {}, value: input.durationMs / 1000 }],
    ),
    gauge(
      'kubeward_build_info',
      'Always 1; the version of kubeward in its label.',
      ['version'],
      [{ labels: { version: labelValue(input.version) }, value: 1 }],
    ),
    ...x509Families(subjects, input.now),
  ];
}
