/**
 * The metric names a PromQL expression reads, for checking the shipped rules and dashboard against
 * the metrics kubeward exports. Hand-written because no JavaScript PromQL parser is among our packages and
 * this needs only names: string literals, label matchers and label lists are removed, and what is
 * left that looks like a name, is not followed by "(" (a function or aggregation) and is not a
 * keyword, is a metric name. Grafana's $variables and [$__range] are removed first.
 */
import { runKubeward } from './cli';
import { tempFiles } from './temp';

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

/**
 * The series names kubeward exports, from the built CLI's own exposition (`check --output openmetrics`
 * declares every family, samples or not): an OpenMetrics counter family `x` has the series `x_total`.
 */
export function exportedMetricNames(): string[] {
  const kubeconfig = tempFiles({ config: 'apiVersion: v1\nkind: Config\n' }).paths.config ?? '';
  const { stdout } = runKubeward(['check', '--offline', '--output', 'openmetrics', '--kubeconfig', kubeconfig]);
  const names = [...stdout.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) =>
    type === 'counter' ? `${name}_total` : `${name}`,
  );
  if (names.length === 0) throw new Error(`kubeward check --output openmetrics declared no metric:\n${stdout}`);
  return names;
}

/** The Pushgateway's own series for each group (with honor_labels, the group's job and instance). */
export const PUSHGATEWAY_METRICS = ['push_time_seconds', 'push_failure_time_seconds'];
