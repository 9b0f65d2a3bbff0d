import { describe, expect, it } from 'vitest';
import clientCertUntrustedIssuer from '../../shared/rules/client-cert-untrusted-issuer';
import { DAY, selfSigned } from '../fixtures/pki';
import { testRule } from '../support/rule-tester';
import { commandsOf, NOW } from '../support/rules';
import { at, data, makeClientCerts, run, subject, withCa } from '../support/subjects/client-cert';

const c = makeClientCerts();

testRule(clientCertUntrustedIssuer, {
  valid: [
    {
      name: 'a chain carrying its intermediate',
      subject: () =>
        subject({
          user: data(`${c.viaIntermediate.certPem}${c.intermediate.certPem}`, c.viaIntermediate.keyPem),
          cluster: withCa(c.ca),
        }),
    },
    {
      name: 'a cluster that trusts the intermediate itself',
      subject: () => subject({ user: data(c.viaIntermediate), cluster: withCa(c.intermediate) }),
    },
    { name: 'no CA', subject: () => subject({ user: data(c.foreign) }) },
    { name: 'a CA that does not parse', subject: () => subject({ user: data(c.foreign), cluster: withCa('garbage') }) },
    {
      name: 'a bundle that holds the issuer',
      subject: () =>
        subject({ user: data(c.valid), cluster: withCa(`${selfSigned({ cn: 'other' }).certPem}${c.ca.certPem}`) }),
    },
    {
      name: 'an EC certificate signed by an RSA CA',
      subject: () => subject({ user: data(c.ecCert, c.ecKey), cluster: withCa(c.ca) }),
    },
  ],
  invalid: [
    {
      name: 'fires for a self-signed client certificate',
      subject: () =>
        subject({
          user: data(selfSigned({ cn: 'alice', notBefore: at(NOW - DAY), notAfter: at(NOW + 90 * DAY) })),
          cluster: withCa(c.ca),
        }),
      findings: [{}],
    },
    {
      name: 'fires for a certificate from an intermediate the file does not carry',
      subject: () => subject({ user: data(c.viaIntermediate), cluster: withCa(c.ca) }),
      findings: [{}],
    },
  ],
});

describe('client-cert-untrusted-issuer', () => {
  it('fires for a certificate from another CA of the same name, with both sides in the evidence', () => {
    const [finding, ...rest] = run(clientCertUntrustedIssuer, { user: data(c.foreign), cluster: withCa(c.ca) });
    expect(rest).toEqual([]);
    expect(finding?.detail).toContain('was issued by CN=kubernetes, but the CA of cluster c (CN=kubernetes;');
    expect(finding?.evidence).toMatchObject({ cluster: 'c', caSubjects: ['CN=kubernetes'], issuer: 'CN=kubernetes' });
    expect(finding?.evidence.caFingerprints).toEqual([expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)]);
    expect(commandsOf(finding ? [finding] : [])).toContain(
      'openssl req -new -newkey rsa:2048 -nodes -keyout alice.key -subj /CN=alice/O=dev -out alice.csr',
    );
  });
});
