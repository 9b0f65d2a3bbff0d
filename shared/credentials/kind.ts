/**
 * Which credential kubectl sends for a user entry, and which entries it refuses,
 * mirroring client-go: clientcmd's validation.go (refusals), transport.Config
 * (what is sent), exec.Authenticator.UpdateTransportConfig (an exec plugin stands
 * aside when a token, basic auth or a full client certificate is set, since 1.22)
 * and the oidc auth-provider (it stands aside when an Authorization header is
 * already set). Each claim here was checked against kubectl 1.32.
 */
import type { CredentialKind } from '../findings';
import type { User } from '../kubeconfig/model';

/** A static credential: sent without running anything. */
export type StaticKind = 'client-certificate' | 'token' | 'basic';
/** A credential obtained by running something: an exec plugin or the oidc auth-provider. */
export type DynamicKind = 'exec' | 'oidc' | 'auth-provider';

export interface CredentialSetup {
  /** Every method the entry configures, in kubectl's precedence order. */
  configured: CredentialKind[];
  /** What the API server authenticates: the x509 authenticator runs before the token ones. */
  wins: CredentialKind;
  /** The static credentials kubectl sends, in precedence order. */
  sent: StaticKind[];
  /** Configured, but kubectl never runs it because a static credential is sent. */
  shadowed: DynamicKind[];
  /** Fields kubectl never uses on their own: a key without a certificate, a password without a username. */
  ignored: string[];
}

function has(value: string | undefined): boolean {
  return value !== undefined && value !== '';
}

function hasClientCert(user: User): boolean {
  return has(user.clientCertificate) || has(user.clientCertificateData);
}

function hasClientKey(user: User): boolean {
  return has(user.clientKey) || has(user.clientKeyData);
}

export function hasToken(user: User): boolean {
  return has(user.token) || has(user.tokenFile);
}

/** transport.Config.HasBasicAuth: only a username makes kubectl send basic auth. */
export function sendsBasicAuth(user: User): boolean {
  return has(user.username);
}

function dynamicKind(user: User): DynamicKind | undefined {
  if (user.exec) return 'exec';
  if (user.authProvider) return user.authProvider.name === 'oidc' ? 'oidc' : 'auth-provider';
  return undefined;
}

export function credentialSetup(user: User | undefined): CredentialSetup {
  if (!user) return { configured: [], wins: 'none', sent: [], shadowed: [], ignored: [] };
  const sent: StaticKind[] = [];
  // transport.Config.HasCertAuth needs both halves.
  if (hasClientCert(user) && hasClientKey(user)) sent.push('client-certificate');
  if (hasToken(user)) sent.push('token');
  if (sendsBasicAuth(user)) sent.push('basic');
  const configured: CredentialKind[] = [...sent];
  if (hasClientCert(user) && !hasClientKey(user)) configured.unshift('client-certificate');
  if (has(user.password) && !sendsBasicAuth(user)) configured.push('basic');
  const shadowed: DynamicKind[] = [];
  if (user.exec) {
    configured.push('exec');
    if (sent.length > 0) shadowed.push('exec');
  }
  if (user.authProvider) {
    const kind = user.authProvider.name === 'oidc' ? 'oidc' : 'auth-provider';
    configured.push(kind);
    // The oidc round tripper skips requests that already carry an Authorization header; a client cert is no header.
    if (kind === 'oidc' && (hasToken(user) || sendsBasicAuth(user))) shadowed.push('oidc');
  }
  const ignored: string[] = [];
  if (!hasClientCert(user) && hasClientKey(user)) ignored.push(has(user.clientKey) ? 'client-key' : 'client-key-data');
  if (has(user.password) && !sendsBasicAuth(user)) ignored.push('password');
  const wins = sent[0] ?? dynamicKind(user) ?? 'none';
  return { configured, wins, sent, shadowed, ignored };
}

const KIND_NAMES: Record<CredentialKind, string> = {
  'client-certificate': 'client certificate',
  token: 'bearer token',
  basic: 'basic auth (username/password)',
  exec: 'exec plugin',
  oidc: 'oidc auth-provider',
  'auth-provider': 'auth-provider',
  none: 'no credential',
};

/** A credential kind in words: "client certificate", "bearer token"... */
export function kindName(kind: CredentialKind): string {
  return KIND_NAMES[kind];
}

/** Which credential kubectl would send for a user (`credential.kind` in docs/cli.md). */
export function credentialKind(user: User | undefined): CredentialKind {
  return credentialSetup(user).wins;
}

type RefusalCode =
  | 'token-and-basic'
  | 'token-file-and-basic'
  | 'cert-without-key'
  | 'cert-file-and-data'
  | 'key-file-and-data'
  | 'exec-and-auth-provider'
  | 'exec-without-command'
  | 'exec-without-api-version'
  | 'exec-env-without-name'
  | 'exec-interactive-mode-missing'
  | 'exec-interactive-mode-invalid';

export interface Refusal {
  code: RefusalCode;
  /** kubectl's own words (after `error: `), so users can match what they see. */
  message: string;
}

export const INTERACTIVE_MODES: readonly string[] = ['Never', 'IfAvailable', 'Always'];

/** The ExecCredential versions kubectl speaks since 1.24 (v1alpha1 is gone). */
export const SUPPORTED_EXEC_API_VERSIONS: readonly string[] = [
  'client.authentication.k8s.io/v1',
  'client.authentication.k8s.io/v1beta1',
];

/** clientcmd's defaulting: only v1beta1 (and the removed v1alpha1) default interactiveMode to IfAvailable. */
const DEFAULTS_INTERACTIVE_MODE = new Set([
  'client.authentication.k8s.io/v1beta1',
  'client.authentication.k8s.io/v1alpha1',
]);

function execRefusals(name: string, user: User): Refusal[] {
  const exec = user.exec;
  if (!exec) return [];
  const out: Refusal[] = [];
  const plugin = `for ${name} to use exec authentication plugin`;
  if (user.authProvider) {
    out.push({
      code: 'exec-and-auth-provider',
      message: `authProvider cannot be provided in combination with an exec plugin for ${name}`,
    });
  }
  if (!exec.command) out.push({ code: 'exec-without-command', message: `command must be specified ${plugin}` });
  if (!exec.apiVersion)
    out.push({ code: 'exec-without-api-version', message: `apiVersion must be specified ${plugin}` });
  if (exec.env.some((v) => v.name === '')) {
    out.push({ code: 'exec-env-without-name', message: `env variable name must be specified ${plugin}` });
  }
  const mode = exec.interactiveMode ?? (DEFAULTS_INTERACTIVE_MODE.has(exec.apiVersion ?? '') ? 'IfAvailable' : '');
  if (mode === '') {
    out.push({ code: 'exec-interactive-mode-missing', message: `interactiveMode must be specified ${plugin}` });
  } else if (!INTERACTIVE_MODES.includes(mode)) {
    out.push({ code: 'exec-interactive-mode-invalid', message: `invalid interactiveMode for ${name}: "${mode}"` });
  }
  return out;
}

function certRefusals(name: string, user: User): Refusal[] {
  if (!hasClientCert(user)) return [];
  const out: Refusal[] = [];
  if (has(user.clientCertificate) && has(user.clientCertificateData)) {
    out.push({
      code: 'cert-file-and-data',
      message: `client-cert-data and client-cert are both specified for ${name}. client-cert-data will override.`,
    });
  }
  if (has(user.clientKey) && has(user.clientKeyData)) {
    out.push({
      code: 'key-file-and-data',
      message: `client-key-data and client-key are both specified for ${name}; client-key-data will override`,
    });
  }
  if (!hasClientKey(user)) {
    out.push({
      code: 'cert-without-key',
      message: `client-key-data or client-key must be specified for ${name} to use the clientCert authentication method.`,
    });
  }
  return out;
}

/**
 * Why kubectl refuses to use this user entry, before any request: clientcmd's
 * validateAuthInfo, plus the transport's "token or basic auth, not both" check.
 * File readability is left to file-reference-missing.
 */
export function credentialRefusals(name: string, user: User): Refusal[] {
  const out: Refusal[] = [];
  const basic = has(user.username) || has(user.password);
  if (has(user.token) && basic) {
    out.push({
      code: 'token-and-basic',
      message: `more than one authentication method found for ${name}; found [token basicAuth], only one is allowed`,
    });
  } else if (has(user.tokenFile) && sendsBasicAuth(user)) {
    out.push({ code: 'token-file-and-basic', message: 'username/password or bearer token may be set, but not both' });
  }
  return [...out, ...certRefusals(name, user), ...execRefusals(name, user)];
}
