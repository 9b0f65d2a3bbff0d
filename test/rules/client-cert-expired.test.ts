import { describe, expect, it } from 'vitest';
import clientCertExpired from '../../shared/rules/client-cert-expired';
import clientCertExpiring from '../../shared/rules/client-cert-expiring';
import { DAY } from '../fixtures/pki';
import { testRule } from '../support/rule-tester';
import { commandsOf, ENV, NOW } from '../support/rules';
import {
  at,
  CERT_FILE,
  data,
  EKS_CONTEXT,
  HOUR,
  KEY_FILE,
  makeClientCerts,
  run,
  subject,
  withCa,
} from '../support/subjects/client-cert';

const c = makeClientCerts();

/** Valid up to and including notAfter. */
const edge = () => c.ca.issue({ cn: 'alice', notBefore: at(NOW - DAY), notAfter: at(NOW) });

testRule(clientCertExpired, {
  valid: [
    { name: 'a valid certificate', subject: () => subject({ user: data(c.valid) }) },
    { name: 'an expiring certificate', subject: () => subject({ user: data(c.expiring) }) },
    { name: 'a not-yet-valid certificate', subject: () => subject({ user: data(c.notYet) }) },
    { name: 'a certificate at its notAfter', subject: () => subject({ user: data(edge()) }) },
    {
      name: 'fresh data beside a stale file (client-go: data overrides)',
      subject: () =>
        subject({
          user: { ...data(c.valid), 'client-certificate': CERT_FILE },
          files: { [CERT_FILE]: c.expired.certPem },
        }),
    },
  ],
  invalid: [
    {
      name: 're-fetches for an EKS-looking context instead of CSR steps',
      subject: () => subject({ user: data(c.expired), context: EKS_CONTEXT }),
      findings: [{ commands: ['aws eks update-kubeconfig --name prod --region us-west-2'] }],
    },
  ],
});

describe('client-cert-expired', () => {
  it('fires with expiresAt, public evidence and CSR steps carrying CN and O', () => {
    const [finding, ...rest] = run(clientCertExpired, { user: data(c.expired), cluster: withCa(c.ca) });
    expect(rest).toEqual([]);
    expect(finding?.severity).toBeUndefined(); // the rule's default: error
    expect(finding?.expiresAt).toBe(new Date(NOW - 2 * HOUR).toISOString());
    expect(finding?.detail).toContain('expired 2026-06-01 10:00 UTC (2 hours ago)');
    expect(finding?.detail).toContain('CN=alice, O=dev; client-certificate-data');
    expect(finding?.evidence).toMatchObject({
      user: 'alice',
      field: 'client-certificate-data',
      origin: 'data',
      subject: 'CN=alice, O=dev',
      issuer: 'CN=kubernetes',
      commonName: 'alice',
      organizations: ['dev'],
      notBefore: new Date(NOW - 400 * DAY).toISOString(),
      notAfter: new Date(NOW - 2 * HOUR).toISOString(),
    });
    expect(finding?.evidence.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const commands = commandsOf(finding ? [finding] : []);
    // No other context reaches the cluster: no "through another context" path; kubeadm first, then an admin.
    expect(finding?.fix).toEqual([]);
    expect(finding?.paths?.map((p) => [p.id, p.steps.length])).toEqual([
      ['kubeadm', 3],
      ['admin', 4],
    ]);
    expect(commands).toContain(
      "ssh 10.0.0.1 'sudo kubeadm kubeconfig user --client-name alice --org dev' > alice.kubeconfig",
    );
    expect(commands).toContain(
      'openssl req -new -newkey rsa:2048 -nodes -keyout alice.key -subj /CN=alice/O=dev -out alice.csr',
    );
    expect(commands).toContain('kubectl --context dev certificate approve alice-alice');
    // Written into the file that defines the user, whatever $KUBECONFIG says; the loose copies removed.
    expect(commands).toContain(
      'kubectl config --kubeconfig /home/u/.kube/config set-credentials alice --client-certificate=alice.crt ' +
        '--client-key=alice.key --embed-certs=true && rm -f alice.crt alice.key alice.kubeconfig',
    );
    // The new certificate lives as long as the old one did (400 days less 2 hours).
    expect(commands.find((c) => c.includes('kind: CertificateSigningRequest'))).toContain(
      `expirationSeconds: ${(400 * DAY - 2 * HOUR) / 1000}\n`,
    );
  });

  it("renews admin.conf in place for kubeadm's kubernetes-admin", () => {
    const old = c.ca.issue({
      cn: 'kubernetes-admin',
      organizations: ['kubeadm:cluster-admins'],
      notBefore: at(NOW - 365 * DAY),
      notAfter: at(NOW - DAY),
    });
    const commands = commandsOf(run(clientCertExpired, { user: data(old) }));
    expect(commands).toContain(
      "ssh 10.0.0.1 'sudo kubeadm certs renew admin.conf >&2 && sudo cat /etc/kubernetes/admin.conf' > alice.kubeconfig",
    );
  });

  it('fires one second past notAfter, where client-cert-expiring stops', () => {
    const certificate = edge();
    expect(run(clientCertExpiring, { user: data(certificate) })).toHaveLength(1);
    expect(run(clientCertExpired, { user: data(certificate) }, { ...ENV, now: NOW + 1000 })).toHaveLength(1);
  });

  it('reads file-based certificates and keys, and says which file', () => {
    const files = { [CERT_FILE]: c.expired.certPem, [KEY_FILE]: c.expired.keyPem };
    const [finding] = run(clientCertExpired, {
      user: { 'client-certificate': CERT_FILE, 'client-key': KEY_FILE },
      files,
    });
    expect(finding?.evidence).toMatchObject({ field: 'client-certificate', origin: 'file', path: CERT_FILE });
    expect(finding?.detail).toContain(`client-certificate ${CERT_FILE}`);
  });

  it('checks the data field, not the file, when both are set (client-go: data overrides)', () => {
    const staleData = { ...data(c.expired), 'client-certificate': CERT_FILE };
    const [finding] = run(clientCertExpired, { user: staleData, files: { [CERT_FILE]: c.valid.certPem } });
    expect(finding?.evidence).toMatchObject({ field: 'client-certificate-data', origin: 'data' });
  });
});
