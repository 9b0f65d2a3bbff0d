/**
 * Background texts (a rule's meta.explanation) that several rules share: each explains a kind
 * of failure more than one rule reports.
 */

/** For 401 and 403 from the API server. */
export const UNAUTHORIZED_OR_FORBIDDEN =
  '401 Unauthorized means the API server did not accept who you say you are: the credential is missing, expired, ' +
  'revoked or signed by an issuer it does not trust, so a new credential fixes it. 403 Forbidden means it knew ' +
  'exactly who you are and RBAC refused the request: a new login will not help, a RoleBinding will.';

/** For any credential with an expiry. */
export const CREDENTIAL_EXPIRY =
  'Certificates and tokens carry the instant they stop being valid. Until then everything works; a second later ' +
  'every kubectl command fails with "You must be logged in to the server (Unauthorized)". Renewing before that ' +
  'instant avoids the outage.';

/** For validity windows that depend on clocks agreeing. */
export const CLOCKS =
  'Validity is checked against the clocks involved: the API server rejects a token whose issue time is in its ' +
  "future, and a certificate is refused outside its validity window. When this computer's clock is minutes off, " +
  'a fresh credential can look "not yet valid" or an expiring one can fail early. Fix the clock (NTP), not the credential.';

/** For exec credential plugins that do not deliver. */
export const EXEC_PLUGINS =
  'An exec plugin (aws, gke-gcloud-auth-plugin, kubelogin) is a program kubectl runs before every request to get a ' +
  'short-lived token. When it is missing, fails or prints something kubectl cannot read, kubectl has no credential ' +
  'to send, whatever the cloud session says.';

/** For contexts that do not lead to a cluster and a user. */
export const CONTEXTS =
  'A context pairs a cluster (where to connect) with a user (which credential to send). kubectl uses the one named ' +
  'by current-context; if that name is missing, or the context names a cluster or user no file defines, kubectl ' +
  'cannot even start a request.';
