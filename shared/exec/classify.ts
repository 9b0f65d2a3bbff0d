/**
 * Why an exec plugin failed, read from how it ended and what it said on stderr. The
 * messages are the real tools' (checked against the aws CLI, botocore and
 * gke-gcloud-auth-plugin in test/integration/exec-plugin.test.ts), matched loosely
 * enough to survive version drift.
 */
import type { ExecFailureCause } from '../facts';
import { commandName } from '../guides/provider';
import { findSignature } from './signatures';

export interface FailureSignals {
  /** The command as the kubeconfig writes it. */
  command: string;
  exitCode: number | null;
  /** The signal that ended the plugin when kubeward did not kill it. */
  signal?: string;
  timedOut: boolean;
  outputTooLarge?: boolean;
  /** The executable could not be started. */
  spawnFailed?: boolean;
  /** Raw stderr: classification only returns a cause, so secrets in it go nowhere. */
  stderr: string;
}

interface Pattern {
  cause: ExecFailureCause;
  test: RegExp;
}

const STDERR_PATTERNS: readonly Pattern[] = [
  // botocore UnauthorizedSSOTokenError (legacy sso_start_url profiles), TokenRetrievalError
  // (sso-session profiles whose refresh failed), and SSOTokenLoadError (never logged in).
  {
    cause: 'aws-sso-expired',
    test: /SSO session associated with this profile has expired|Error when retrieving token from sso|Error loading SSO Token|aws sso login/i,
  },
  // botocore NoCredentialsError and ProfileNotFound; aws-iam-authenticator / Go SDK NoCredentialProviders.
  {
    cause: 'no-cloud-credentials',
    test: /Unable to locate credentials|The config profile \([^)\n]{0,200}\) could not be found|NoCredentialProviders|no valid credential sources/i,
  },
  { cause: 'gcloud-no-account', test: /You do not currently have an active account selected/i },
  {
    cause: 'gcloud-reauth',
    test: /Reauthentication (?:required|failed)|There was a problem refreshing your current auth tokens|gcloud auth login/i,
  },
  // kubelogin (int128 and Azure): a browser, a device code or a prompt it cannot show.
  {
    cause: 'interactive-login-required',
    test: /devicelogin|device code|open (?:the|a|your) (?:web )?browser|Please visit|authorization code|interactive (?:login|authentication|mode)|stdin is not a terminal|standard input is not a terminal/i,
  },
];

// A runtime's own crash report, as opposed to the tool reporting an error.
const CRASH = /^panic: |goroutine \d+ \[running\]|Traceback \(most recent call last\)|Segmentation fault|core dumped/m;

/** `invalid_grant` is an expired refresh token: gcloud's own words for it, or another IdP's login. */
function invalidGrant(signals: FailureSignals): ExecFailureCause | undefined {
  if (!/invalid_grant/i.test(signals.stderr)) return undefined;
  const gcloud = commandName(signals.command) === 'gke-gcloud-auth-plugin' || /gcloud/i.test(signals.stderr);
  return gcloud ? 'gcloud-reauth' : 'interactive-login-required';
}

function fromStderr(signals: FailureSignals): ExecFailureCause | undefined {
  const known = findSignature(signals.stderr)?.signature;
  // invalid_grant is gcloud's re-login for the gke plugin, an OIDC login (kubelogin) otherwise.
  if (known) return known.id === 'oauth-invalid-grant' ? invalidGrant(signals) : known.cause;
  return STDERR_PATTERNS.find((p) => p.test.test(signals.stderr))?.cause ?? invalidGrant(signals);
}

/** Tools put the error last; bounding the text bounds the matching on a flood. */
const CLASSIFY_TAIL = 64 * 1024;

export function classifyFailure(input: FailureSignals): ExecFailureCause {
  const signals = { ...input, stderr: input.stderr.slice(-CLASSIFY_TAIL) };
  if (signals.spawnFailed) return 'spawn-failed';
  if (signals.outputTooLarge) return 'output-too-large';
  const said = fromStderr(signals);
  // A plugin that waits for a browser or a device code ends in the timeout: the wait is the real cause.
  if (signals.timedOut) return said === 'interactive-login-required' ? said : 'timeout';
  if (said) return said;
  if (signals.signal || CRASH.test(signals.stderr)) return 'crashed';
  return 'unknown';
}
