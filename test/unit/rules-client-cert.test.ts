import { createPrivateKey } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientLeaf } from '../../shared/credentials/client-cert';
import { diagnose } from '../../shared/diagnose';
import clientCertExpired from '../../shared/rules/client-cert-expired';
import clientCertExpiring from '../../shared/rules/client-cert-expiring';
import clientCertInvalid from '../../shared/rules/client-cert-invalid';
import clientCertKeyMismatch from '../../shared/rules/client-cert-key-mismatch';
import clientCertNotYetValid from '../../shared/rules/client-cert-not-yet-valid';
import clientCertSystemMasters from '../../shared/rules/client-cert-system-masters';
import clientCertUntrustedIssuer from '../../shared/rules/client-cert-untrusted-issuer';
import { DEFAULT_EXPIRY_WARNING_WINDOWS } from '../../shared/defaults';
import { type ContextRule, type FindingDraft, type RuleEnv } from '../../shared/rules/types';
import {
  createCa,
  DAY,
  newEcKeyPair,
  newKeyPair,
  selfSigned,
  toData,
  type Ca,
  type IssuedCert,
  type KeyPair,
} from '../fixtures/pki';
import { commandsOf, ENV, NOW, subjectOf, subjectsOf } from '../support/rules';
import { snapshotFrom, type SnapshotInput } from '../support/snapshot';

const HOUR = 3_600_000;
const CONFIG = '/home/u/.kube/config';
const CERT_FILE = '/home/u/.kube/alice.crt';
const KEY_FILE = '/home/u/.kube/alice.key';
const SERVER = 'https://10.0.0.1:6443';
const EKS_CONTEXT = 'arn:aws:eks:us-west-2:123456789012:cluster/prod';
const RULES: ContextRule[] = [
  clientCertExpired,
  clientCertExpiring,
  clientCertNotYetValid,
  clientCertInvalid,
  clientCertKeyMismatch,
  clientCertUntrustedIssuer,
  clientCertSystemMasters,
];

type Entry = Record<string, unknown>;

interface Setup {
  user?: Entry;
  cluster?: Entry;
  context?: string;
  files?: SnapshotInput['files'];
}

/** A kubeconfig (JSON is YAML) with one cluster `c`, one user `alice`, one context. */
function kubeconfig({ user = {}, cluster = {}, context = 'dev' }: Setup): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': context,
    clusters: [{ name: 'c', cluster: { server: SERVER, ...cluster } }],
    users: [{ name: 'alice', user }],
    contexts: [{ name: context, context: { cluster: 'c', user: 'alice' } }],
  });
}

function run(rule: ContextRule, setup: Setup, env: RuleEnv = ENV): FindingDraft[] {
  return rule.check(subjectOf({ sources: { [CONFIG]: kubeconfig(setup) }, files: setup.files ?? {} }), env);
}

function runAll(setup: Setup, env: RuleEnv = ENV): Record<string, FindingDraft[]> {
  return Object.fromEntries(RULES.map((rule) => [rule.meta.id, run(rule, setup, env)]));
}

/** Rules that fired, by id. */
function fired(setup: Setup, env: RuleEnv = ENV): string[] {
  return Object.entries(runAll(setup, env)).flatMap(([id, drafts]) => (drafts.length > 0 ? [id] : []));
}

function data(cert: IssuedCert | string, key: KeyPair | string = typeof cert === 'string' ? '' : cert.keyPem): Entry {
  const certPem = typeof cert === 'string' ? cert : cert.certPem;
  const keyPem = typeof key === 'string' ? key : key.privateKeyPem;
  return { 'client-certificate-data': toData(certPem), 'client-key-data': toData(keyPem) };
}

function withCa(ca: Ca | string): Entry {
  return { 'certificate-authority-data': toData(typeof ca === 'string' ? ca : ca.certPem) };
}

function at(ms: number): Date {
  return new Date(ms);
}

/** The base64 body lines of a PEM: none of them may appear in a finding. */
function bodyLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----'));
}

function expectNoSecret(findings: unknown, ...pems: string[]): void {
  const json = JSON.stringify(findings);
  for (const pem of pems) {
    // From the middle: the start of every base64 PEM is the same BEGIN line.
    expect(json).not.toContain(toData(pem).slice(120, 180));
    for (const line of bodyLines(pem)) expect(json).not.toContain(line.slice(0, 24));
  }
}

let ca: Ca;
let valid: IssuedCert; // CN=alice, O=dev: valid 30 days ago until 300 days ahead
let expired: IssuedCert; // expired 2 h ago
let expiring: IssuedCert; // 5 days left
let later: IssuedCert; // 20 days left: outside the default 14-day expiry warning window
let notYet: IssuedCert; // valid from 3 h ahead
let admin: IssuedCert; // CN=kubernetes-admin, O=system:masters
let foreign: IssuedCert; // same issuer name "CN=kubernetes", signed by another CA's (unrelated) key
let intermediate: Ca;
let viaIntermediate: IssuedCert;
let ecKey: KeyPair;
let ecCert: IssuedCert;
let strangerKey: KeyPair;

beforeAll(() => {
  const lifetime = { notBefore: at(NOW - 365 * DAY), notAfter: at(NOW + 3650 * DAY) };
  ca = createCa({ cn: 'kubernetes', ...lifetime });
  const issue = (cn: string, notBefore: number, notAfter: number, organizations = ['dev']) =>
    ca.issue({ cn, organizations, notBefore: at(notBefore), notAfter: at(notAfter) });
  valid = issue('alice', NOW - 30 * DAY, NOW + 300 * DAY);
  expired = issue('alice', NOW - 400 * DAY, NOW - 2 * HOUR);
  expiring = issue('alice', NOW - 360 * DAY, NOW + 5 * DAY);
  later = issue('alice', NOW - 340 * DAY, NOW + 20 * DAY);
  notYet = issue('alice', NOW + 3 * HOUR, NOW + 365 * DAY);
  admin = issue('kubernetes-admin', NOW - DAY, NOW + 300 * DAY, ['system:masters']);
  const otherCa = createCa({ cn: 'kubernetes', key: newKeyPair(), ...lifetime });
  foreign = otherCa.issue({
    cn: 'alice',
    organizations: ['dev'],
    notBefore: at(NOW - DAY),
    notAfter: at(NOW + 90 * DAY),
  });
  intermediate = createCa({ cn: 'clients-intermediate', issuer: ca, ...lifetime });
  viaIntermediate = intermediate.issue({ cn: 'bob', notBefore: at(NOW - DAY), notAfter: at(NOW + 90 * DAY) });
  ecKey = newEcKeyPair();
  ecCert = ca.issue({ cn: 'k3s-user', key: ecKey, notBefore: at(NOW - DAY), notAfter: at(NOW + 90 * DAY) });
  strangerKey = newKeyPair();
});

describe('a healthy client certificate', () => {
  it('raises nothing: signed by the cluster CA, matching key, valid, no system:masters', () => {
    expect(fired({ user: data(valid), cluster: withCa(ca) })).toEqual([]);
  });

  it("raises nothing when kubectl does not send it: a certificate without a key is credentials-conflict's", () => {
    expect(fired({ user: { 'client-certificate-data': toData(expired.certPem) }, cluster: withCa(ca) })).toEqual([]);
    expect(fired({ user: { 'client-certificate-data': toData('garbage') } })).toEqual([]);
  });

  it("raises nothing when the certificate file cannot be read (file-reference-missing's)", () => {
    expect(fired({ user: { 'client-certificate': CERT_FILE, 'client-key': KEY_FILE } })).toEqual([]);
  });
});

describe('client-cert-expired', () => {
  it('fires with expiresAt, public evidence and CSR steps carrying CN and O', () => {
    const [finding, ...rest] = run(clientCertExpired, { user: data(expired), cluster: withCa(ca) });
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
    expect(finding?.fix.guide).toBe('client-cert-expired');
    const commands = commandsOf(finding ? [finding] : []);
    expect(commands).toContain(
      'ssh 10.0.0.1 sudo kubeadm kubeconfig user --client-name alice --org dev > alice.kubeconfig',
    );
    expect(commands).toContain('openssl req -new -key alice.key -subj /CN=alice/O=dev -out alice.csr');
    expect(commands).toContain('kubectl certificate approve alice-alice');
    expect(commands).toContain(
      'kubectl config set-credentials alice --client-certificate=alice.crt --client-key=alice.key --embed-certs=true',
    );
  });

  it("renews admin.conf in place for kubeadm's kubernetes-admin", () => {
    const old = ca.issue({
      cn: 'kubernetes-admin',
      organizations: ['kubeadm:cluster-admins'],
      notBefore: at(NOW - 365 * DAY),
      notAfter: at(NOW - DAY),
    });
    const commands = commandsOf(run(clientCertExpired, { user: data(old) }));
    expect(commands).toContain('sudo kubeadm certs renew admin.conf');
    expect(commands).toContain('ssh 10.0.0.1 sudo cat /etc/kubernetes/admin.conf > alice.kubeconfig');
  });

  it('re-fetches for an EKS-looking context instead of CSR steps', () => {
    const findings = run(clientCertExpired, { user: data(expired), context: EKS_CONTEXT });
    expect(findings).toHaveLength(1);
    expect(commandsOf(findings)).toEqual(['aws eks update-kubeconfig --name prod --region us-west-2']);
  });

  it('stays quiet for valid, expiring and not-yet-valid certificates; valid up to and including notAfter', () => {
    for (const cert of [valid, expiring, notYet]) expect(run(clientCertExpired, { user: data(cert) })).toEqual([]);
    const edge = ca.issue({ cn: 'alice', notBefore: at(NOW - DAY), notAfter: at(NOW) });
    expect(run(clientCertExpired, { user: data(edge) })).toEqual([]);
    expect(run(clientCertExpiring, { user: data(edge) })).toHaveLength(1);
    expect(run(clientCertExpired, { user: data(edge) }, { ...ENV, now: NOW + 1000 })).toHaveLength(1);
  });

  it('reads file-based certificates and keys, and says which file', () => {
    const files = { [CERT_FILE]: expired.certPem, [KEY_FILE]: expired.keyPem };
    const [finding] = run(clientCertExpired, {
      user: { 'client-certificate': CERT_FILE, 'client-key': KEY_FILE },
      files,
    });
    expect(finding?.evidence).toMatchObject({ field: 'client-certificate', origin: 'file', path: CERT_FILE });
    expect(finding?.detail).toContain(`client-certificate ${CERT_FILE}`);
  });

  it('checks the data field, not the file, when both are set (client-go: data overrides)', () => {
    const staleFile = { [CERT_FILE]: expired.certPem };
    const freshData = { ...data(valid), 'client-certificate': CERT_FILE };
    expect(run(clientCertExpired, { user: freshData, files: staleFile })).toEqual([]);
    const staleData = { ...data(expired), 'client-certificate': CERT_FILE };
    const [finding] = run(clientCertExpired, { user: staleData, files: { [CERT_FILE]: valid.certPem } });
    expect(finding?.evidence).toMatchObject({ field: 'client-certificate-data', origin: 'data' });
  });
});

describe('client-cert-expiring', () => {
  it('fires inside the expiry warning window, with the date in words', () => {
    const [finding, ...rest] = run(clientCertExpiring, { user: data(expiring) });
    expect(rest).toEqual([]);
    expect(finding?.severity).toBeUndefined(); // warning
    expect(finding?.expiresAt).toBe(new Date(NOW + 5 * DAY).toISOString());
    expect(finding?.detail).toContain('expires 2026-06-06 12:00 UTC (in 5 days)');
    expect(finding?.evidence).toMatchObject({ subject: 'CN=alice, O=dev', issuer: 'CN=kubernetes' });
    expect(commandsOf(finding ? [finding] : [])).toContain(
      'openssl req -new -key alice.key -subj /CN=alice/O=dev -out alice.csr',
    );
  });

  it('stays quiet outside the default expiry warning window, and fires once a longer one is configured', () => {
    expect(run(clientCertExpiring, { user: data(later) })).toEqual([]);
    const month: RuleEnv = {
      ...ENV,
      expiryWarningWindows: { ...DEFAULT_EXPIRY_WARNING_WINDOWS, certificate: 30 * DAY },
    };
    const [finding] = run(clientCertExpiring, { user: data(later) }, month);
    expect(finding?.expiresAt).toBe(new Date(NOW + 20 * DAY).toISOString());
    const short: RuleEnv = {
      ...ENV,
      expiryWarningWindows: { ...DEFAULT_EXPIRY_WARNING_WINDOWS, certificate: 2 * DAY },
    };
    expect(run(clientCertExpiring, { user: data(expiring) }, short)).toEqual([]);
  });

  it('leaves an expired certificate to client-cert-expired', () => {
    expect(run(clientCertExpiring, { user: data(expired) })).toEqual([]);
  });
});

describe('client-cert-not-yet-valid', () => {
  it('fires for a notBefore in the future, with clock steps first', () => {
    const [finding, ...rest] = run(clientCertNotYetValid, { user: data(notYet) });
    expect(rest).toEqual([]);
    expect(finding?.detail).toContain('is not valid before 2026-06-01 15:00 UTC (in 3 hours), 3 hours ahead');
    expect(finding?.evidence).toMatchObject({ aheadSeconds: 3 * 3600, notBefore: '2026-06-01T15:00:00.000Z' });
    expect(finding?.expiresAt).toBe(new Date(NOW + 365 * DAY).toISOString());
    expect(commandsOf(finding ? [finding] : []).slice(0, 2)).toEqual(['timedatectl status', 'sudo chronyc makestep']);
  });

  it('stays quiet once notBefore has passed', () => {
    expect(run(clientCertNotYetValid, { user: data(valid) })).toEqual([]);
    expect(run(clientCertNotYetValid, { user: data(notYet) }, { ...ENV, now: NOW + 3 * HOUR })).toEqual([]);
  });
});

describe('client-cert-invalid', () => {
  const reason = (setup: Setup) => run(clientCertInvalid, setup).map((d) => d.evidence.reason);

  it('fires for text that is not PEM, in data and in a file', () => {
    expect(reason({ user: data('garbage, not a certificate', valid.keyPem) })).toEqual([
      'it holds no PEM block (kubectl: "tls: failed to find any PEM data in certificate input")',
    ]);
    const files = { [CERT_FILE]: 'garbage', [KEY_FILE]: valid.keyPem };
    const [finding] = run(clientCertInvalid, {
      user: { 'client-certificate': CERT_FILE, 'client-key': KEY_FILE },
      files,
    });
    expect(finding?.evidence).toMatchObject({ origin: 'file', path: CERT_FILE, user: 'alice' });
    expect(commandsOf(finding ? [finding] : [])[0]).toBe(`grep -- '-----BEGIN' ${CERT_FILE}`);
  });

  it('names the common mistakes: PEM encoded twice, a key in the certificate field, a broken body', () => {
    expect(reason({ user: data(toData(valid.certPem), valid.keyPem) })[0]).toContain('base64-encoded twice');
    expect(reason({ user: data(valid.keyPem, valid.keyPem) })[0]).toContain('holds a private key, not a certificate');
    const broken = `-----BEGIN CERTIFICATE-----\n${Buffer.from('not DER at all').toString('base64')}\n-----END CERTIFICATE-----\n`;
    expect(reason({ user: data(broken, valid.keyPem) })[0]).toContain('x509: malformed certificate');
  });

  it('fires for a key that does not parse, with the kubectl error, and inspects the data field', () => {
    const [finding, ...rest] = run(clientCertInvalid, { user: data(valid, valid.certPem) });
    expect(rest).toEqual([]);
    expect(finding?.title).toBe('Client key does not parse');
    expect(finding?.evidence).toMatchObject({ field: 'client-key-data' });
    expect(finding?.evidence.reason).toContain('found a certificate rather than a key');
    expect(commandsOf(finding ? [finding] : [])[0]).toBe(
      `kubectl config view --raw -o jsonpath='{.users[?(@.name=="alice")].user.client-key-data}' | base64 -d | grep -a -- '-----BEGIN'`,
    );
  });

  it('stays quiet for a certificate and key that parse (RSA and EC), and leaves the other cert rules quiet on garbage', () => {
    expect(run(clientCertInvalid, { user: data(valid) })).toEqual([]);
    expect(run(clientCertInvalid, { user: data(ecCert, ecKey) })).toEqual([]);
    expect(fired({ user: data('garbage', valid.keyPem), cluster: withCa(ca) })).toEqual(['client-cert-invalid']);
  });
});

describe('client-cert-key-mismatch', () => {
  it('fires for the key of another certificate, with both public key hashes', () => {
    const [finding, ...rest] = run(clientCertKeyMismatch, { user: data(valid, strangerKey) });
    expect(rest).toEqual([]);
    expect(finding?.detail).toContain('"error: tls: private key does not match public key"');
    expect(finding?.evidence).toMatchObject({ certificateKeyType: 'RSA', keyType: 'RSA', keyField: 'client-key-data' });
    expect(finding?.evidence.certificatePublicKeySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(finding?.evidence.keyPublicKeySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(finding?.evidence.keyPublicKeySha256).not.toBe(finding?.evidence.certificatePublicKeySha256);
    expect(finding?.fix.steps[0]?.title).toContain(String(finding?.evidence.certificatePublicKeySha256));
  });

  it('names a key of another type, as Go does', () => {
    const [finding] = run(clientCertKeyMismatch, { user: data(ecCert, strangerKey) });
    expect(finding?.detail).toContain('tls: private key type does not match public key type');
    expect(finding?.evidence).toMatchObject({ certificateKeyType: 'EC', keyType: 'RSA' });
  });

  it('compares EC keys: the right one matches, another P-256 key does not', () => {
    expect(run(clientCertKeyMismatch, { user: data(ecCert, ecKey) })).toEqual([]);
    const [finding] = run(clientCertKeyMismatch, { user: data(ecCert, newEcKeyPair()) });
    expect(finding?.evidence).toMatchObject({ certificateKeyType: 'EC', keyType: 'EC' });
  });

  it('reads keys as PKCS #8 and with CRLF line ends, as Go does', () => {
    const pkcs8 = (pem: string) => createPrivateKey(pem).export({ type: 'pkcs8', format: 'pem' }).toString();
    // forge already writes certificates with CRLF; node writes keys with LF.
    const crlf = (pem: string) => pem.replace(/\r?\n/g, '\r\n');
    for (const [cert, key] of [
      [valid, pkcs8(valid.keyPem)],
      [ecCert, pkcs8(ecKey.privateKeyPem)],
      [valid, crlf(valid.keyPem)],
    ] as const) {
      expect(run(clientCertKeyMismatch, { user: data(cert, key) })).toEqual([]);
      expect(run(clientCertInvalid, { user: data(crlf(cert.certPem), key) })).toEqual([]);
    }
    expect(run(clientCertKeyMismatch, { user: data(valid, pkcs8(strangerKey.privateKeyPem)) })).toHaveLength(1);
  });

  it('reports a passphrase-protected key as unusable', () => {
    const encrypted = createPrivateKey(valid.keyPem)
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' })
      .toString();
    const [finding] = run(clientCertInvalid, { user: data(valid, encrypted) });
    expect(finding?.evidence.reason).toContain('encrypted with a passphrase');
    expect(run(clientCertKeyMismatch, { user: data(valid, encrypted) })).toEqual([]);
  });

  it("stays quiet for the matching key, and for a key that does not parse (client-cert-invalid's)", () => {
    expect(run(clientCertKeyMismatch, { user: data(valid) })).toEqual([]);
    expect(run(clientCertKeyMismatch, { user: data(valid, 'garbage') })).toEqual([]);
  });
});

describe('client-cert-untrusted-issuer', () => {
  it('fires for a certificate from another CA of the same name, with both sides in the evidence', () => {
    const [finding, ...rest] = run(clientCertUntrustedIssuer, { user: data(foreign), cluster: withCa(ca) });
    expect(rest).toEqual([]);
    expect(finding?.detail).toContain('was issued by CN=kubernetes, but the CA of cluster c (CN=kubernetes;');
    expect(finding?.evidence).toMatchObject({ cluster: 'c', caSubjects: ['CN=kubernetes'], issuer: 'CN=kubernetes' });
    expect(finding?.evidence.caFingerprints).toEqual([expect.stringMatching(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)]);
    expect(commandsOf(finding ? [finding] : [])).toContain(
      'openssl req -new -key alice.key -subj /CN=alice/O=dev -out alice.csr',
    );
  });

  it('fires for a self-signed client certificate', () => {
    const own = selfSigned({ cn: 'alice', notBefore: at(NOW - DAY), notAfter: at(NOW + 90 * DAY) });
    expect(run(clientCertUntrustedIssuer, { user: data(own), cluster: withCa(ca) })).toHaveLength(1);
  });

  it('follows the intermediates the certificate file carries, and fires without them', () => {
    const chain = `${viaIntermediate.certPem}${intermediate.certPem}`;
    expect(run(clientCertUntrustedIssuer, { user: data(chain, viaIntermediate.keyPem), cluster: withCa(ca) })).toEqual(
      [],
    );
    expect(run(clientCertUntrustedIssuer, { user: data(viaIntermediate), cluster: withCa(ca) })).toHaveLength(1);
    // Trusting the intermediate itself is enough.
    expect(run(clientCertUntrustedIssuer, { user: data(viaIntermediate), cluster: withCa(intermediate) })).toEqual([]);
  });

  it('stays quiet without a CA, with a CA that does not parse, or with a bundle that holds the issuer', () => {
    expect(run(clientCertUntrustedIssuer, { user: data(foreign) })).toEqual([]);
    expect(run(clientCertUntrustedIssuer, { user: data(foreign), cluster: withCa('garbage') })).toEqual([]);
    const bundle = `${selfSigned({ cn: 'other' }).certPem}${ca.certPem}`;
    expect(run(clientCertUntrustedIssuer, { user: data(valid), cluster: withCa(bundle) })).toEqual([]);
  });

  it('checks an EC certificate signed by an RSA CA', () => {
    expect(run(clientCertUntrustedIssuer, { user: data(ecCert, ecKey), cluster: withCa(ca) })).toEqual([]);
  });
});

describe('client-cert-system-masters', () => {
  it('fires for O=system:masters, with an RBAC binding and a CSR without system:masters', () => {
    const [finding, ...rest] = run(clientCertSystemMasters, { user: data(admin) });
    expect(rest).toEqual([]);
    expect(finding?.severity).toBeUndefined(); // info
    expect(finding?.detail).toContain('puts kubernetes-admin in group system:masters');
    expect(finding?.detail).toContain('before it expires (2027-03-28 12:00 UTC)');
    expect(finding?.evidence).toMatchObject({ organizations: ['system:masters'], commonName: 'kubernetes-admin' });
    const commands = commandsOf(finding ? [finding] : []);
    expect(commands[0]).toBe(
      'kubectl create clusterrolebinding kubernetes-admin-admin --clusterrole=cluster-admin --user=kubernetes-admin',
    );
    expect(commands).toContain('openssl req -new -key alice.key -subj /CN=kubernetes-admin -out alice.csr');
  });

  it('stays quiet for other organisations', () => {
    expect(run(clientCertSystemMasters, { user: data(valid) })).toEqual([]);
  });
});

describe('secrets', () => {
  it('never puts the key PEM, its base64 or the certificate body in findings', () => {
    const canaryKey = newKeyPair();
    const setups: Setup[] = [
      { user: data(expired, canaryKey), cluster: withCa(ca) },
      { user: data(foreign), cluster: withCa(ca) },
      { user: data(admin) },
      { user: data(notYet) },
      { user: data(valid, `${canaryKey.privateKeyPem}`.replace('PRIVATE KEY-----\n', 'PRIVATE KEY-----\nX')) },
      { user: data(canaryKey.privateKeyPem, canaryKey.privateKeyPem) },
    ];
    const findings = setups.flatMap((setup) => Object.values(runAll(setup)).flat());
    expect(findings.length).toBeGreaterThanOrEqual(6);
    expectNoSecret(findings, canaryKey.privateKeyPem, expired.keyPem, expired.certPem, foreign.certPem, admin.certPem);
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
      clusters: [{ name: 'c', cluster: { server: SERVER, ...withCa(ca) } }],
      users: [{ name: 'alice', user: data(expired) }],
      contexts,
    });
    const subjects = subjectsOf(snapshotFrom({ sources: { [CONFIG]: config } }));
    expect(subjects).toHaveLength(1000);
    const leaves = new Set(subjects.map((s) => clientLeaf(s)?.leaf));
    // One decoded object for every context: the memo hands out the same certificate.
    expect(leaves.size).toBe(1);
    const findings = subjects.flatMap((s) => RULES.flatMap((rule) => rule.check(s, ENV)));
    // Speed is npm run bench's to measure; here: one finding per context from the one decoded certificate.
    expect(findings).toHaveLength(1000);
  });
});

describe('the engine', () => {
  it('reports credential kind and expiry per context over a kubeconfig mixing every case', () => {
    const users: [string, Entry][] = [
      ['fine', data(valid)],
      ['old', data(expired)],
      ['soon', data(expiring)],
      ['early', data(notYet)],
      ['broken', data('garbage', valid.keyPem)],
      ['wrong-key', data(valid, strangerKey)],
      ['outsider', data(foreign)],
      ['root', data(admin)],
      ['no-key', { 'client-certificate-data': toData(expired.certPem) }],
      ['from-file', { 'client-certificate': CERT_FILE, 'client-key': KEY_FILE }],
    ];
    const config = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'fine',
      clusters: [{ name: 'c', cluster: { server: SERVER, ...withCa(ca) } }],
      users: users.map(([name, user]) => ({ name, user })),
      contexts: users.map(([name]) => ({ name, context: { cluster: 'c', user: name } })),
    });
    const files = { [CERT_FILE]: expiring.certPem, [KEY_FILE]: expiring.keyPem };
    const report = diagnose(snapshotFrom({ sources: { [CONFIG]: config }, files }), ENV);
    const byName = new Map(report.contexts.map((c) => [c.name, c]));
    const rules = (name: string) => byName.get(name)?.findings.map((f) => f.rule);
    const iso = (ms: number) => new Date(ms).toISOString();

    expect(byName.get('fine')?.credential).toEqual({ kind: 'client-certificate', expiresAt: iso(NOW + 300 * DAY) });
    expect(byName.get('old')?.credential).toEqual({ kind: 'client-certificate', expiresAt: iso(NOW - 2 * HOUR) });
    expect(byName.get('from-file')?.credential).toEqual({ kind: 'client-certificate', expiresAt: iso(NOW + 5 * DAY) });
    expect(byName.get('broken')?.credential).toEqual({ kind: 'client-certificate' });
    expect(byName.get('no-key')?.credential.expiresAt).toBeUndefined();

    expect(rules('fine')).toEqual([]);
    expect(rules('old')).toContain('client-cert-expired');
    expect(rules('soon')).toContain('client-cert-expiring');
    expect(rules('from-file')).toContain('client-cert-expiring');
    expect(rules('early')).toContain('client-cert-not-yet-valid');
    expect(rules('broken')).toContain('client-cert-invalid');
    expect(rules('wrong-key')).toContain('client-cert-key-mismatch');
    expect(rules('outsider')).toContain('client-cert-untrusted-issuer');
    expect(rules('root')).toContain('client-cert-system-masters');
    expect(rules('no-key')?.filter((r) => r.startsWith('client-cert-'))).toEqual([]);
    expect(byName.get('old')?.status).toBe('error');
    expectNoSecret(report, valid.keyPem, expired.certPem, strangerKey.privateKeyPem);
  });
});
