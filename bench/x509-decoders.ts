/**
 * Micro-benchmark behind shared/credentials/x509.ts: reading certificates and client
 * keys with node's X509Certificate + createPrivateKey, with node-forge, and with the
 * shipped DER reader, on the same 500 certificates and 500 keys (mostly RSA, a few
 * P-256), reading the fields the rules report and checking each key against its
 * certificate.
 *
 *   npx vite build --config vite.cli.config.ts --mode bench && node out/bench/x509-decoders.js
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import forge from 'node-forge';
import { readPrivateKey } from '../shared/credentials/private-key';
import { decodeCertificates, keyMatchesCertificate } from '../shared/credentials/x509';
import { createCa, DAY, newEcKeyPair, newKeyPair, type IssuedCert, type KeyPair } from '../test/fixtures/pki';
import { median } from './stats';

const COUNT = 500;
/** One certificate in EC_EVERY carries a P-256 key (k3s, rke2). */
const EC_EVERY = 25;
const ROUNDS = 7;
/** Distinct keys: RSA generation is slow, and decoding cost does not depend on which key it is. */
const RSA_KEYS = 8;
const EC_KEYS = 4;

/** One decoder: what it does with a certificate, a key, and a certificate + key pair. */
interface Decoder {
  name: string;
  certificate(pem: string): unknown;
  key(pem: string): unknown;
  match(certPem: string, keyPem: string): boolean;
}

const node: Decoder = {
  name: 'node X509Certificate',
  certificate(pem) {
    const cert = new X509Certificate(pem);
    return [cert.subject, cert.issuer, cert.serialNumber, cert.validFrom, cert.validTo, cert.fingerprint256, cert.ca];
  },
  key: (pem) => createPrivateKey(pem).asymmetricKeyType,
  match: (certPem, keyPem) => new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem)),
};

/** forge reads RSA only: an EC certificate or key throws, and counts as unsupported. */
const nodeForge: Decoder = {
  name: 'node-forge',
  certificate(pem) {
    const cert = forge.pki.certificateFromPem(pem);
    const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
    const constraints = cert.getExtension('basicConstraints') as { cA?: boolean } | undefined;
    return [
      cert.subject.attributes.map((a) => `${a.shortName}=${String(a.value)}`).join(', '),
      cert.issuer.attributes.map((a) => `${a.shortName}=${String(a.value)}`).join(', '),
      cert.serialNumber,
      cert.validity.notBefore.getTime(),
      cert.validity.notAfter.getTime(),
      forge.md.sha256.create().update(der).digest().toHex(),
      constraints?.cA === true,
    ];
  },
  key: (pem) => forge.pki.privateKeyFromPem(pem),
  match(certPem, keyPem) {
    const publicKey = forge.pki.certificateFromPem(certPem).publicKey as forge.pki.rsa.PublicKey;
    return publicKey.n.equals(forge.pki.privateKeyFromPem(keyPem).n);
  },
};

const shipped: Decoder = {
  name: 'shipped DER reader',
  certificate: (pem) => decodeCertificates(pem),
  key: (pem) => readPrivateKey(pem),
  match(certPem, keyPem) {
    const match = keyMatchesCertificate(certPem, keyPem);
    return match.ok && match.value;
  },
};

function makePairs(): IssuedCert[] {
  const now = Date.now();
  const ca = createCa({ cn: 'kubernetes', notBefore: new Date(now - DAY), notAfter: new Date(now + 3650 * DAY) });
  const rsa: KeyPair[] = Array.from({ length: RSA_KEYS }, newKeyPair);
  const ec: KeyPair[] = Array.from({ length: EC_KEYS }, newEcKeyPair);
  return Array.from({ length: COUNT }, (_, i) => {
    const key = (i % EC_EVERY === 0 ? ec[i % EC_KEYS] : rsa[i % RSA_KEYS]) as KeyPair;
    return ca.issue({
      cn: `user-${i}`,
      organizations: ['system:authenticated', `team-${i % 7}`],
      notBefore: new Date(now - DAY),
      notAfter: new Date(now + 365 * DAY + i * 60_000),
      key,
    });
  });
}

interface Timing {
  /** Median of ROUNDS passes over all items, ms. */
  ms: number;
  /** Items the decoder could not read. */
  failed: number;
}

function time<T>(items: readonly T[], work: (item: T) => unknown): Timing {
  let failed = 0;
  const runs: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    failed = 0;
    const start = performance.now();
    for (const item of items) {
      try {
        work(item);
      } catch {
        failed += 1;
      }
    }
    runs.push(performance.now() - start);
  }
  return { ms: median(runs), failed };
}

function cell({ ms, failed }: Timing): string {
  const perItem = `${((ms / COUNT) * 1000).toFixed(1)} µs`;
  const note = failed > 0 ? ` (${failed} unsupported)` : '';
  return `${ms.toFixed(1)} ms = ${perItem}${note}`;
}

function main(): void {
  const generation = performance.now();
  const pairs = makePairs();
  const ecCount = pairs.filter((_, i) => i % EC_EVERY === 0).length;
  console.log(
    `${COUNT} certificates + ${COUNT} keys (${COUNT - ecCount} RSA-2048, ${ecCount} P-256), ` +
      `generated in ${(performance.now() - generation).toFixed(0)} ms; median of ${ROUNDS} passes\n`,
  );
  const header = ['decoder', 'certificates', 'private keys', 'key matches certificate'];
  const rows = [node, nodeForge, shipped].map((decoder) => [
    decoder.name,
    cell(time(pairs, (p) => decoder.certificate(p.certPem))),
    cell(time(pairs, (p) => decoder.key(p.keyPem))),
    cell(
      time(pairs, (p) => {
        if (!decoder.match(p.certPem, p.keyPem)) throw new Error('the key does not match');
      }),
    ),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join(' | ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of rows) console.log(line(row));
}

main();
