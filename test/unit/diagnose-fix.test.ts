/**
 * The engine turns a rule's drafts into findings: the rule's id on each, and the draft's steps filed
 * under the guide of that id (what `kubeward fix GUIDE` takes), `fix` kept where the rule wrote it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../shared/diagnose';
import { findingAt, type Report } from '../../shared/findings';
import clientCertExpired from '../../shared/rules/client-cert-expired';
import tokenExpired from '../../shared/rules/token-expired';
import { serviceAccountToken } from '../fixtures/jwt';
import { createCa, toData } from '../fixtures/pki';
import { ENV, NOW, subjectOf } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CONFIG = '/home/u/.kube/config';

/** Context `sa` sends an expired ServiceAccount token, context `cert` an expired client certificate. */
let kubeconfig: string;
let report: Report;

beforeAll(async () => {
  const token = await serviceAccountToken({ namespace: 'prod', name: 'deployer', issuedAt: NOW - 2 * HOUR });
  const ca = createCa({ cn: 'kubernetes', notBefore: new Date(NOW - 365 * DAY), notAfter: new Date(NOW + 3650 * DAY) });
  const cert = ca.issue({
    cn: 'alice',
    organizations: ['dev'],
    notBefore: new Date(NOW - 400 * DAY),
    notAfter: new Date(NOW - 2 * HOUR),
  });
  kubeconfig = JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': 'sa',
    clusters: [
      { name: 'c', cluster: { server: 'https://10.0.0.1:6443', 'certificate-authority-data': toData(ca.certPem) } },
    ],
    users: [
      { name: 'deployer', user: { token } },
      {
        name: 'alice',
        user: { 'client-certificate-data': toData(cert.certPem), 'client-key-data': toData(cert.keyPem) },
      },
    ],
    contexts: [
      { name: 'sa', context: { cluster: 'c', user: 'deployer' } },
      { name: 'cert', context: { cluster: 'c', user: 'alice' } },
    ],
  });
  report = diagnose(snapshotFrom({ sources: { [CONFIG]: kubeconfig } }), ENV);
});

describe('diagnose', () => {
  it("files an expired token's steps under guide token-expired, as the rule drafted them", () => {
    const finding = findingAt(report, { context: 'sa', rule: 'token-expired' });
    expect(finding?.fix.guide).toBe('token-expired');
    const [draft] = tokenExpired.check(subjectOf({ sources: { [CONFIG]: kubeconfig } }, 'sa'), ENV);
    expect(finding?.fix.steps).toEqual(draft?.fix);
  });

  it("files an expired client certificate's steps under guide client-cert-expired, as the rule drafted them", () => {
    const finding = findingAt(report, { context: 'cert', rule: 'client-cert-expired' });
    expect(finding?.fix.guide).toBe('client-cert-expired');
    const [draft] = clientCertExpired.check(subjectOf({ sources: { [CONFIG]: kubeconfig } }, 'cert'), ENV);
    expect(finding?.fix.steps).toEqual(draft?.fix);
  });

  it('names every guide by the rule that found it', () => {
    const findings = [...report.findings, ...report.contexts.flatMap((c) => c.findings)];
    expect(findings.length).toBeGreaterThan(1);
    for (const finding of findings) expect(finding.fix.guide).toBe(finding.rule);
  });

  it('keeps the keys in the order the JSON output has always had', () => {
    const finding = findingAt(report, { context: 'sa', rule: 'token-expired' });
    expect(Object.keys(finding ?? {})).toEqual(['rule', 'severity', 'title', 'detail', 'expiresAt', 'evidence', 'fix']);
    // A ServiceAccount token another context can renew: the guide has paths after its (empty) steps.
    expect(Object.keys(finding?.fix ?? {})).toEqual(['guide', 'steps', 'paths']);
  });
});
