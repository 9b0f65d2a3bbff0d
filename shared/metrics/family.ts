/**
 * Metric families as plain data: what a check says, in Prometheus's terms, before any registry.
 * electron/core/metrics turns them into a prom-client registry for the exposition and the Pushgateway.
 */

export type Labels = Record<string, string>;

export interface Sample {
  labels: Labels;
  value: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  labelNames: readonly string[];
  samples: Sample[];
}

/** Longest label value kept: kubeconfig names and paths are free text, and a series must stay bounded. */
const LABEL_VALUE_LIMIT = 200;

/**
 * A label value that stays bounded: control characters (newlines, escapes) become `?` and a long
 * value is cut at LABEL_VALUE_LIMIT characters, ending in `...`. The values come from names and paths
 * in the kubeconfig, never from a credential, stderr or a URL.
 */
export function labelValue(value: string): string {
  // eslint-disable-next-line no-control-regex
  const plain = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  if (plain.length <= LABEL_VALUE_LIMIT) return plain;
  // Array.from splits by code point: a cut never leaves half a surrogate pair.
  return `${Array.from(plain)
    .slice(0, LABEL_VALUE_LIMIT - 3)
    .join('')}...`;
}
