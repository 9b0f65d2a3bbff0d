/**
 * The shipped alerting rules (deploy/prometheus/kubeward-rules.yml) with Debian's promtool: they
 * load (`promtool check rules`), their unit tests pass (`promtool test rules`), and those tests can
 * fail: the same tests with one expectation changed are rejected. The rules read only metrics
 * kubeward exports and the Pushgateway's own, and every alert says its severity and names what it is about.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { findPrometheusTool } from '../../scripts/prometheus.mjs';
import { exportedMetricNames, metricNames, PUSHGATEWAY_METRICS } from '../support/promql';
import { tempDir } from '../support/temp';

const RULES = fileURLToPath(new URL('../../deploy/prometheus/kubeward-rules.yml', import.meta.url));
const RULE_TESTS = ['kubeward-rules.test.yml', 'kubeward-rules-expiry.test.yml'].map((name) =>
  fileURLToPath(new URL(`../../deploy/prometheus/${name}`, import.meta.url)),
);

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

function promtool(...args: string[]): { code: number | null; output: string } {
  const result = spawnSync(findPrometheusTool('promtool'), args, { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

const rules = (parse(readFileSync(RULES, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);

describe('deploy/prometheus/kubeward-rules.yml', () => {
  it('passes promtool check rules', () => {
    const result = promtool('check', 'rules', RULES);
    expect(result.output).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(result.code).toBe(0);
  });

  it('passes its unit tests under promtool test rules', () => {
    const result = promtool('test', 'rules', ...RULE_TESTS);
    expect(result.output.match(/^ {2}SUCCESS$/gm)).toHaveLength(RULE_TESTS.length);
    expect(result.code).toBe(0);
  });

  it('fails those tests when one expectation is wrong', () => {
    const tests = parse(readFileSync(RULE_TESTS[1] ?? '', 'utf8')) as {
      rule_files: string[];
      tests: { alert_rule_test: { exp_alerts: { exp_labels: Record<string, string> }[] }[] }[];
    };
    tests.rule_files = [RULES];
    const expected = tests.tests[0]?.alert_rule_test[0]?.exp_alerts[0];
    expect(expected?.exp_labels.severity).toBe('warning');
    if (expected) expected.exp_labels.severity = 'critical';
    const broken = path.join(tempDir('promtool'), 'broken.test.yml');
    writeFileSync(broken, stringify(tests));

    const result = promtool('test', 'rules', broken);
    expect(result.code).toBe(1);
    expect(result.output).toContain('FAILED');
    expect(result.output).toContain('alertname: KubewardCredentialExpiring, time: 0s');
  });

  it('alerts on every case the issue names', () => {
    expect([...new Set(rules.map((rule) => rule.alert))]).toEqual([
      'KubewardCredentialExpiring',
      'KubewardCredentialExpired',
      'KubewardContextBroken',
      'KubewardClockSkew',
      'KubewardChecksStale',
      'KubewardPushgatewayGroupStale',
    ]);
  });

  it('fires on expiry at once, and gives every alert a severity, a summary and a description', () => {
    for (const rule of rules) {
      expect(['critical', 'warning', 'info'], rule.alert).toContain(rule.labels.severity);
      expect(Object.keys(rule.annotations).sort(), rule.alert).toEqual(['description', 'summary']);
      if (rule.alert.startsWith('KubewardCredential')) expect(rule.for, rule.alert).toBeUndefined();
      if (rule.expr.includes('kubeward_credential') || rule.expr.includes('{status="error"}')) {
        for (const text of Object.values(rule.annotations)) expect(text, rule.alert).toContain('{{ $labels.context }}');
      }
    }
  });

  it('reads only metrics kubeward exports and the Pushgateway’s own series', () => {
    const known = new Set([...exportedMetricNames(), ...PUSHGATEWAY_METRICS]);
    const used = rules.flatMap((rule) => metricNames(rule.expr));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((name) => !known.has(name))).toEqual([]);
  });
});

describe('the metric names the checks compare', () => {
  it('finds the series an expression reads, not its functions, labels or keywords', () => {
    expect(
      metricNames(
        'sum by (context) (rate(kubeward_exec_plugin_calls_total{call_status!="no_error"}[$__rate_interval])) ' +
          'and on (job, instance) kubeward_build_info unless ignoring(x) up offset 5m > bool 3 * 86400',
      ),
    ).toEqual(['kubeward_build_info', 'kubeward_exec_plugin_calls_total', 'up']);
  });

  it('takes kubeward’s names from its exposition, a counter’s series with _total', () => {
    expect(exportedMetricNames()).toEqual(
      expect.arrayContaining([
        'kubeward_credential_expiry_timestamp_seconds',
        'kubeward_exec_plugin_calls_total',
        'x509_cert_not_after',
      ]),
    );
  });
});
