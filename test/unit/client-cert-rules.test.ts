/** The client-cert-* rules together: what none of them may raise, and one decoding shared by all. */
import { describe, expect, it } from 'vitest';
import { clientLeaf } from '../../shared/credentials/client-cert';
import { toData } from '../fixtures/pki';
import { ENV, subjectsOf } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';
import {
  CERT_FILE,
  CLIENT_CERT_RULES,
  CONFIG,
  data,
  fired,
  KEY_FILE,
  makeClientCerts,
  SERVER,
  withCa,
} from '../support/subjects/client-cert';

const c = makeClientCerts();

describe('a healthy client certificate', () => {
  it('raises nothing: signed by the cluster CA, matching key, valid, no system:masters', () => {
    expect(fired({ user: data(c.valid), cluster: withCa(c.ca) })).toEqual([]);
  });

  it("raises nothing when kubectl does not send it: a certificate without a key is credentials-conflict's", () => {
    expect(fired({ user: { 'client-certificate-data': toData(c.expired.certPem) }, cluster: withCa(c.ca) })).toEqual(
      [],
    );
    expect(fired({ user: { 'client-certificate-data': toData('garbage') } })).toEqual([]);
  });

  it("raises nothing when the certificate file cannot be read (file-reference-missing's)", () => {
    expect(fired({ user: { 'client-certificate': CERT_FILE, 'client-key': KEY_FILE } })).toEqual([]);
  });
});

describe('memoization', () => {
  it('decodes a certificate shared by 1000 contexts once', () => {
    const contexts = Array.from({ length: 1000 }, (_, i) => ({
      name: `ctx-${i}`,
      context: { cluster: 'c', user: 'alice' },
    }));
    const config = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: SERVER, ...withCa(c.ca) } }],
      users: [{ name: 'alice', user: data(c.expired) }],
      contexts,
    });
    const subjects = subjectsOf(snapshotFrom({ sources: { [CONFIG]: config } }));
    expect(subjects).toHaveLength(1000);
    const leaves = new Set(subjects.map((s) => clientLeaf(s)?.leaf));
    // One decoded object for every context: the memo hands out the same certificate.
    expect(leaves.size).toBe(1);
    const findings = subjects.flatMap((s) => CLIENT_CERT_RULES.flatMap((rule) => rule.check(s, ENV)));
    // Speed is npm run bench's to measure; here: one finding per context from the one decoded certificate.
    expect(findings).toHaveLength(1000);
  });
});
