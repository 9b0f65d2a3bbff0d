import { beforeAll, describe, expect, it } from 'vitest';
import clusterCaExpired from '../../shared/rules/cluster-ca-expired';
import { DAY } from '../fixtures/pki';
import { testRule } from '../support/rule-tester';
import { commandsOf, NOW } from '../support/rules';
import { CA_FILE, caData, makeClusterCas, run, subject, type ClusterCas } from '../support/subjects/cluster-trust';

let cas: ClusterCas;
beforeAll(() => {
  cas = makeClusterCas();
});

testRule(clusterCaExpired, {
  valid: [
    { name: 'a valid CA', subject: () => subject(caData(cas.ca.certPem)) },
    {
      name: 'a rotation bundle with one valid CA',
      subject: () => subject(caData(`${cas.expiredCa.certPem}${cas.ca.certPem}`)),
    },
    { name: 'no CA', subject: () => subject({}) },
    { name: 'a CA that does not parse (cluster-ca-invalid)', subject: () => subject(caData('garbage')) },
  ],
  invalid: [
    {
      name: 'reports the last CA to expire when every CA of a bundle has expired',
      subject: () => subject(caData(`${cas.olderCa.certPem}${cas.expiredCa.certPem}`)),
      findings: [
        {
          detail: ['All 2 CA certificates'],
          expiresAt: new Date(NOW - 3 * DAY).toISOString(),
          evidenceMatching: { certificates: 2 },
        },
      ],
    },
    {
      name: 'reads a CA file',
      subject: () => subject({ 'certificate-authority': CA_FILE }, { [CA_FILE]: cas.expiredCa.certPem }),
      findings: [{ evidenceMatching: { origin: 'file', path: CA_FILE } }],
    },
  ],
});

describe('cluster-ca-expired', () => {
  it('fires for an expired CA, with its public facts and expiry', () => {
    const [finding, ...rest] = run(clusterCaExpired, caData(cas.expiredCa.certPem));
    expect(rest).toEqual([]);
    expect(finding?.severity).toBeUndefined(); // error
    expect(finding?.expiresAt).toBe(new Date(NOW - 3 * DAY).toISOString());
    expect(finding?.detail).toContain('expired 2026-05-29 12:00 UTC (3 days ago)');
    expect(finding?.evidence).toMatchObject({
      cluster: 'prod',
      field: 'certificate-authority-data',
      subject: 'CN=kubernetes',
      issuer: 'CN=kubernetes',
      notAfter: new Date(NOW - 3 * DAY).toISOString(),
      certificates: 1,
    });
    expect(finding?.evidence.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(commandsOf(finding ? [finding] : [])).toContain(
      'kubectl config --kubeconfig /home/u/.kube/config set-cluster prod --certificate-authority=ca.crt --embed-certs=true',
    );
  });
});
