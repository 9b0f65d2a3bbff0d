/**
 * Metric families (shared/metrics) in a prom-client registry: prom-client writes the exposition
 * formats and speaks to the Pushgateway, so kubeward never writes either itself.
 */
import { Counter, Gauge, Registry, type RegistryContentType } from 'prom-client';
import type { MetricFamily } from '../../../shared/metrics/family';

export type ExpositionFormat = 'openmetrics' | 'prometheus';

const CONTENT_TYPES: Record<ExpositionFormat, RegistryContentType> = {
  openmetrics: Registry.OPENMETRICS_CONTENT_TYPE,
  prometheus: Registry.PROMETHEUS_CONTENT_TYPE,
};

/**
 * A registry holding the families' values. One per format: prom-client renames a registered counter
 * for OpenMetrics (it drops `_total` from the family), so a registry serves one format only.
 */
export function registryOf(families: readonly MetricFamily[], format: ExpositionFormat): Registry<RegistryContentType> {
  // prom-client's constructor takes the content type too, but its typings declare none.
  const registry = new Registry<RegistryContentType>();
  registry.setContentType(CONTENT_TYPES[format]);
  for (const family of families) {
    const config = { name: family.name, help: family.help, labelNames: family.labelNames, registers: [registry] };
    if (family.type === 'counter') {
      const counter = new Counter(config);
      for (const sample of family.samples) counter.inc(sample.labels, sample.value);
    } else {
      const gauge = new Gauge(config);
      for (const sample of family.samples) gauge.set(sample.labels, sample.value);
    }
  }
  return registry;
}

/** The exposition text of the families in a format, and its Content-Type. */
export async function exposition(
  families: readonly MetricFamily[],
  format: ExpositionFormat,
): Promise<{ text: string; contentType: string }> {
  const registry = registryOf(families, format);
  return { text: await registry.metrics(), contentType: registry.contentType };
}

/** The format a scraper asks for: OpenMetrics when its Accept header names it, else Prometheus text 0.0.4. */
export function negotiatedFormat(accept: string | undefined): ExpositionFormat {
  return accept?.includes('application/openmetrics-text') ? 'openmetrics' : 'prometheus';
}
