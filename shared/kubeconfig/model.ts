/**
 * The kubeconfig as kubectl sees it, in camelCase. Field names follow client-go's
 * `clientcmd/api` types; the parser maps kubeconfig's kebab-case keys onto them.
 */

export interface Cluster {
  server?: string;
  certificateAuthority?: string;
  certificateAuthorityData?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
}

export interface ExecEnvVar {
  name: string;
  value: string;
}

export interface ExecConfig {
  command: string;
  args: string[];
  env: ExecEnvVar[];
  apiVersion?: string;
  installHint?: string;
  provideClusterInfo?: boolean;
  /** As written; client-go defaults it to IfAvailable for v1beta1 only. */
  interactiveMode?: string;
}

export interface AuthProvider {
  name: string;
  config: Record<string, string>;
}

export interface User {
  clientCertificate?: string;
  clientCertificateData?: string;
  clientKey?: string;
  clientKeyData?: string;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  authProvider?: AuthProvider;
  exec?: ExecConfig;
  /** `as`, and whether `as-uid`, `as-groups` or `as-user-extra` is set; absent when none is. */
  impersonate?: { user?: string; uidGroupsOrExtra: boolean };
}

export interface Context {
  cluster?: string;
  user?: string;
  namespace?: string;
}

/** A named entry with the file that defined it (kubectl's LocationOfOrigin). */
export interface Named<T> {
  name: string;
  value: T;
  source: string;
}

/** Where a node sits in its file, 1-based, for messages that point the user at a line. */
export interface Position {
  line: number;
  column: number;
}

/** One parsed kubeconfig file, file references not yet resolved. */
export interface KubeconfigDocument {
  path: string;
  clusters: Named<Cluster>[];
  users: Named<User>[];
  contexts: Named<Context>[];
  currentContext?: string;
}

export interface ParseError {
  message: string;
  position?: Position;
}

export type ParseResult = { ok: true; document: KubeconfigDocument } | { ok: false; error: ParseError };

/**
 * The merged view kubectl uses: first file wins per name, the first non-empty
 * current-context wins, relative paths resolved against the defining file.
 * Maps keep the order in which names were first seen.
 */
export interface MergedKubeconfig {
  clusters: Map<string, Named<Cluster>>;
  users: Map<string, Named<User>>;
  contexts: Map<string, Named<Context>>;
  currentContext?: string;
  /** The file whose current-context won (where `use-context` must write). */
  currentContextSource?: string;
}
