/**
 * Reading a bearer token's claims offline. Signatures are never verified (kubeward
 * holds no issuer keys): the claims are evidence about when the token stops working,
 * not proof of identity. The raw token never leaves this module.
 */
import { decodeJwt as decodePayload, decodeProtectedHeader } from 'jose';
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

const HEADER_INVALID = 'the header is not base64url-encoded JSON';
const PAYLOAD_NOT_BASE64 = 'the payload is missing or not base64url-encoded';
const PAYLOAD_NOT_JSON = 'the payload is not a JSON object';

/** jose's words for a payload that is there but is not a JSON object. */
const JOSE_NOT_JSON = /JSON|Claims Set/;

/** What is wrong with a token jose cannot read, in kubeward's words (never the token's content). */
function joseReason(token: string): string {
  try {
    decodeProtectedHeader(token);
  } catch {
    return HEADER_INVALID;
  }
  try {
    decodePayload(token);
  } catch (error) {
    return error instanceof Error && JOSE_NOT_JSON.test(error.message) ? PAYLOAD_NOT_JSON : PAYLOAD_NOT_BASE64;
  }
  return PAYLOAD_NOT_JSON;
}

/**
 * Decodes a bearer token with jose's decodeProtectedHeader and decodeJwt, never verifying
 * it. Surrounding whitespace is dropped, as client-go does for token files
 * (strings.TrimSpace), since they usually end in "\n".
 */
export function decodeJwt(token: string): DecodedToken {
  const compact = token.trim();
  if (compact.split('.').length !== 3) return { format: 'opaque' };
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(compact);
    payload = decodePayload(compact);
  } catch {
    return { format: 'invalid', reason: joseReason(compact) };
  }
  try {
    return { format: 'jwt', alg: str(header.alg), kid: str(header.kid), claims: claimsOf(payload) };
  } catch (error) {
    if (error instanceof ClaimError) return { format: 'invalid', reason: error.message };
    throw error;
  }
}

export function issuerKind(claims: JwtClaims): TokenIssuerKind {
  if (claims.iss === LEGACY_SERVICEACCOUNT_ISSUER) return 'legacy-serviceaccount';
  if (claims.serviceAccount) return 'serviceaccount';
  return claims.iss?.startsWith('https://') ? 'oidc' : 'other';
}
