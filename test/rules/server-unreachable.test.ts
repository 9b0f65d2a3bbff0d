import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../shared/facts';
import serverUnreachable from '../../shared/rules/server-unreachable';
import { testRule } from '../support/rule-tester';
import { commandsOf } from '../support/rules';
import { answered, QUIET_PROBES, run, subjectWith } from '../support/subjects/probe';

testRule(serverUnreachable, {
  meta: { needs: 'probe', severity: 'warning' },
  valid: [
    ...QUIET_PROBES,
    { name: 'an answer', subject: () => subjectWith({}, answered(401)) },
    {
      name: 'a TLS error',
      subject: () => subjectWith({}, { state: 'tls-error', code: 'CERT_HAS_EXPIRED', message: 'x' }),
    },
  ],
});

describe('server-unreachable', () => {
  const network = (
    code: string,
    extra: Partial<Extract<ProbeResult, { state: 'network-error' }>> = {},
  ): ProbeResult => ({
    state: 'network-error',
    code,
    message: `connect ${code}`,
    timedOut: false,
    stage: 'connect',
    ...extra,
  });

  it('tells a name that does not resolve, with the VPN hint and a lookup per platform', () => {
    const probe = network('ENOTFOUND', { stage: 'dns' });
    const findings = run(serverUnreachable, {}, probe);
    expect(findings[0]?.detail).toContain('The name api.prod.example.com does not resolve (ENOTFOUND)');
    expect(findings[0]?.detail).toContain('VPN');
    expect(commandsOf(findings)).toEqual(['nslookup api.prod.example.com', 'kubectl auth whoami --context prod']);
    expect(commandsOf(run(serverUnreachable, {}, probe, 'win32'))[0]).toBe('Resolve-DnsName api.prod.example.com');
  });

  it("says a remote server refused, in kubectl words; a stopped local cluster is cluster-not-running's", () => {
    const findings = run(serverUnreachable, { server: 'https://10.0.0.5:6443' }, network('ECONNREFUSED'));
    expect(findings[0]?.detail).toContain('10.0.0.5:6443 refused the connection: nothing listens on that port');
    expect(findings[0]?.detail).toContain(
      '"The connection to the server 10.0.0.5:6443 was refused - did you specify the right host or port?"',
    );
    expect(commandsOf(findings)).toContain('nc -vz -w 5 10.0.0.5 6443');
    expect(
      commandsOf(run(serverUnreachable, { server: 'https://10.0.0.5:6443' }, network('ECONNREFUSED'), 'win32')),
    ).toContain('Test-NetConnection 10.0.0.5 -Port 6443');
    expect(run(serverUnreachable, { server: 'https://127.0.0.1:6443' }, network('ECONNREFUSED'))).toEqual([]);
  });

  it('tells a connect timeout (firewall, VPN) from a server that connects and never answers', () => {
    const connectTimeout = network('ETIMEDOUT', { timedOut: true, message: 'no answer within 10 s (connecting)' });
    expect(run(serverUnreachable, {}, connectTimeout)[0]?.detail).toContain('did not accept a connection');
    const silent = network('ETIMEDOUT', { timedOut: true, stage: 'response', message: 'no answer within 10 s' });
    const findings = run(serverUnreachable, {}, silent);
    expect(findings[0]?.detail).toContain('accepted the connection but did not answer');
    expect(findings[0]?.evidence).toMatchObject({ timedOut: true, stage: 'response', code: 'ETIMEDOUT' });
    expect(commandsOf(findings)).toEqual(['kubectl auth whoami --context prod']);
  });

  it('says when the answer is not HTTP, and when the proxy is the one that is down', () => {
    const garbage = network('HPE_INVALID_CONSTANT', { stage: 'response', message: 'the answer is not HTTP' });
    expect(run(serverUnreachable, {}, garbage)[0]?.detail).toContain('but not an API server');
    const proxyDown = network('ECONNREFUSED', { proxy: 'http://proxy.corp:3128' });
    const findings = run(serverUnreachable, {}, proxyDown);
    expect(findings[0]?.detail).toContain('through the proxy http://proxy.corp:3128');
    expect(findings[0]?.detail).toContain('The proxy http://proxy.corp:3128 cannot be reached');
    expect(findings[0]?.fix[0]?.title).toContain('Check that the proxy http://proxy.corp:3128 is running');
  });
});
