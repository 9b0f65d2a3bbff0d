/**
 * Generated differential test of the credential decoders: fast-check builds client certificates
 * (real ECDSA signatures over a TBS whose validity times, name string types, extensions and
 * serial it varies), lays them out as PEM in the ways Go's encoding/pem treats differently
 * (glued END/BEGIN, text after END, headers, lone CR, undecodable base64), pairs them with keys
 * whose optional public parts lie or whose curve differs, and writes tokens with control
 * characters; for each kubeconfig, kubectl's verdict (test/support/kubectl-verdict.ts) must be
 * kubeward's. A few cases run in every `npm test`; `DIFFERENTIAL_RUNS=300` runs a larger sample
 * and prints how many agreed.
 */
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KUBECTL } from '../fixtures/kubectl';
import { kubectlVerdict, kubewardVerdict, verdictDifference } from '../support/kubectl-verdict';
import { tempDir } from '../support/temp';

const RUNS = Number(process.env.DIFFERENTIAL_RUNS ?? 6);

function tlv(tag: number, body: Uint8Array): Buffer {
  const n = body.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}
const seq = (...parts: Uint8Array[]) => tlv(0x30, Buffer.concat(parts));
function oid(text: string): Buffer {
  const [a = 0, b = 0, ...rest] = text.split('.').map(Number);
  const bytes = [a * 40 + b];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let v = arc >> 7; v > 0; v >>= 7) groups.unshift(0x80 | (v & 0x7f));
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}
const ascii = (text: string) => Buffer.from(text, 'latin1');

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

/** Two P-256 keys: the certificate's, and another one for keys that do not match. */
const mine = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const SPKI = mine.publicKey.export({ format: 'der', type: 'spki' });

const digits = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
const zone = fc.oneof(
  fc.constant('Z'),
  fc.constant(''),
  fc.constant('.5Z'),
  fc.tuple(fc.constantFrom('+', '-'), digits(25), digits(61)).map(([s, h, m]) => `${s}${h}${m}`),
);
const clock = fc.tuple(digits(13), digits(32), digits(25), digits(61), fc.option(digits(61), { nil: undefined }));
/** A validity time: [tag, text], UTCTime or GeneralizedTime, in forms Go accepts and refuses. */
const time = fc.oneof(
  fc
    .tuple(digits(99), clock, zone)
    .map(([y, [mo, d, h, mi, s], z]) => [0x17, `${y}${mo}${d}${h}${mi}${s ?? ''}${z}`] as const),
  fc
    .tuple(fc.integer({ min: 1950, max: 2100 }), clock, zone)
    .map(([y, [mo, d, h, mi, s], z]) => [0x18, `${y}${mo}${d}${h}${mi}${s ?? ''}${z}`] as const),
);
/** A name value: a string type (or not one) and characters that some of them refuse. */
const nameValue = fc.tuple(
  fc.constantFrom(0x13, 0x0c, 0x16, 0x14, 0x1e, 0x12, 0x1c, 0x1a),
  fc.array(fc.constantFrom(0x61, 0x31, 0x20, 0x40, 0x2a, 0x26, 0x5f, 0xe9, 0xff, 0x00), { minLength: 1, maxLength: 4 }),
);
const critical = fc.constantFrom<Buffer[]>([], [tlv(0x01, Buffer.from([0xff]))], [tlv(0x01, Buffer.from([0x01]))]);
const extension = fc.oneof(
  critical.map((c) => seq(oid('2.5.29.19'), ...c, tlv(0x04, seq()))),
  critical.map((c) => seq(oid('1.2.3.4'), ...c, tlv(0x04, Buffer.alloc(0)))),
  fc.constantFrom('a.example', 'é.example').map((dns) => seq(oid('2.5.29.17'), tlv(0x04, seq(tlv(0x82, ascii(dns)))))),
);
const good = (from: number) => [0x17, `${from}0101000000Z`] as const;

interface CertificateShape {
  notBefore: readonly [number, string];
  name: [number, number[]];
  extensions: Buffer[];
  serial: number[];
}

const certificateShape: fc.Arbitrary<CertificateShape> = fc.record({
  notBefore: fc.oneof(time, fc.constant(good(25))),
  name: fc.oneof(nameValue, fc.constant<[number, number[]]>([0x0c, [0x61]])),
  extensions: fc.array(extension, { maxLength: 3 }),
  serial: fc.constantFrom([0x07], [0x00, 0x07], [0xff], [0x00]),
});

function certificatePem(shape: CertificateShape): string {
  const name = (tag: number, value: Buffer) => seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(tag, value))));
  const [beforeTag, beforeText] = shape.notBefore;
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    tlv(0x02, Buffer.from(shape.serial)),
    ECDSA_SHA256,
    name(0x0c, ascii('ca')),
    seq(tlv(beforeTag, ascii(beforeText)), tlv(0x18, ascii('20491231235959Z'))),
    name(shape.name[0], Buffer.from(shape.name[1])),
    SPKI,
    ...(shape.extensions.length ? [tlv(0xa3, seq(...shape.extensions))] : []),
  );
  const signature = sign('sha256', tbs, mine.privateKey);
  const der = seq(tbs, ECDSA_SHA256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const body = der.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

/** Ways to lay out two PEM certificates that Go's encoding/pem reads differently. */
const LAYOUTS: Record<string, (a: string, b: string) => string> = {
  plain: (a, b) => a + b,
  glued: (a, b) => a.trimEnd() + b,
  gluedThenThird: (a, b) => a.trimEnd() + b + a,
  textAfterEnd: (a) => `${a.trimEnd()} x\n`,
  header: (a) => a.replace('-----\n', '-----\nComment: x\n\n'),
  loneCr: (a) => a.replaceAll('\n', '\r'),
  crlf: (a) => a.replaceAll('\n', '\r\n'),
  badBase64First: (a, b) => a.replace('\n', '\n@') + b,
  otherEndType: (a, b) => a.replace('END CERTIFICATE', 'END CRL') + b,
};

/** The key: PKCS #8 or SEC 1, its own or another one, or its own with another key's public point. */
function keyPem(kind: 'pkcs8' | 'sec1' | 'sec1-lying' | 'other'): string {
  if (kind === 'other') return other.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  if (kind === 'pkcs8') return mine.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const sec1 = mine.privateKey.export({ format: 'der', type: 'sec1' });
  if (kind === 'sec1') return pem('EC PRIVATE KEY', sec1);
  const point = (key: KeyObject) => key.export({ format: 'der', type: 'spki' }).subarray(-65);
  const lying = Buffer.from(
    sec1.toString('hex').replace(point(mine.publicKey).toString('hex'), point(other.publicKey).toString('hex')),
    'hex',
  );
  createPrivateKey({ key: lying, format: 'der', type: 'sec1' });
  return pem('EC PRIVATE KEY', lying);
}

function pem(type: string, der: Buffer): string {
  return `-----BEGIN ${type}-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ${type}-----\n`;
}

const b64 = (text: string) => Buffer.from(text, 'latin1').toString('base64');

function kubeconfig(user: string): string {
  return (
    'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: https://127.0.0.1:1\n' +
    `    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n${user}contexts:\n- name: x\n` +
    '  context: {cluster: c, user: u}\ncurrent-context: x\n'
  );
}

const clientCertificateConfig = fc
  .record({
    leaf: certificateShape,
    layout: fc.constantFrom(...Object.keys(LAYOUTS)),
    key: fc.constantFrom('pkcs8', 'sec1', 'sec1-lying', 'other') as fc.Arbitrary<Parameters<typeof keyPem>[0]>,
  })
  .map(({ leaf, layout, key }) => {
    const cert = (LAYOUTS[layout] as (a: string, b: string) => string)(certificatePem(leaf), certificatePem(leaf));
    return kubeconfig(`    client-certificate-data: ${b64(cert)}\n    client-key-data: ${b64(keyPem(key))}\n`);
  });

/** Tokens with the characters net/http sends and refuses, in the double-quoted YAML escapes go-yaml reads. */
const tokenConfig = fc
  .array(fc.constantFrom('a', 'Z', '.', ' ', '\\t', '\\n', '\\r', '\\x01', '\\x7f', 'é'), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) => kubeconfig(`    token: "k${parts.join('')}"\n`));

const configs = fc.oneof({ arbitrary: clientCertificateConfig, weight: 4 }, { arbitrary: tokenConfig, weight: 1 });

describe('generated credentials: kubectl and kubeward agree', () => {
  const dir = tempDir('differential-credentials');

  it.skipIf(!KUBECTL)(`on ${RUNS} generated kubeconfigs`, { timeout: 60_000 + RUNS * 5_000 }, async () => {
    const seed = Date.now() % 100_000;
    const inputs = fc.sample(configs, { numRuns: RUNS, seed });
    const disagreements: string[] = [];
    for (let i = 0; i < inputs.length; i += 4) {
      const batch = inputs.slice(i, i + 4);
      const results = await Promise.all(
        batch.map(async (input, j) => {
          const kubectl = await kubectlVerdict(input, dir, `generated-${i + j}`);
          const kubeward = await kubewardVerdict(input, dir, `generated-${i + j}-kw`);
          return verdictDifference(kubectl, kubeward);
        }),
      );
      results.forEach((difference, j) => {
        if (difference) disagreements.push(`case ${i + j} (seed ${seed}): ${difference}\n${batch[j]}`);
      });
    }
    console.info(
      `differential-credentials: ${inputs.length - disagreements.length} of ${inputs.length} agreed (seed ${seed})`,
    );
    expect(disagreements).toEqual([]);
  });
});
