import { describe, expect, it } from 'vitest';
import clockSkew from '../../shared/rules/clock-skew';
import { testRule } from '../support/rule-tester';
import { commandsOf, NOW } from '../support/rules';
import { answered, QUIET_PROBES, run, subjectWith } from '../support/subjects/probe';

const skewed = (offsetMs: number) => answered(201, { serverDate: NOW - offsetMs, localDate: NOW });

testRule(clockSkew, {
  meta: { needs: 'probe' },
  valid: [
    ...QUIET_PROBES,
    { name: '30 seconds behind', subject: () => subjectWith({}, skewed(30_000)) },
    { name: '29 seconds ahead', subject: () => subjectWith({}, skewed(-29_000)) },
    { name: 'no Date header', subject: () => subjectWith({}, answered(201)) },
  ],
});

describe('clock-skew', () => {
  it('warns past 30 s, with both times and the offset', () => {
    const findings = run(clockSkew, {}, skewed(45_000));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBeUndefined();
    expect(clockSkew.meta.severity).toBe('warning');
    expect(findings[0]?.detail).toContain("This computer's clock is 45 seconds ahead of the API server");
    expect(findings[0]?.evidence).toMatchObject({
      serverDate: '2026-06-01T11:59:15Z',
      localDate: '2026-06-01T12:00:00Z',
      offsetSeconds: 45,
    });
    expect(commandsOf(findings)).toEqual([
      'timedatectl status',
      'sudo chronyc makestep',
      'sudo timedatectl set-ntp true',
      'kubectl auth whoami --context prod',
    ]);
  });

  it('is an error past 5 minutes, in either direction, with the platform clock fix', () => {
    const behind = run(clockSkew, {}, skewed(-7 * 60_000), 'win32');
    expect(behind[0]?.severity).toBe('error');
    expect(behind[0]?.detail).toContain('7 minutes behind the API server');
    expect(behind[0]?.evidence.offsetSeconds).toBe(-420);
    expect(commandsOf(behind)).toContain('w32tm /resync');
    expect(commandsOf(run(clockSkew, {}, skewed(6 * 60_000), 'darwin'))).toContain('sudo sntp -sS time.apple.com');
  });
});
