/**
 * What an EKS bearer token says about who signed it, read without a network. `aws eks get-token`
 * (and aws-iam-authenticator) return `k8s-aws-v1.` + base64url of a presigned STS
 * GetCallerIdentity URL; the cluster calls that URL to learn the IAM principal. Its query holds
 * the signing key's id, date, region and scope (X-Amz-Credential), whether the key is temporary
 * (X-Amz-Security-Token present, an ASIA key: a role session from SSO or assume-role), and when
 * it was signed and for how long. Only those public parts come out: the signature and the
 * session token are secrets and are never returned.
 */

const PREFIX = 'k8s-aws-v1.';

export interface EksTokenPrincipal {
  /** AKIA… (an IAM user's long-term key) or ASIA… (temporary credentials of a role session). */
  accessKeyId: string;
  /** `temporary` when the URL carries a session token (a role session: SSO, assume-role, instance role). */
  keyKind: 'long-term' | 'temporary';
  /** The STS region the token was signed for. */
  region: string;
  /** X-Amz-Date as an ISO instant. */
  signedAt?: string;
  /** X-Amz-Expires: how long the cluster may use the URL, seconds (EKS takes 15 min whatever it says). */
  expiresSeconds?: number;
  /** Whether x-k8s-aws-id (the cluster name) is among the signed headers, as the cluster requires. */
  clusterBound: boolean;
}

function base64urlDecode(data: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+=*$/.test(data)) return undefined;
  return Buffer.from(data, 'base64url').toString('utf8');
}

/** `20261202T034302Z` as `2026-12-02T03:43:02Z`. */
function amzDate(value: string | null): string | undefined {
  const m = value && /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : undefined;
}

/** The principal an EKS token was signed as; undefined for any other token. */
export function decodeEksToken(token: string): EksTokenPrincipal | undefined {
  if (!token.startsWith(PREFIX)) return undefined;
  const text = base64urlDecode(token.slice(PREFIX.length));
  if (!text) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.searchParams.get('Action') !== 'GetCallerIdentity') return undefined;
  // AKID/yyyymmdd/region/sts/aws4_request
  const [accessKeyId, , region, service] = (url.searchParams.get('X-Amz-Credential') ?? '').split('/');
  if (!accessKeyId || !/^[A-Z0-9]{16,128}$/.test(accessKeyId) || !region || service !== 'sts') return undefined;
  const expires = Number(url.searchParams.get('X-Amz-Expires'));
  const signedAt = amzDate(url.searchParams.get('X-Amz-Date'));
  const signed = (url.searchParams.get('X-Amz-SignedHeaders') ?? '').split(';');
  return {
    accessKeyId,
    keyKind: url.searchParams.has('X-Amz-Security-Token') || accessKeyId.startsWith('ASIA') ? 'temporary' : 'long-term',
    region,
    ...(signedAt ? { signedAt } : {}),
    ...(Number.isFinite(expires) && expires > 0 ? { expiresSeconds: expires } : {}),
    clusterBound: signed.includes('x-k8s-aws-id'),
  };
}

// arn:aws:sts::123456789012:assumed-role/ROLE/SESSION, arn:aws:iam::123456789012:user/path/NAME
const ASSUMED_ROLE = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/;
const IAM_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(?:user|role)\/.+$/;

export interface IamPrincipal {
  /** What an access entry or aws-auth names: the IAM role for a role session, else the user. */
  principalArn: string;
  kind: 'role' | 'user';
  /** The role session name, for an assumed role (an SSO user's e-mail, or the session the tool chose). */
  session?: string;
  /** The role's name, for an assumed role. */
  role?: string;
}

/**
 * The IAM principal behind a caller-identity ARN. An assumed-role ARN names the role without its
 * path; the access entry needs the role's ARN, which is `role/NAME` when the role has no path (SSO
 * roles live under `aws-reserved/sso.amazonaws.com/`: the admin must use the full ARN from IAM).
 */
export function iamPrincipal(arn: string): IamPrincipal | undefined {
  const assumed = ASSUMED_ROLE.exec(arn);
  if (assumed) {
    const [, partition, account, role, session] = assumed as unknown as [string, string, string, string, string];
    return { principalArn: `arn:${partition}:iam::${account}:role/${role}`, kind: 'role', role, session };
  }
  if (IAM_ARN.test(arn)) return { principalArn: arn, kind: arn.includes(':user/') ? 'user' : 'role' };
  return undefined;
}
