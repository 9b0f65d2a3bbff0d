/**
 * A context's status, and the tray's: a credential nothing tested is "not-checked" and a stopped
 * local cluster "not-running", never "ok"; a warning or an error always wins.
 */
import { describe, expect, it } from 'vitest';
import { trayModel } from '../../shared/alerts/tray';
import { diagnose } from '../../shared/diagnose';
import type { ContextSubject, ExecRun, ProbeResult, Snapshot } from '../../shared/facts';
import { worstOf, type Report } from '../../shared/findings';
import { formatDuration } from '../../shared/time';
import { ENV } from '../support/rules';
import { data, makeClientCerts, subject as certSubject } from '../support/subjects/client-cert';
import { subjectWith as execSubject, CANARY } from '../support/subjects/exec-run';
import { answered, subjectWith as probeSubject } from '../support/subjects/probe';

const c = makeClientCerts();

function statusOf(subject: ContextSubject, probe?: ProbeResult): string | undefined {
  const snapshot: Snapshot = probe
    ? { ...subject.snapshot, probes: new Map([[subject.name, probe]]) }
    : subject.snapshot;
  return diagnose(snapshot, ENV).contexts[0]?.status;
}

const REFUSED: ProbeResult = {
  state: 'network-error',
  code: 'ECONNREFUSED',
  message: 'connect ECONNREFUSED 127.0.0.1:6443',
  timedOut: false,
  stage: 'connect',
};

const ISSUED: ExecRun = {
  state: 'ok',
  credential: { apiVersion: 'client.authentication.k8s.io/v1beta1', token: CANARY },
  cached: false,
  durationMs: 800,
};

describe('context status', () => {
  it('is not-checked for an exec plugin that did not run: offline, or not approved (never a calm info)', () => {
    expect(statusOf(execSubject(undefined))).toBe('not-checked');
    const untrusted = execSubject({ state: 'skipped', reason: 'untrusted' });
    expect(diagnose(untrusted.snapshot, ENV).contexts[0]?.findings.map((f) => [f.rule, f.severity])).toEqual([
      ['exec-plugin-untrusted', 'info'],
    ]);
    expect(statusOf(untrusted)).toBe('not-checked');
  });

  it('is ok once the plugin handed out a credential, and an error when it failed', () => {
    expect(statusOf(execSubject(ISSUED))).toBe('ok');
    const failed: ExecRun = {
      state: 'failed',
      exitCode: 1,
      timedOut: false,
      cause: 'crashed',
      stderrTail: 'boom',
      durationMs: 50,
    };
    expect(statusOf(execSubject(failed))).toBe('error');
  });

  it('is ok offline for a certificate whose validity the file gives, and the worst severity whatever was tested', () => {
    expect(statusOf(certSubject({ user: data(c.valid) }))).toBe('ok');
    expect(statusOf(certSubject({ user: data(c.expired) }))).toBe('error');
    expect(statusOf(certSubject({ user: data(c.expiring) }))).toBe('warning');
  });

  it('is not-checked for a token without a readable expiry until the server answered it', () => {
    const opaque = probeSubject({ server: 'https://10.0.0.1:6443' });
    expect(statusOf(opaque)).toBe('not-checked');
    expect(statusOf(opaque, answered(201, { identity: { username: 'alice', groups: [] } }))).toBe('info');
  });

  it('is not-running for a stopped local cluster, unless something is wrong besides', () => {
    const kind = probeSubject({ server: 'https://127.0.0.1:6443' });
    expect(statusOf(kind, REFUSED)).toBe('not-running');
    const expired = certSubject({ user: data(c.expired), cluster: { server: 'https://127.0.0.1:6443' } });
    expect(statusOf(expired, REFUSED)).toBe('error');
    // A remote server that refuses is a warning (server-unreachable), as before.
    expect(statusOf(probeSubject({}), REFUSED)).toBe('warning');
  });
});

describe('the tray', () => {
  function report(statuses: Report['contexts'][number]['status'][]): Report {
    const base = diagnose(certSubject({ user: data(c.valid) }).snapshot, ENV);
    const [context] = base.contexts;
    if (!context) throw new Error('no context');
    return {
      ...base,
      contexts: statuses.map((status, i) => ({ ...context, name: `c${i}`, current: i === 0, status })),
    };
  }

  it('shows the worst context status, says what is not known to be OK, and which context stops working first', () => {
    // Every context here has the same valid certificate: the first of them is named.
    const until = report(['ok']).contexts[0]?.worksUntil;
    expect(until?.cause).toBe('client certificate expires');
    const ends = `; c0 stops working in ${formatDuration(Date.parse(until?.at ?? '') - ENV.now)}: client certificate expires`;
    expect(trayModel(report(['ok', 'ok']), ENV.now, { checking: false })).toMatchObject({
      status: 'ok',
      tooltip: `All 2 contexts OK${ends}`,
    });
    expect(trayModel(report(['ok', 'not-checked', 'not-running']), ENV.now, { checking: false })).toMatchObject({
      status: 'not-checked',
      tooltip: `1 OK, 1 not checked, 1 not running${ends}`,
    });
    expect(trayModel(report(['not-running']), ENV.now, { checking: false })).toMatchObject({
      status: 'not-running',
      tooltip: `1 not running${ends}`,
    });
  });

  it('ranks a warning over the neutral states, and them over info', () => {
    expect(worstOf(['not-checked', 'warning', 'not-running'])).toBe('warning');
    expect(worstOf(['info', 'not-running'])).toBe('not-running');
    expect(worstOf([])).toBe('ok');
  });
});
