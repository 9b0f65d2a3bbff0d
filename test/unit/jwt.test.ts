import fc from 'fast-check';
import { decodeJwt as decodePayloadWithJose, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { decodeJwt, issuerKind } from '../../shared/credentials/jwt';
import { legacyServiceAccountToken, oidcIdToken, seconds, serviceAccountToken, signJwt } from '../fixtures/jwt';

const now = Date.parse('2026-06-01T12:00:00Z');
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function claimsOf(token: string) {
  const decoded = decodeJwt(token);
  if (decoded.format !== 'jwt') throw new Error(`expected a JWT, got ${decoded.format}`);
  return decoded;
}

describe('decodeJwt', () => {
  it('reads a bound ServiceAccount token, times in epoch ms', async () => {
    const token = await serviceAccountToken({
      namespace: 'prod',
      name: 'deployer',
      issuedAt: now,
      lifetime: 3_600_000,
      pod: { name: 'web-0', uid: 'u1' },
      warnAfter: now + 600_000,
      kid: 'key-1',
    });
    const decoded = claimsOf(token);
    expect(decoded.alg).toBe('RS256');
    expect(decoded.kid).toBe('key-1');
    expect(decoded.claims).toMatchObject({
      iss: 'https://kubernetes.default.svc.cluster.local',
      sub: 'system:serviceaccount:prod:deployer',
      aud: ['https://kubernetes.default.svc.cluster.local'],
      iat: now,
      nbf: now,
      exp: now + 3_600_000,
      serviceAccount: { namespace: 'prod', name: 'deployer', pod: 'web-0', warnAfter: now + 600_000 },
    });
    expect(issuerKind(decoded.claims)).toBe('serviceaccount');
  });

  it('reads a legacy secret-based token: no exp, the Secret named', async () => {
    const decoded = claimsOf(
      await legacyServiceAccountToken({ namespace: 'ci', name: 'builder', secretName: 'b-tok' }),
    );
    expect(decoded.claims.exp).toBeUndefined();
    expect(decoded.claims.serviceAccount).toMatchObject({ namespace: 'ci', name: 'builder', secretName: 'b-tok' });
    expect(issuerKind(decoded.claims)).toBe('legacy-serviceaccount');
  });

  it('reads an ES256 OIDC id_token with a string aud', async () => {
    const decoded = claimsOf(await oidcIdToken({ issuedAt: now, clientId: 'kube-cli', alg: 'ES256' }));
    expect(decoded.alg).toBe('ES256');
    expect(decoded.claims).toMatchObject({
      iss: 'https://accounts.example.com',
      aud: ['kube-cli'],
      azp: 'kube-cli',
      email: 'jane@example.com',
      exp: now + 3_600_000,
    });
    expect(decoded.claims.serviceAccount).toBeUndefined();
    expect(issuerKind(decoded.claims)).toBe('oidc');
  });

  it('trims surrounding whitespace like client-go does for token files', async () => {
    const token = await serviceAccountToken({ issuedAt: now });
    expect(decodeJwt(`  ${token}\n`)).toEqual(decodeJwt(token));
    expect(decodeJwt(`${token}\r\n`).format).toBe('jwt');
  });

  it('classifies a token that is not three dot-separated parts as opaque', () => {
    expect(decodeJwt('k8s-aws-v1.aHR0cHM6Ly9zdHMuYW1hem9uYXdzLmNvbS8')).toEqual({ format: 'opaque' });
    expect(decodeJwt('0123456789abcdef0123456789abcdef')).toEqual({ format: 'opaque' });
    expect(decodeJwt('a.b.c.d.e')).toEqual({ format: 'opaque' });
  });

  it.each([
    [
      'a payload that is not base64url',
      `${b64({ alg: 'RS256' })}.%%%.sig`,
      'the payload is missing or not base64url-encoded',
    ],
    [
      'a payload that is not JSON',
      `${b64({ alg: 'RS256' })}.${Buffer.from('{not json').toString('base64url')}.sig`,
      'the payload is not a JSON object',
    ],
    [
      'a payload that is a JSON array',
      `${b64({ alg: 'RS256' })}.${b64([1, 2])}.sig`,
      'the payload is not a JSON object',
    ],
    ['an empty payload', `${b64({ alg: 'RS256' })}..sig`, 'the payload is missing or not base64url-encoded'],
    ['a header that is not JSON', `bm90IGpzb24.${b64({ sub: 'x' })}.sig`, 'the header is not base64url-encoded JSON'],
    ['a non-numeric exp', `${b64({ alg: 'RS256' })}.${b64({ exp: 'tomorrow' })}.sig`, 'the exp claim is not a number'],
    ['an exp beyond any date', `${b64({ alg: 'RS256' })}.${b64({ exp: 1e300 })}.sig`, 'the exp claim is out of range'],
    [
      'a non-numeric warnafter',
      `${b64({ alg: 'RS256' })}.${b64({ 'kubernetes.io': { warnafter: 'soon' } })}.sig`,
      'the kubernetes.io.warnafter claim is not a number',
    ],
  ])('reports %s as invalid, with the defect as the reason', (_name, token, reason) => {
    expect(decodeJwt(token)).toEqual({ format: 'invalid', reason });
  });

  it('reads a ServiceAccount from the subject when the kubernetes.io claim is absent', async () => {
    const decoded = claimsOf(
      await signJwt({ iss: 'https://oidc.eks.example.com/id/X', sub: 'system:serviceaccount:a:b' }),
    );
    expect(decoded.claims.serviceAccount).toEqual({ namespace: 'a', name: 'b' });
    expect(issuerKind(decoded.claims)).toBe('serviceaccount');
  });

  it('keeps a fractional NumericDate and ignores claims of the wrong type', async () => {
    const decoded = claimsOf(await signJwt({ exp: seconds(now) + 0.5, iss: 42, aud: ['a', 7], email: '' }));
    expect(decoded.claims.exp).toBe(now + 500);
    expect(decoded.claims.iss).toBeUndefined();
    expect(decoded.claims.aud).toEqual(['a']);
    expect(decoded.claims.email).toBeUndefined();
    expect(issuerKind(decoded.claims)).toBe('other');
  });

  it('never returns the token or its signature', async () => {
    const token = await oidcIdToken({ issuedAt: now });
    const signature = token.split('.')[2] as string;
    const out = JSON.stringify([decodeJwt(token), decodeJwt(`${token.slice(0, 20)}.x.${signature}`)]);
    expect(out).not.toContain(signature);
    expect(out).not.toContain(token.split('.')[1]);
  });
});

describe('decodeJwt against jose, the decoder it replaced for speed', () => {
  // Parts built to sit on the edges jose draws: whitespace inside, "=" padding, a
  // dangling character, non-UTF-8 bytes, JSON that is not an object.
  const jsonText = fc.oneof(
    fc
      .dictionary(
        fc.string().map((key) => `x${key}`),
        fc.jsonValue(),
      )
      .map((object) => JSON.stringify(object)),
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fc.constant('\uFEFF{"a":1}'),
    fc.string(),
  );
  const encodedPart = fc.oneof(
    jsonText.map((text) => Buffer.from(text).toString('base64url')),
    fc.uint8Array({ maxLength: 24 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
    fc
      .uint8Array({ minLength: 1, maxLength: 3 })
      .map((bytes) => Buffer.concat([Buffer.from('{"a":"'), bytes, Buffer.from('"}')]).toString('base64url')),
    fc.string({ unit: fc.constantFrom(...'AZaz09-_+/= \t\n.%'.split('')), maxLength: 16 }),
  );
  const part = fc
    .tuple(encodedPart, fc.constantFrom('', '=', '==', ' ', 'A'), fc.nat({ max: 8 }), fc.boolean())
    .map(([text, suffix, at, blank]) => {
      const spliced = blank ? `${text.slice(0, at)} ${text.slice(at)}` : text;
      return spliced + suffix;
    });

  it('accepts exactly the tokens jose accepts, with the same header fields', () => {
    fc.assert(
      fc.property(part, part, (header, payload) => {
        const token = `${header}.${payload}.sig`;
        if (token.split('.').length !== 3) return;
        let joseHeader: Record<string, unknown> | undefined;
        try {
          joseHeader = decodeProtectedHeader(token);
          decodePayloadWithJose(token);
        } catch {
          joseHeader = undefined;
        }
        const ours = decodeJwt(token);
        if (joseHeader === undefined) {
          expect(ours.format).toBe('invalid');
        } else {
          expect(ours.format).toBe('jwt');
          if (ours.format === 'jwt') {
            expect(ours.alg).toBe(typeof joseHeader.alg === 'string' && joseHeader.alg ? joseHeader.alg : undefined);
            expect(ours.kid).toBe(typeof joseHeader.kid === 'string' && joseHeader.kid ? joseHeader.kid : undefined);
          }
        }
      }),
      { numRuns: 3000 },
    );
  });
});
