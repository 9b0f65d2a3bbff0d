import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../shared/facts';
import serverCertExpired from '../../shared/rules/server-cert-expired';
import { testRule } from '../support/rule-tester';
import { commandsOf, NOW } from '../support/rules';
import { QUIET_PROBES, run, SERVER_CERT, subjectWith } from '../support/subjects/probe';

testRule(serverCertExpired, {
  meta: { needs: 'probe' },
  valid: [
    ...QUIET_PROBES,
    {
      name: 'other TLS errors',
      subject: () => subjectWith({}, { state: 'tls-error', code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self-signed' }),
    },
  ],
});

describe('server-cert-expired', () => {
  const expired = (notAfter: number): ProbeResult => ({
    state: 'tls-error',
    code: 'CERT_HAS_EXPIRED',
    message: 'certificate has expired',
    serverCertificate: { ...SERVER_CERT, issuer: 'CN=kubernetes', notAfter },
  });

  it('dates the expiry and gives the kubeadm renewal', () => {
    const findings = run(serverCertExpired, {}, expired(NOW - 2 * 86_400_000));
    expect(findings[0]?.detail).toContain('expired 2026-05-30 12:00 UTC (2 days ago)');
    expect(findings[0]?.expiresAt).toBe('2026-05-30T12:00:00.000Z');
    expect(commandsOf(findings)).toContain('sudo kubeadm certs check-expiration');
    expect(commandsOf(findings)).toContain('sudo kubeadm certs renew all');
  });

  it('blames the chain when the server certificate itself is in date', () => {
    const findings = run(serverCertExpired, {}, expired(NOW + 86_400_000));
    expect(findings[0]?.detail).toContain('A CA certificate in the chain');
    expect(findings[0]?.expiresAt).toBeUndefined();
  });

  it('sends managed clusters to their provider instead of kubeadm', () => {
    const findings = run(
      serverCertExpired,
      { server: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com' },
      expired(NOW - 1),
    );
    expect(findings[0]?.fix.map((s) => s.title)).toContain(
      'Amazon EKS rotates the API server certificate itself: open a support case with the provider',
    );
    expect(commandsOf(findings)).not.toContain('sudo kubeadm certs renew all');
  });
});
