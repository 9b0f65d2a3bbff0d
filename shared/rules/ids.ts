/**
 * Every rule id, in the order findings are reported in within a context. Ids are a public
 * contract (`--json`, notifications, alert state, `docs/rules/<id>.md`): never rename one.
 * Kept apart from the rules themselves so that the IPC contract and the window can know
 * the ids without loading any rule code.
 */
export const RULE_IDS = [
  'kubeconfig-unreadable',
  'kubeconfig-invalid',
  'kubeconfig-permissions',
  'context-missing',
  'context-dangling',
  'cluster-server-missing',
  'context-config-invalid',
  'file-reference-missing',
  'credentials-missing',
  'credentials-conflict',
  'credential-shadowed',
  'auth-provider-removed',
  'basic-auth-removed',
  'client-cert-expired',
  'client-cert-expiring',
  'client-cert-not-yet-valid',
  'client-cert-invalid',
  'client-cert-key-mismatch',
  'client-cert-untrusted-issuer',
  'client-cert-system-masters',
  'cluster-ca-invalid',
  'cluster-ca-expired',
  'insecure-skip-tls-verify',
  'token-expired',
  'token-expiring',
  'token-not-yet-valid',
  'token-invalid',
  'token-invalid-header',
  'token-opaque',
  'token-legacy-serviceaccount',
  'oidc-token-expired',
  'exec-plugin-missing',
  'exec-plugin-gui-path',
  'exec-api-version-unsupported',
  'exec-config-invalid',
  'exec-interactive-only',
  'exec-plugin-untrusted',
  'exec-sign-in-required',
  'exec-plugin-failed',
  'exec-plugin-invalid-output',
  'exec-credential-expired',
  'exec-credential-expiring',
  'gke-cache-identity-mismatch',
  'server-unauthorized',
  'eks-principal-unmapped',
  'server-forbidden',
  'server-redirect',
  'server-not-kubernetes',
  'server-client-cert-required',
  'server-tls-untrusted',
  'server-cert-expired',
  'server-unreachable',
  'cluster-not-running',
  'clock-skew',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

const KNOWN_IDS: ReadonlySet<string> = new Set(RULE_IDS);

export function isRuleId(value: string): value is RuleId {
  return KNOWN_IDS.has(value);
}
