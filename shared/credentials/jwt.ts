/**
 * Reading a bearer token's claims offline. Signatures are never verified (kubeward
 * holds no issuer keys): the claims are evidence about when the token stops working,
 * not proof of identity. The raw token never leaves this module.
 */
import { isUtf8 } from 'node:buffer';
import { jsonObject } from '../json-object';

/** The `kubernetes.io` claim of bound tokens, or the flat claims of legacy secret-based tokens. */
interface ServiceAccountClaims {
  namespace?: string;
  name?: string;
  uid?: string;
  /** The Pod a bound token is tied to: the token dies with it. */
  pod?: string;
  /** Legacy tokens: the Secret holding the token (deleting it revokes the token). */
  secretName?: string;
  /** Epoch ms. Set on tokens kube-apiserver extended past their requested lifetime: from then on it calls them stale. */
  warnAfter?: number;
}

/** The claims worth showing as evidence. Times are epoch milliseconds. */
export interface JwtClaims {
  iss?: string;
  sub?: string;
  aud: string[];
  exp?: number;
  nbf?: number;
  iat?: number;
  /** OIDC */
  email?: string;
  name?: string;
  azp?: string;
  serviceAccount?: ServiceAccountClaims;
}

export type DecodedToken =
  | { format: 'jwt'; alg?: string; kid?: string; claims: JwtClaims }
  /** Three dot-separated parts that do not decode: a truncated or mangled JWT. */
  | { format: 'invalid'; reason: string }
  /** Not a JWT (e.g. EKS `k8s-aws-v1.` tokens, static tokens): nothing to read offline. */
  | { format: 'opaque' };

/** Who issued the token, which decides how to get a new one. */
export type TokenIssuerKind = 'serviceaccount' | 'legacy-serviceaccount' | 'oidc' | 'other';

/** The issuer of secret-based ServiceAccount tokens (before bound tokens, Kubernetes < 1.24). */
const LEGACY_SERVICEACCOUNT_ISSUER = 'kubernetes/serviceaccount';

/** The largest time a JS Date holds (ECMA-262), so every claim can be shown as ISO 8601. */
const MAX_DATE_SECONDS = 8.64e12;

const SERVICEACCOUNT_SUBJECT = /^system:serviceaccount:([^:]+):([^:]+)$/;

class ClaimError extends Error {}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A NumericDate claim in epoch ms; a present but non-numeric one makes the token unusable, so it is an error. */
function numericDate(payload: Record<string, unknown>, key: string, label = key): number | undefined {
  const value = payload[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ClaimError(`the ${label} claim is not a number`);
  if (Math.abs(value) > MAX_DATE_SECONDS) throw new ClaimError(`the ${label} claim is out of range`);
  return value * 1000;
}

function audience(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((a): a is string => typeof a === 'string') : [];
}

function serviceAccountClaims(payload: Record<string, unknown>, sub?: string): ServiceAccountClaims | undefined {
  const bound = jsonObject(payload['kubernetes.io']);
  if (bound) {
    return {
      namespace: str(bound.namespace),
      name: str(jsonObject(bound.serviceaccount)?.name),
      uid: str(jsonObject(bound.serviceaccount)?.uid),
      pod: str(jsonObject(bound.pod)?.name),
      warnAfter: numericDate(bound, 'warnafter', 'kubernetes.io.warnafter'),
    };
  }
  const legacyNamespace = str(payload['kubernetes.io/serviceaccount/namespace']);
  if (legacyNamespace) {
    return {
      namespace: legacyNamespace,
      name: str(payload['kubernetes.io/serviceaccount/service-account.name']),
      uid: str(payload['kubernetes.io/serviceaccount/service-account.uid']),
      secretName: str(payload['kubernetes.io/serviceaccount/secret.name']),
    };
  }
  const subject = sub?.match(SERVICEACCOUNT_SUBJECT);
  return subject ? { namespace: subject[1], name: subject[2] } : undefined;
}

function claimsOf(payload: Record<string, unknown>): JwtClaims {
  const sub = str(payload.sub);
  return {
    iss: str(payload.iss),
    sub,
    aud: audience(payload.aud),
    exp: numericDate(payload, 'exp'),
    nbf: numericDate(payload, 'nbf'),
    iat: numericDate(payload, 'iat'),
    email: str(payload.email),
    name: str(payload.name),
    azp: str(payload.azp),
    serviceAccount: serviceAccountClaims(payload, sub),
  };
}

/** A token part that does not decode; `reason` says what is wrong, never what the part contains. */
class DecodeError extends Error {}

// What jose's decodeJwt/decodeProtectedHeader accept on Node 20 (WHATWG forgiving-base64 via atob,
// after its base64url check): ASCII whitespace is skipped, up to two "=" end a part whose length is
// a multiple of 4, and a remainder of 1 character is not base64.
const BASE64URL_PART = /^[A-Za-z0-9_-]*$/;
const ASCII_WHITESPACE = /[\t\n\f\r ]/g;

function base64urlBytes(part: string): Buffer | undefined {
  // The usual part, unpadded base64url: one scan, no copies.
  if (BASE64URL_PART.test(part)) return part.length % 4 === 1 ? undefined : Buffer.from(part, 'base64url');
  let text = part.replace(ASCII_WHITESPACE, '');
  if (text.length % 4 === 0)
    text = text.endsWith('==') ? text.slice(0, -2) : text.endsWith('=') ? text.slice(0, -1) : text;
  if (text.length % 4 === 1 || !BASE64URL_PART.test(text)) return undefined;
  return Buffer.from(text, 'base64url');
}

/** A part as a JSON object, read as jose reads it: strict UTF-8 (a leading BOM dropped), then JSON.parse. */
function jsonPart(part: string, notBase64: string, notJson: string): Record<string, unknown> {
  const bytes = base64urlBytes(part);
  if (!bytes) throw new DecodeError(notBase64);
  if (!isUtf8(bytes)) throw new DecodeError(notJson);
  const json = bytes.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
  } catch {
    throw new DecodeError(notJson);
  }
  const object = jsonObject(parsed);
  if (!object) throw new DecodeError(notJson);
  return object;
}

const HEADER_INVALID = 'the header is not base64url-encoded JSON';
const PAYLOAD_NOT_BASE64 = 'the payload is missing or not base64url-encoded';
const PAYLOAD_NOT_JSON = 'the payload is not a JSON object';

function headerOf(encoded: string): { alg?: string; kid?: string } {
  const json = jsonPart(encoded, HEADER_INVALID, HEADER_INVALID);
  return { alg: str(json.alg), kid: str(json.kid) };
}

/**
 * Decodes a bearer token without verifying it. Surrounding whitespace is dropped, as
 * client-go does for token files (strings.TrimSpace), since they usually end in "\n".
 */
export function decodeJwt(token: string): DecodedToken {
  const compact = token.trim();
  const parts = compact.split('.');
  if (parts.length !== 3) return { format: 'opaque' };
  const [encodedHeader, encodedPayload] = parts;
  try {
    if (!encodedHeader) throw new DecodeError(HEADER_INVALID);
    const { alg, kid } = headerOf(encodedHeader);
    if (!encodedPayload) throw new DecodeError(PAYLOAD_NOT_BASE64);
    const claims = claimsOf(jsonPart(encodedPayload, PAYLOAD_NOT_BASE64, PAYLOAD_NOT_JSON));
    return { format: 'jwt', alg, kid, claims };
  } catch (error) {
    if (error instanceof DecodeError || error instanceof ClaimError)
      return { format: 'invalid', reason: error.message };
    throw error;
  }
}

export function issuerKind(claims: JwtClaims): TokenIssuerKind {
  if (claims.iss === LEGACY_SERVICEACCOUNT_ISSUER) return 'legacy-serviceaccount';
  if (claims.serviceAccount) return 'serviceaccount';
  return claims.iss?.startsWith('https://') ? 'oidc' : 'other';
}
