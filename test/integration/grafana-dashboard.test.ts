/**
 * deploy/grafana/kubeward.json is a dashboard Grafana can import: valid JSON, its Prometheus
 * chosen at import through one datasource input (no installation's uid in the file), panels that
 * fit the 24-column grid without overlapping, and queries that read only metrics kubeward exports.
 * (test/e2e/fleet-alerts.test.ts runs its queries against a real Prometheus.)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportedMetricNames, metricNames } from '../support/promql';

const DASHBOARD = fileURLToPath(new URL('../../deploy/grafana/kubeward.json', import.meta.url));
const DATASOURCE = { type: 'prometheus', uid: '${DS_PROMETHEUS}' };

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource: unknown;
  gridPos: { x: number; y: number; w: number; h: number };
  targets: { refId: string; expr: string; datasource: unknown }[];
}

interface Dashboard {
  __inputs: { name: string; type: string; pluginId: string }[];
  __requires: { type: string; id: string }[];
  uid: string;
  title: string;
  templating: { list: { name: string; datasource: unknown; query: { query: string } }[] };
  panels: Panel[];
}

const text = readFileSync(DASHBOARD, 'utf8');
const dashboard = JSON.parse(text) as Dashboard;

/** A variable's label_values(SERIES, LABEL): the series is PromQL, the label is not. */
function variableExpr(query: string): string {
  return /^label_values\((.*),\s*\w+\)$/.exec(query)?.[1] ?? query;
}

describe('deploy/grafana/kubeward.json', () => {
  it('asks for its Prometheus at import, and every panel, query and variable uses that one', () => {
    expect(dashboard.__inputs).toEqual([
      expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' }),
    ]);
    for (const panel of dashboard.panels) {
      expect(panel.datasource, panel.title).toEqual(DATASOURCE);
      for (const target of panel.targets) expect(target.datasource, panel.title).toEqual(DATASOURCE);
    }
    for (const variable of dashboard.templating.list) expect(variable.datasource, variable.name).toEqual(DATASOURCE);
    const uids = [...text.matchAll(/"uid":\s*"([^"]*)"/g)].map((match) => match[1]);
    expect(new Set(uids)).toEqual(new Set(['kubeward', '${DS_PROMETHEUS}']));
  });

  it('declares every panel type it uses', () => {
    const required = new Set(dashboard.__requires.filter((r) => r.type === 'panel').map((r) => r.id));
    for (const panel of dashboard.panels) expect(required, panel.title).toContain(panel.type);
  });

  it('has unique panel ids and refIds, and panels that fit the grid without overlapping', () => {
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    for (const panel of dashboard.panels) {
      const { x, w, h } = panel.gridPos;
      expect(x >= 0 && w > 0 && h > 0 && x + w <= 24, panel.title).toBe(true);
      expect(new Set(panel.targets.map((t) => t.refId)).size, panel.title).toBe(panel.targets.length);
    }
    const overlaps = (a: Panel['gridPos'], b: Panel['gridPos']) =>
      a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
    dashboard.panels.forEach((a, i) =>
      dashboard.panels
        .slice(i + 1)
        .forEach((b) => expect(overlaps(a.gridPos, b.gridPos), `${a.title} / ${b.title}`).toBe(false)),
    );
  });

  it('shows the expiry table, the status by context and its timeline', () => {
    const reads = (panel: Panel, metric: string) => panel.targets.some((t) => metricNames(t.expr).includes(metric));
    const tables = dashboard.panels.filter((p) => p.type === 'table');
    expect(tables.some((p) => reads(p, 'kubeward_credential_expiry_timestamp_seconds'))).toBe(true);
    expect(tables.some((p) => reads(p, 'kubeward_context_status'))).toBe(true);
    expect(dashboard.panels.some((p) => p.type === 'state-timeline' && reads(p, 'kubeward_context_status'))).toBe(true);
  });

  it('queries only metrics kubeward exports', () => {
    const exprs = [
      ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)),
      ...dashboard.templating.list.map((v) => variableExpr(v.query.query)),
    ];
    const used = new Set(exprs.flatMap(metricNames));
    expect(used.size).toBeGreaterThan(5);
    const exported = exportedMetricNames();
    expect([...used].filter((name) => !exported.includes(name))).toEqual([]);
  });
});
