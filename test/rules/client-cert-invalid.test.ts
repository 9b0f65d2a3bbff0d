import { describe, expect, it } from 'vitest';
import clientCertInvalid from '../../shared/rules/client-cert-invalid';
import { toData } from '../fixtures/pki';
import { testRule } from '../support/rule-tester';
import { commandsOf } from '../support/rules';
import {
  CERT_FILE,
  data,
  fired,
  KEY_FILE,
  makeClientCerts,
  run,
  subject,
  withCa,
  type Setup,
} from '../support/subjects/client-cert';

const c = makeClientCerts();

const reason = (setup: Setup) => run(clientCertInvalid, setup).map((d) => d.evidence.reason);

testRule(clientCertInvalid, {
  valid: [
    { name: 'an RSA certificate and key that parse', subject: () => subject({ user: data(c.valid) }) },
    { name: 'an EC certificate and key that parse', subject: () => subject({ user: data(c.ecCert, c.ecKey) }) },
  ],
  invalid: [
    {
      name: 'fires for text that is not PEM in the data field',
      subject: () => subject({ user: data('garbage, not a certificate', c.valid.keyPem) }),
      findings: [
        {
          evidenceMatching: {
            reason: 'it holds no PEM block (kubectl: "tls: failed to find any PEM data in certificate input")',
          },
        },
      ],
    },
  ],
});

describe('client-cert-invalid', () => {
  it('fires for text that is not PEM in a file', () => {
    const files = { [CERT_FILE]: 'garbage', [KEY_FILE]: c.valid.keyPem };
    const [finding] = run(clientCertInvalid, {
      user: { 'client-certificate': CERT_FILE, 'client-key': KEY_FILE },
      files,
    });
    expect(finding?.evidence).toMatchObject({ origin: 'file', path: CERT_FILE, user: 'alice' });
    expect(commandsOf(finding ? [finding] : [])[0]).toBe(`grep -- '-----BEGIN' ${CERT_FILE}`);
  });

  it('names the common mistakes: PEM encoded twice, a key in the certificate field, a broken body', () => {
    expect(reason({ user: data(toData(c.valid.certPem), c.valid.keyPem) })[0]).toContain('base64-encoded twice');
    expect(reason({ user: data(c.valid.keyPem, c.valid.keyPem) })[0]).toContain(
      'holds a private key, not a certificate',
    );
    const broken = `-----BEGIN CERTIFICATE-----\n${Buffer.from('not DER at all').toString('base64')}\n-----END CERTIFICATE-----\n`;
    expect(reason({ user: data(broken, c.valid.keyPem) })[0]).toContain('x509: malformed certificate');
  });

  it('fires for a key that does not parse, with the kubectl error, and inspects the data field', () => {
    const [finding, ...rest] = run(clientCertInvalid, { user: data(c.valid, c.valid.certPem) });
    expect(rest).toEqual([]);
    expect(finding?.title).toBe('Client key does not parse');
    expect(finding?.evidence).toMatchObject({ field: 'client-key-data' });
    expect(finding?.evidence.reason).toContain('found a certificate rather than a key');
    expect(commandsOf(finding ? [finding] : [])[0]).toBe(
      `kubectl config --kubeconfig /home/u/.kube/config view --raw -o jsonpath='{.users[?(@.name=="alice")].user.client-key-data}' | base64 -d | grep -a -- '-----BEGIN'`,
    );
  });

  it('leaves the other client-cert rules quiet on garbage', () => {
    expect(fired({ user: data('garbage', c.valid.keyPem), cluster: withCa(c.ca) })).toEqual(['client-cert-invalid']);
  });
});
