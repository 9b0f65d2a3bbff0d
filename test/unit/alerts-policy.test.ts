import { describe, expect, it } from 'vitest';
import {
  decideAlerts,
  NOTIFICATION_BODY_MAX,
  pauseAlerts,
  type AlertDecision,
  snoozeFinding,
  thresholdLabel,
} from '../../shared/alerts/policy';
import { EMPTY_ALERT_STATE, toAlertState, type AlertState } from '../../shared/alerts/state';
import { failedTrayModel, trayModel } from '../../shared/alerts/tray';
import type { ContextReport, Finding, Report, Severity } from '../../shared/findings';
import type { RuleId } from '../../shared/rules/ids';
import { formatLocal } from '../../shared/time';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-11-28T12:00:00Z');
const CANARY = 'CANARY-SECRET-do-not-leak';

function finding(
  rule: RuleId,
  severity: Severity,
  options: { expiresIn?: number; fingerprint?: string } = {},
): Finding {
  return {
    rule,
    severity,
    title: `${rule} title`,
    detail: `Something about ${rule}. More detail follows.`,
    ...(options.expiresIn !== undefined ? { expiresAt: new Date(NOW + options.expiresIn).toISOString() } : {}),
    evidence: { user: 'alice', ...(options.fingerprint ? { fingerprint256: options.fingerprint } : {}) },
    fix: { guide: rule, steps: [{ title: `Renew for ${rule}`, command: 'kubectl config view' }] },
  };
}

function context(name: string, findings: Finding[], current = false): ContextReport {
  const worst = findings.some((f) => f.severity === 'error')
    ? 'error'
    : findings.some((f) => f.severity === 'warning')
      ? 'warning'
      : findings.length
        ? 'info'
        : 'ok';
  return { name, current, status: worst, credential: { kind: 'client-certificate' }, findings };
}

function report(contexts: ContextReport[], findings: Finding[] = []): Report {
  const all = [...findings, ...contexts.flatMap((c) => c.findings)];
  const count = (s: Severity) => all.filter((f) => f.severity === s).length;
  return {
    version: 1,
    checkedAt: new Date(NOW).toISOString(),
    kubeconfig: ['/home/u/.kube/config'],
    summary: { contexts: contexts.length, error: count('error'), warning: count('warning'), info: count('info') },
    findings,
    contexts,
  };
}

const expiring = (expiresIn: number, fingerprint = 'AA:01') =>
  finding('client-cert-expiring', 'warning', { expiresIn, fingerprint });

interface Check {
  report: Report;
  at: number;
}

/** Runs successive checks, threading the state like the monitor does; one decision per check. */
function run<T extends readonly Check[]>(
  checks: readonly [...T],
  state: AlertState = EMPTY_ALERT_STATE,
): { [K in keyof T]: AlertDecision } {
  return checks.map(({ report: r, at }) => {
    const decision = decideAlerts(state, r, at);
    state = decision.state;
    return decision;
  }) as { [K in keyof T]: AlertDecision };
}

describe('alert policy', () => {
  it('labels thresholds', () => {
    expect([14 * DAY, 3 * DAY, DAY, HOUR, 30 * 60_000, 0].map(thresholdLabel)).toEqual([
      '14d',
      '3d',
      '1d',
      '1h',
      '30m',
      'now',
    ]);
  });

  it('alerts only the tightest crossed threshold, once, then each tighter one as it is crossed', () => {
    const prod = () => report([context('prod', [expiring(2 * DAY)], true)]);
    const [first, again, oneDay, oneHour, stillOneHour] = run([
      { report: prod(), at: NOW },
      { report: prod(), at: NOW + HOUR },
      { report: prod(), at: NOW + 1.5 * DAY },
      { report: prod(), at: NOW + 2 * DAY - 30 * 60_000 },
      { report: prod(), at: NOW + 2 * DAY - 10 * 60_000 },
    ]);
    expect(first.notifications).toHaveLength(1);
    expect(first.notifications[0]).toMatchObject({
      title: 'client-cert-expiring title',
      severity: 'warning',
      threshold: '3d',
      expiresAt: new Date(NOW + 2 * DAY).toISOString(),
      target: { context: 'prod', rule: 'client-cert-expiring' },
    });
    // Local time, as the window shows it.
    expect(first.notifications[0]?.body).toBe(
      `Expires ${formatLocal(NOW + 2 * DAY)} (in 2 days). Fix: Renew for client-cert-expiring`,
    );
    expect(again.notifications).toEqual([]);
    expect(oneDay.notifications.map((n) => n.threshold)).toEqual(['1d']);
    expect(oneHour.notifications.map((n) => n.threshold)).toEqual(['1h']);
    expect(stillOneHour.notifications).toEqual([]);
  });

  it('does not alert before the widest threshold, nor for info findings or warnings without expiry', () => {
    const r = report([
      context('a', [expiring(20 * DAY)]),
      context('b', [finding('token-opaque', 'info', { expiresIn: HOUR })]),
      context('c', [finding('insecure-skip-tls-verify', 'warning')]),
    ]);
    expect(decideAlerts(EMPTY_ALERT_STATE, r, NOW).notifications).toEqual([]);
  });

  it('alerts a new error at once ("now"), once, including report-wide findings', () => {
    const r = report(
      [context('prod', [finding('server-unauthorized', 'error')])],
      [finding('kubeconfig-invalid', 'error')],
    );
    const [first, second] = run([
      { report: r, at: NOW },
      { report: r, at: NOW + HOUR },
    ]);
    expect(first.notifications.map((n) => [n.target, n.threshold])).toEqual([
      [{ rule: 'kubeconfig-invalid' }, 'now'],
      [{ context: 'prod', rule: 'server-unauthorized' }, 'now'],
    ]);
    expect(first.notifications[0]?.title).toBe('kubeconfig-invalid title');
    expect(first.notifications[0]?.body).toBe('Something about kubeconfig-invalid. Fix: Renew for kubeconfig-invalid');
    expect(second.notifications).toEqual([]);
  });

  it('alerts again for a new credential (another fingerprint)', () => {
    const [, renewed] = run([
      { report: report([context('prod', [expiring(2 * DAY, 'AA:01')])]), at: NOW },
      { report: report([context('prod', [expiring(2 * DAY, 'BB:02')])]), at: NOW + 1000 },
    ]);
    expect(renewed.notifications.map((n) => n.threshold)).toEqual(['3d']);
  });

  it('is quiet once fixed, and alerts again when the problem recurs', () => {
    const broken = report([context('prod', [finding('server-unauthorized', 'error')])]);
    const fixed = report([context('prod', [])]);
    const [first, quiet, recurred] = run([
      { report: broken, at: NOW },
      { report: fixed, at: NOW + HOUR },
      { report: broken, at: NOW + 2 * HOUR },
    ]);
    expect(first.notifications).toHaveLength(1);
    expect(quiet.notifications).toEqual([]);
    expect(quiet.state.notified).toEqual({});
    expect(recurred.notifications).toHaveLength(1);
  });

  it('keeps what was sent for a context that vanished (a file mid-replace) so it does not alert twice', () => {
    const broken = report([context('prod', [finding('server-unauthorized', 'error')])]);
    const [, , back] = run([
      { report: broken, at: NOW },
      { report: report([]), at: NOW + 1000 },
      { report: broken, at: NOW + 2000 },
    ]);
    expect(back.notifications).toEqual([]);
  });

  it('sends one summary instead of more than three alerts, and marks them all as sent', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const r = report(names.map((n, i) => context(n, [expiring(2 * DAY, `FP:${i}`)])));
    r.contexts[4]?.findings.push(finding('server-unauthorized', 'error'));
    const [first, second] = run([
      { report: r, at: NOW },
      { report: r, at: NOW + 1000 },
    ]);
    expect(first.notifications).toHaveLength(1);
    expect(first.notifications[0]).toMatchObject({ count: 6, severity: 'error', threshold: 'now' });
    expect(first.notifications[0]?.target).toBeUndefined();
    // Worst first: the error leads the summary; the body stays within what a notification shows.
    expect(first.notifications[0]?.body).toMatch(/^e: server-unauthorized title; .*; and \d more\.$/);
    expect(first.notifications[0]?.body.length).toBeLessThanOrEqual(NOTIFICATION_BODY_MAX);
    expect(Object.keys(first.state.notified)).toHaveLength(6);
    expect(second.notifications).toEqual([]);
  });

  it('keeps every notification body within about 100 characters, cut at a word', () => {
    const long = finding('server-unauthorized', 'error');
    long.detail = `${'The API server answered 401 Unauthorized to every request this context made '.repeat(3)}.`;
    long.fix.steps = [{ title: 'Sign in again with the cloud CLI that issued this credential, then check again' }];
    const [alert] = decideAlerts(EMPTY_ALERT_STATE, report([context('prod', [long])]), NOW).notifications;
    expect(alert?.body.length).toBeLessThanOrEqual(NOTIFICATION_BODY_MAX);
    expect(alert?.body).toMatch(/^The API server answered 401 .*\w…$/);
    expect(alert?.title).toBe('server-unauthorized title');
  });

  it('three alerts stay separate', () => {
    const r = report(['a', 'b', 'c'].map((n) => context(n, [finding('server-unauthorized', 'error')])));
    expect(decideAlerts(EMPTY_ALERT_STATE, r, NOW).notifications.map((n) => n.count)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it.each([
    ['1h', HOUR],
    ['1d', DAY],
  ] as const)('a %s snooze holds, then the alert comes when it ends', (kind, length) => {
    const r = report([context('prod', [finding('server-unauthorized', 'error')])]);
    const snoozed = snoozeFinding(EMPTY_ALERT_STATE, r, { context: 'prod', rule: 'server-unauthorized' }, kind, NOW);
    const [during, after, later] = run(
      [
        { report: r, at: NOW + length - 1000 },
        { report: r, at: NOW + length + 1000 },
        { report: r, at: NOW + length + 2000 },
      ],
      snoozed,
    );
    expect(during.notifications).toEqual([]);
    expect(after.notifications).toHaveLength(1);
    expect(after.state.snoozes).toEqual({});
    expect(later.notifications).toEqual([]);
  });

  it('a snooze until the credential changes holds across thresholds and ends with a new credential', () => {
    const at = (fp: string, expiresIn: number) => report([context('prod', [expiring(expiresIn, fp)])]);
    const snoozed = snoozeFinding(
      EMPTY_ALERT_STATE,
      at('AA:01', 2 * DAY),
      { context: 'prod', rule: 'client-cert-expiring' },
      'credential',
      NOW,
    );
    const [threeDays, oneHour, renewed] = run(
      [
        { report: at('AA:01', 2 * DAY), at: NOW },
        { report: at('AA:01', 2 * DAY), at: NOW + 2 * DAY - 30 * 60_000 },
        { report: at('BB:02', 4 * DAY), at: NOW + 2 * DAY },
      ],
      snoozed,
    );
    expect(threeDays.notifications).toEqual([]);
    expect(oneHour.notifications).toEqual([]);
    expect(renewed.notifications.map((n) => n.threshold)).toEqual(['3d']);
    expect(renewed.state.snoozes).toEqual({});
  });

  it('snoozing a finding that is gone changes nothing', () => {
    expect(
      snoozeFinding(EMPTY_ALERT_STATE, report([]), { rule: 'token-expired', context: 'y' }, 'credential', NOW),
    ).toBe(EMPTY_ALERT_STATE);
  });

  it('pause silences everything until it ends; what is still due comes after', () => {
    const r = report([context('prod', [finding('server-unauthorized', 'error')])]);
    const paused = pauseAlerts(EMPTY_ALERT_STATE, NOW + HOUR);
    const [during, after] = run(
      [
        { report: r, at: NOW },
        { report: r, at: NOW + HOUR + 1 },
      ],
      paused,
    );
    expect(during.notifications).toEqual([]);
    expect(during.state.pausedUntil).toBe(new Date(NOW + HOUR).toISOString());
    expect(after.notifications).toHaveLength(1);
    expect(after.state.pausedUntil).toBeUndefined();
    expect(pauseAlerts(paused, undefined).pausedUntil).toBeUndefined();
  });

  it('alerts a network-class finding only once two consecutive checks agree; a credential finding at once', () => {
    // server-unreachable is a warning without expiry, which alerts only because it is network-class.
    const unreachable = report([context('prod', [finding('server-unreachable', 'warning')])]);
    const calm = report([context('prod', [])]);
    const at = (n: number) => ({ at: NOW + n * 5 * 60_000 });
    // One failed probe (a laptop waking up), then fine: never a notification.
    const [blip, recovered] = run([
      { report: unreachable, ...at(0) },
      { report: calm, ...at(1) },
    ]);
    expect(blip.notifications).toEqual([]);
    expect(Object.keys(blip.state.pending ?? {})).toHaveLength(1);
    expect(recovered.notifications).toEqual([]);
    expect(recovered.state.pending).toBeUndefined();
    // Unreachable, fine, unreachable: still no two in a row.
    const flapping = run([
      { report: unreachable, ...at(0) },
      { report: calm, ...at(1) },
      { report: unreachable, ...at(2) },
    ]);
    expect(flapping.flatMap((d) => d.notifications)).toEqual([]);
    // Two in a row: one notification, on the second, and none after.
    const [first, second, third] = run([
      { report: unreachable, ...at(0) },
      { report: unreachable, ...at(1) },
      { report: unreachable, ...at(2) },
    ]);
    expect(first.notifications).toEqual([]);
    expect(second.notifications.map((n) => [n.target?.rule, n.threshold])).toEqual([['server-unreachable', 'now']]);
    expect(second.state.pending).toBeUndefined();
    expect(third.notifications).toEqual([]);
    // A credential error in the same first check alerts at once, while the network one waits.
    const [mixed] = run([
      {
        report: report([
          context('prod', [finding('server-unreachable', 'warning')]),
          context('ci', [finding('server-unauthorized', 'error')]),
        ]),
        ...at(0),
      },
    ]);
    expect(mixed.notifications.map((n) => n.target?.rule)).toEqual(['server-unauthorized']);
    // The wait survives a restart: the state round-trips through its JSON document.
    const restored = toAlertState(JSON.parse(JSON.stringify(blip.state)));
    expect(restored).toEqual(blip.state);
    expect(decideAlerts(restored ?? EMPTY_ALERT_STATE, unreachable, NOW + 60_000).notifications).toHaveLength(1);
  });

  it('never puts evidence values that are not identity into notifications', () => {
    const leaky = finding('server-unauthorized', 'error');
    leaky.evidence.reason = CANARY;
    const decision = decideAlerts(EMPTY_ALERT_STATE, report([context('prod', [leaky])]), NOW);
    expect(decision.notifications).toHaveLength(1);
    expect(JSON.stringify(decision)).not.toContain(CANARY);
  });
});

describe('alert state documents', () => {
  it('accepts what the policy writes and rejects anything else', () => {
    const { state } = decideAlerts(
      pauseAlerts(EMPTY_ALERT_STATE, NOW + HOUR),
      report([context('p', [finding('server-unauthorized', 'error')])]),
      NOW,
    );
    expect(toAlertState(JSON.parse(JSON.stringify(state)))).toEqual(state);
    for (const bad of [null, [], { version: 2, notified: {}, snoozes: {} }, { version: 1, notified: { k: 'x' } }]) {
      expect(toAlertState(bad)).toBeUndefined();
    }
    expect(toAlertState({ version: 1, notified: {}, snoozes: { k: {} } })).toBeUndefined();
    expect(toAlertState({ version: 1, notified: {}, snoozes: {}, pending: { k: 'x' } })).toBeUndefined();
  });
});

describe('tray model', () => {
  it('shows the worst status, a one-line tooltip and the contexts, current first', () => {
    const r = report([
      context('dev', [finding('insecure-skip-tls-verify', 'warning')]),
      context('prod', [expiring(2 * DAY), finding('token-opaque', 'info')], true),
      context('ci', [finding('server-unauthorized', 'error')]),
    ]);
    const model = trayModel(r, NOW, { checking: false, lastCheck: r.checkedAt });
    expect(model.status).toBe('error');
    expect(model.tooltip).toBe('ci: server-unauthorized title; 2 other problems');
    expect(model.contexts.map((c) => [c.name, c.status, c.current])).toEqual([
      ['prod', 'warning', true],
      ['dev', 'warning', false],
      ['ci', 'error', false],
    ]);
  });

  it('says when the soonest expiry is, and when all is well', () => {
    expect(trayModel(report([context('prod', [expiring(2 * DAY)], true)]), NOW, { checking: false }).tooltip).toBe(
      'prod: client-cert-expiring title (in 2 days)',
    );
    const ok = trayModel(report([context('a', []), context('b', [])]), NOW, { checking: true });
    expect([ok.status, ok.tooltip, ok.checking]).toEqual(['ok', 'All 2 contexts OK', true]);
    expect(trayModel(report([]), NOW, { checking: false }).tooltip).toBe('No contexts in the kubeconfig');
  });

  it('a failed check is "unknown" with the reason on one line', () => {
    const model = failedTrayModel('EACCES: permission denied\n  at somewhere', undefined, { checking: false });
    expect(model).toMatchObject({ status: 'unknown', tooltip: 'Check failed: EACCES: permission denied at somewhere' });
  });
});
