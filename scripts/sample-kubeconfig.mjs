/**
 * A small kubeconfig for checking the packed CLI (test/integration/npm-pack.test.ts): client
 * certificates (valid, expiring, expired, system:masters) signed by the cluster's CA, and
 * ServiceAccount and OIDC tokens (valid, expiring, expired), written as kubectl writes them,
 * so that one offline check runs what a real check runs.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import forge from 'node-forge';
import { stringify } from 'yaml';

const DAY = 86_400_000;

function rsaKeys() {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
}

/** A certificate for `keys`, signed by `issuer` (self-signed without one), with kubeadm's extensions. */
function certificate({ cn, organization, notBefore, notAfter, keys, issuer }) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKey);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(notBefore);
  cert.validity.notAfter = new Date(notAfter);
  const subject = [{ name: 'commonName', value: cn }];
  if (organization) subject.push({ name: 'organizationName', value: organization });
  cert.setSubject(subject);
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : subject);
  const extensions = [{ name: 'basicConstraints', cA: !issuer }, { name: 'subjectKeyIdentifier' }];
  if (issuer) {
    extensions.push({
      name: 'authorityKeyIdentifier',
      keyIdentifier: issuer.cert.generateSubjectKeyIdentifier().getBytes(),
    });
  }
  cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem((issuer?.keys ?? keys).privateKey), forge.md.sha256.create());
  return { cert, keys, pem: forge.pki.certificateToPem(cert) };
}

const base64url = (value) => Buffer.from(value).toString('base64url');

function jwt(claims, privateKey) {
  const unsigned = `${base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  return `${unsigned}.${sign('sha256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

const data = (pem) => Buffer.from(pem).toString('base64');

/** Writes the kubeconfig to `file`, with expiries relative to `at` (epoch ms). */
export function writeSampleKubeconfig(file, at) {
  const ca = certificate({ cn: 'kubernetes', notBefore: at - 400 * DAY, notAfter: at + 3000 * DAY, keys: rsaKeys() });
  const userKeys = rsaKeys();
  const s = (ms) => Math.floor(ms / 1000);
  const certUsers = [
    ['admin', 'kubeadm:cluster-admins', at + 300 * DAY],
    ['expiring', 'kubeadm:cluster-admins', at + 3 * DAY],
    ['expired', 'kubeadm:cluster-admins', at - 3 * DAY],
    ['masters', 'system:masters', at + 300 * DAY],
  ].map(([name, organization, notAfter]) => {
    const cert = certificate({
      cn: 'kubernetes-admin',
      organization,
      notBefore: at - 30 * DAY,
      notAfter,
      keys: userKeys,
      issuer: ca,
    });
    return { name, user: { 'client-certificate-data': data(cert.pem), 'client-key-data': data(userKeys.privateKey) } };
  });
  const serviceAccount = (name, iat, exp) => ({
    iss: 'https://kubernetes.default.svc.cluster.local',
    aud: ['https://kubernetes.default.svc.cluster.local'],
    sub: `system:serviceaccount:prod:${name}`,
    iat: s(iat),
    nbf: s(iat),
    exp: s(exp),
    'kubernetes.io': { namespace: 'prod', serviceaccount: { name, uid: '9e1b4c2a-0000-4000-8000-000000000001' } },
  });
  const oidc = (iat) => ({
    iss: 'https://dex.example.com',
    aud: 'kubernetes',
    sub: 'engineer',
    email: 'engineer@example.com',
    iat: s(iat),
    exp: s(iat + 3_600_000),
  });
  const tokenUsers = [
    ['deployer', serviceAccount('deployer', at - DAY, at + 300 * DAY)],
    ['deployer-expiring', serviceAccount('deployer-expiring', at - 6 * DAY, at + 3_600_000)],
    ['deployer-expired', serviceAccount('deployer-expired', at - 3 * DAY, at - 2 * DAY)],
    ['oidc', oidc(at - 600_000)],
    ['oidc-expired', oidc(at - 2 * DAY)],
  ].map(([name, claims]) => ({ name, user: { token: jwt(claims, userKeys.privateKey) } }));
  const users = [...certUsers, ...tokenUsers];
  const clusters = users.map(({ name }, i) => ({
    cluster: { 'certificate-authority-data': data(ca.pem), server: `https://10.0.0.${i + 1}:6443` },
    name,
  }));
  const contexts = users.map(({ name }) => ({ context: { cluster: name, user: name }, name }));
  const config = {
    apiVersion: 'v1',
    clusters,
    contexts,
    'current-context': 'admin',
    kind: 'Config',
    preferences: {},
    users,
  };
  writeFileSync(file, stringify(config, { lineWidth: 0, indentSeq: false }), { mode: 0o600 });
}
