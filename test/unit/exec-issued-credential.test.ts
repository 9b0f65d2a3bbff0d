import { describe, expect, it } from 'vitest';
import { execIssuedCredential } from '../../shared/exec/effective';
import type { ExecRun } from '../../shared/facts';
import { selfSigned } from '../fixtures/pki';
import { NOW } from '../support/rules';
import { failed, subjectWith } from '../support/subjects/exec-run';

describe('execIssuedCredential', () => {
  it('gives the token and certificate the plugin returned, for the token and certificate rules', () => {
    const { certPem, keyPem } = selfSigned({ cn: 'jane' });
    const run: ExecRun = {
      state: 'ok',
      credential: {
        apiVersion: 'v',
        token: 'k8s-aws-v1.abc',
        clientCertificateData: certPem,
        clientKeyData: keyPem,
        expirationTimestamp: NOW,
      },
      cached: true,
      durationMs: 0,
      checkedAt: NOW - 5,
    };
    const subject = subjectWith(run);
    expect(execIssuedCredential(subject.snapshot, subject.user as NonNullable<typeof subject.user>)).toEqual({
      user: 'u',
      command: 'aws',
      cached: true,
      expiresAt: NOW,
      checkedAt: NOW - 5,
      token: 'k8s-aws-v1.abc',
      decodedToken: { format: 'opaque' },
      clientCertificatePem: certPem,
      clientKeyPem: keyPem,
    });
  });

  it('is undefined offline, after a failure, and when a static credential shadows the plugin', () => {
    const okRun: ExecRun = { state: 'ok', credential: { apiVersion: 'v', token: 't' }, cached: false, durationMs: 1 };
    for (const [run, options] of [
      [undefined, {}],
      [failed('unknown'), {}],
      [okRun, { user: { token: 'static' } }],
    ] as const) {
      const subject = subjectWith(run, options);
      expect(execIssuedCredential(subject.snapshot, subject.user as NonNullable<typeof subject.user>)).toBeUndefined();
    }
  });
});
