/**
 * Background a finding's own detail does not repeat: why this kind of problem makes
 * kubectl fail. Keyed by rule id; rules without an entry need none.
 */

const STATUS_CODES =
  '401 Unauthorized means the API server did not accept who you say you are: the credential is missing, expired, ' +
  'revoked or signed by an issuer it does not trust, so a new credential fixes it. 403 Forbidden means it knew ' +
  'exactly who you are and RBAC refused the request: a new login will not help, a RoleBinding will.';

const EXPIRY =
  'Certificates and tokens carry the instant they stop being valid. Until then everything works; a second later ' +
  'every kubectl command fails with "You must be logged in to the server (Unauthorized)". Renewing before that ' +
  'instant avoids the outage.';

const CLOCK =
  'Validity is checked against the clocks involved: the API server rejects a token whose issue time is in its ' +
  "future, and a certificate is refused outside its validity window. When this computer's clock is minutes off, " +
  'a fresh credential can look "not yet valid" or an expiring one can fail early. Fix the clock (NTP), not the credential.';

const EXEC =
  'An exec plugin (aws, gke-gcloud-auth-plugin, kubelogin) is a program kubectl runs before every request to get a ' +
  'short-lived token. When it is missing, fails or prints something kubectl cannot read, kubectl has no credential ' +
  'to send, whatever the cloud session says.';

const CONTEXT =
  'A context pairs a cluster (where to connect) with a user (which credential to send). kubectl uses the one named ' +
  'by current-context; if that name is missing, or the context names a cluster or user no file defines, kubectl ' +
  'cannot even start a request.';

export const EXPLANATIONS: Record<string, string> = {
  'server-unauthorized': STATUS_CODES,
  'server-forbidden': STATUS_CODES,
  'client-cert-expired': EXPIRY,
  'client-cert-expiring': EXPIRY,
  'token-expired': EXPIRY,
  'token-expiring': EXPIRY,
  'oidc-token-expired': EXPIRY,
  'exec-credential-expired': EXPIRY,
  'exec-credential-expiring': EXPIRY,
  'clock-skew': CLOCK,
  'client-cert-not-yet-valid': CLOCK,
  'token-not-yet-valid': CLOCK,
  'exec-plugin-missing': EXEC,
  'exec-plugin-failed': EXEC,
  'exec-plugin-invalid-output': EXEC,
  'context-missing': CONTEXT,
  'context-dangling': CONTEXT,
};
