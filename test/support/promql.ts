/**
 * The metric names a PromQL expression reads, for checking the shipped rules and dashboard against
 * the metric contract. Hand-written because no JavaScript PromQL parser is among our packages and
 * this needs only names: string literals, label matchers and label lists are removed, and what is
 * left that looks like a name, is not followed by "(" (a function or aggregation) and is not a
 * keyword, is a metric name. Grafana's $variables and [$__range] are removed first.
 */
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'by',
  'without',
  'bool',
  'offset',
]);

export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\$\w+/g, '');
  const names = new Set<string>();
  for (const match of bare.matchAll(/(?<![\w.])([a-zA-Z_:][\w:]*)(?!\w)(\s*\()?/g)) {
    const [, name, call] = match;
    if (name && !call && !KEYWORDS.has(name)) names.add(name);
  }
  return [...names].sort();
}

/** The names in the fleet metric contract (kubeward's own and the x509-certificate-exporter compatible ones). */
export const CONTRACT_METRICS = [
  'kubeward_context_status',
  'kubeward_credential_expiry_timestamp_seconds',
  'kubeward_findings',
  'kubeward_probe_result',
  'kubeward_clock_skew_seconds',
  'kubeward_exec_plugin_calls_total',
  'kubeward_last_check_timestamp_seconds',
  'kubeward_last_check_duration_seconds',
  'kubeward_build_info',
  'x509_cert_not_after',
  'x509_cert_not_before',
  'x509_cert_expired',
];

/** The Pushgateway's own series for each group (with honor_labels, the group's job and instance). */
export const PUSHGATEWAY_METRICS = ['push_time_seconds', 'push_failure_time_seconds'];
