/**
 * Known exec plugin failures, by the words the tools print: each with the line-level pattern that
 * recognises it, the coarse cause classification files it under, and what it means. The fix
 * steps live in guides/plugin-errors.ts. Messages were recorded from the real tools where they
 * fail offline (test/fixtures/exec-samples: aws with a missing profile, gcloud and
 * gke-gcloud-auth-plugin without an account) and taken from the tools' documented messages
 * otherwise (botocore, the AWS SDKs, Google auth, Microsoft Entra AADSTS codes, Go's os/exec).
 * Patterns match one line at a time, so the line that carries the cause can be shown.
 */
import type { ExecFailureCause } from '../facts';

export const SIGNATURE_IDS = [
  'aws-sso-token-invalid',
  'aws-sso-refresh-failed',
  'aws-expired-token',
  'aws-profile-not-found',
  'aws-invalid-client-token-id',
  'aws-assume-role-denied',
  'gcloud-invalid-rapt',
  'oauth-invalid-grant',
  'gcloud-no-active-account',
  'gcloud-reauth-required',
  'azure-grant-revoked',
  'azure-refresh-token-inactive',
  'azure-sign-in-frequency',
  'azure-mfa-required',
  'tool-not-found',
  'exec-format-error',
  'permission-denied',
] as const;

export type SignatureId = (typeof SIGNATURE_IDS)[number];

export interface ErrorSignature {
  id: SignatureId;
  /** One line of stderr. */
  test: RegExp;
  cause: ExecFailureCause;
  /** What it means, as the end of "the plugin failed: …"; `{profile}` is the AWS profile the plugin uses, in words. */
  meaning: string;
  /**
   * Only in the reason the executable could not be started, or in Go's `fork/exec PATH: …` of a program
   * the plugin starts: "permission denied" elsewhere in stderr is about some file, not the executable.
   */
  startOnly?: boolean;
}

/** In order of precedence: the first signature any line matches wins (invalid_rapt before invalid_grant). */
export const ERROR_SIGNATURES: readonly ErrorSignature[] = [
  {
    id: 'aws-sso-token-invalid',
    test: /SSOProviderInvalidToken|SSO session associated with this profile has expired or is otherwise invalid/i,
    cause: 'aws-sso-expired',
    meaning: 'the AWS IAM Identity Center (SSO) session of {profile} has expired or was signed out',
  },
  {
    id: 'aws-sso-refresh-failed',
    test: /Token has expired and refresh failed/i,
    cause: 'aws-sso-expired',
    meaning:
      'the AWS IAM Identity Center (SSO) token of {profile} expired and the AWS CLI could not refresh it (the sso-session ended)',
  },
  {
    id: 'aws-expired-token',
    test: /\(ExpiredToken\)|ExpiredToken:|security token included in the request is expired/i,
    cause: 'no-cloud-credentials',
    meaning:
      'the temporary AWS credentials it signs with have expired (a session token in the environment or ~/.aws/credentials, from an earlier assume-role or SSO export)',
  },
  {
    id: 'aws-profile-not-found',
    test: /The config profile \([^)\n]{0,200}\) could not be found/i,
    cause: 'no-cloud-credentials',
    meaning: 'the AWS profile it is told to use is not defined in ~/.aws/config or ~/.aws/credentials',
  },
  {
    id: 'aws-invalid-client-token-id',
    test: /InvalidClientTokenId|security token included in the request is invalid/i,
    cause: 'no-cloud-credentials',
    meaning:
      'AWS does not know the access key it signs with (deleted or deactivated, or for another partition or a region not enabled)',
  },
  {
    id: 'aws-assume-role-denied',
    test: /\(AccessDenied\).{0,80}AssumeRole|not authorized to perform: sts:AssumeRole/i,
    cause: 'no-cloud-credentials',
    meaning:
      'the AWS identity it signs with is not allowed to assume the role the profile or --role-arn names (sts:AssumeRole denied)',
  },
  {
    id: 'gcloud-invalid-rapt',
    test: /invalid_rapt/i,
    cause: 'gcloud-reauth',
    meaning:
      "Google requires you to sign in again: your organisation's session length policy ended the gcloud session (invalid_rapt)",
  },
  {
    id: 'oauth-invalid-grant',
    test: /invalid_grant/i,
    cause: 'gcloud-reauth',
    meaning:
      'its refresh token was revoked or expired (invalid_grant): a password change, a sign-out by an admin, or a long time unused',
  },
  {
    id: 'gcloud-no-active-account',
    test: /You do not currently have an active account selected/i,
    cause: 'gcloud-no-account',
    meaning: 'the gcloud CLI it calls has no active account',
  },
  {
    id: 'gcloud-reauth-required',
    test: /Reauthentication (?:required|failed)|There was a problem refreshing your current auth tokens/i,
    cause: 'gcloud-reauth',
    meaning: 'the gcloud CLI it calls needs you to sign in again',
  },
  {
    id: 'azure-grant-revoked',
    test: /AADSTS50173/,
    cause: 'interactive-login-required',
    meaning:
      'Microsoft Entra revoked the refresh token (AADSTS50173: a password change or reset, or an admin revoked sessions)',
  },
  {
    id: 'azure-refresh-token-inactive',
    test: /AADSTS700082/,
    cause: 'interactive-login-required',
    meaning: 'the Microsoft Entra refresh token expired from inactivity (AADSTS700082: unused for 90 days)',
  },
  {
    id: 'azure-sign-in-frequency',
    test: /AADSTS70043/,
    cause: 'interactive-login-required',
    meaning:
      'the Microsoft Entra refresh token expired under a Conditional Access sign-in frequency policy (AADSTS70043)',
  },
  {
    id: 'azure-mfa-required',
    test: /AADSTS50076/,
    cause: 'interactive-login-required',
    meaning: 'Microsoft Entra requires multi-factor authentication (AADSTS50076), which needs you at a browser',
  },
  {
    id: 'tool-not-found',
    // A missing browser opener (xdg-open, open) is a login that wanted a browser: classify.ts says so.
    test: /exec: "(?!xdg-open"|open"|wslview"|sensible-browser")[^"\n]{1,200}": executable file not found/i,
    cause: 'spawn-failed',
    meaning: 'a program it runs is not on its PATH',
  },
  {
    id: 'exec-format-error',
    test: /exec format error|ENOEXEC|cannot execute binary file|Bad CPU type in executable|^\S+: 1: \S*ELF\S*: not found$/i,
    cause: 'spawn-failed',
    meaning:
      'the executable is not a program this system can run (built for another OS or CPU, or a script without #!)',
  },
  {
    id: 'permission-denied',
    test: /EACCES|permission denied/i,
    cause: 'spawn-failed',
    startOnly: true,
    meaning: 'the executable may not be run: it lacks execute permission, or sits on a noexec file system',
  },
];

const BY_ID: ReadonlyMap<string, ErrorSignature> = new Map(ERROR_SIGNATURES.map((s) => [s.id, s]));

export function signatureById(id: string): ErrorSignature | undefined {
  return BY_ID.get(id);
}

export interface SignatureMatch {
  signature: ErrorSignature;
  /** The line that carries the cause, as printed (unscrubbed: the caller scrubs it). */
  line: string;
}

const FORK_EXEC = /fork\/exec /;

/**
 * The known signature in a plugin's stderr, or in the reason it could not be started (`started:
 * false`), with its line, by the table's precedence.
 */
export function findSignature(text: string, started = true): SignatureMatch | undefined {
  const lines = text.split(/\r?\n/);
  for (const signature of ERROR_SIGNATURES) {
    const line = lines.find((l) => signature.test.test(l) && (!signature.startOnly || !started || FORK_EXEC.test(l)));
    if (line !== undefined) return { signature, line: line.trim() };
  }
  return undefined;
}

/** What `tool-not-found` says is missing: Go's `exec: "gcloud": executable file not found in $PATH`. */
export function missingTool(line: string): string | undefined {
  return /exec: "([^"\n]{1,200})": executable file not found/.exec(line)?.[1];
}
