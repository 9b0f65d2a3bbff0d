/**
 * Micro-benchmark behind shared/credentials/x509.ts: node's native X509Certificate
 * against node-forge, reading the same fields (subject, issuer, serial, validity,
 * SHA-256 fingerprint, CA flag) from the same 500 PEM certificates.
 *
 *   node bench/x509-decoders.mjs
 */
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import forge from 'node-forge';

const COUNT = 500;
const ROUNDS = 7;

/** One RSA key signs everything: the bench measures parsing, not key generation. */
function makeCertificates(count) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const signingKey = forge.pki.privateKeyFromPem(privateKey);
  const subjectKey = forge.pki.publicKeyFromPem(publicKey);
  const issuer = [{ shortName: 'CN', value: 'kubernetes' }];
  return Array.from({ length: count }, (_, i) => {
    const cert = forge.pki.createCertificate();
    cert.publicKey = subjectKey;
    cert.serialNumber = `1${i.toString(16).padStart(8, '0')}`;
    cert.validity.notBefore = new Date(Date.UTC(2026, 0, 1));
    cert.validity.notAfter = new Date(Date.UTC(2027, 0, 1) + i * 60_000);
    cert.setSubject([
      { shortName: 'CN', value: `user-${i}` },
      { shortName: 'O', value: 'system:masters' },
      { shortName: 'O', value: `team-${i % 7}` },
    ]);
    cert.setIssuer(issuer);
    cert.setExtensions([{ name: 'basicConstraints', cA: false }]);
    cert.sign(signingKey, forge.md.sha256.create());
    return forge.pki.certificateToPem(cert);
  });
}

function withNode(pem) {
  const cert = new X509Certificate(pem);
  return [
    cert.subject,
    cert.issuer,
    cert.serialNumber,
    Date.parse(cert.validFrom),
    Date.parse(cert.validTo),
    cert.fingerprint256,
    cert.ca,
  ];
}

function withForge(pem) {
  const cert = forge.pki.certificateFromPem(pem);
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  const fingerprint = forge.md.sha256.create().update(der).digest().toHex();
  const constraints = cert.getExtension('basicConstraints');
  return [
    cert.subject.attributes.map((a) => `${a.shortName}=${a.value}`).join('\n'),
    cert.issuer.attributes.map((a) => `${a.shortName}=${a.value}`).join('\n'),
    cert.serialNumber,
    cert.validity.notBefore.getTime(),
    cert.validity.notAfter.getTime(),
    fingerprint,
    Boolean(constraints && constraints.cA),
  ];
}

function time(decode, pems) {
  const runs = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    for (const pem of pems) decode(pem);
    runs.push(performance.now() - start);
  }
  runs.sort((a, b) => a - b);
  return { min: runs[0], median: runs[Math.floor(runs.length / 2)] };
}

const generation = performance.now();
const pems = makeCertificates(COUNT);
console.log(`generated ${COUNT} certificates in ${(performance.now() - generation).toFixed(0)} ms`);

for (const [name, decode] of [
  ['node X509Certificate', withNode],
  ['node-forge', withForge],
]) {
  const { min, median } = time(decode, pems);
  console.log(
    `${name.padEnd(22)} median ${median.toFixed(1).padStart(7)} ms  min ${min.toFixed(1).padStart(7)} ms  ` +
      `(${((median / COUNT) * 1000).toFixed(0)} µs per certificate)`,
  );
}
