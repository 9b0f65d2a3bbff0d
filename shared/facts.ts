/**
 * Facts that `electron/core` gathers by I/O and hands to the pure rules.
 * Everything here is data; nothing reads the disk, the clock or the network.
 */
import type { CheckMemo } from './check-memo';
import type { SignatureId } from './exec/signatures';
import type { Cluster, Context, MergedKubeconfig, Named, ParseResult, User } from './kubeconfig/model';

/** `process.platform` values that change a rule's verdict. */
export type Platform = 'darwin' | 'linux' | 'win32' | 'other';

/** What a path is when it is neither a regular file nor a directory. */
export type SpecialFileKind = 'pipe' | 'character device' | 'block device' | 'socket';

/** What reading a path gave. `text` is only present for `ok`. */
export type FileRead =
  | { state: 'ok'; text: string; mode?: number; size: number }
  | { state: 'missing' }
  | { state: 'directory' }
  | { state: 'unreadable'; reason: string }
  | { state: 'too-large'; size: number; limit: number }
  /**
   * Not read: a device or a socket (never opened: a read could block or never end), a pipe nothing
   * writes to (`no-writer`: kubectl blocks opening a named one), or one whose writer did not finish
   * within the read's time bound (`stalled`, after `waitedMs`).
   */
  | { state: 'special'; kind: SpecialFileKind; pipe?: 'no-writer' | 'stalled'; waitedMs?: number };

/** A file named in the KUBECONFIG list (or the default path). */
export interface SourceFile {
  path: string;
  read: FileRead;
  /** Present when the file was read. */
  parse?: ParseResult;
}

/** Where an exec plugin's command was found, if anywhere. */
export interface CommandLookup {
  command: string;
  /** Absolute path of the executable, when found. */
  resolved?: string;
  /** `login-shell` when only the login shell's PATH has it (a GUI app's classic trap). */
  via?: 'path' | 'login-shell' | 'absolute';
}

export interface Snapshot {
  /** The paths kubectl would load, after splitting, dropping empties and de-duplicating. */
  kubeconfigPaths: string[];
  /** Whether the list came from --kubeconfig / KUBECONFIG rather than the default path. */
  explicit: boolean;
  sources: SourceFile[];
  config: MergedKubeconfig;
  /** Files the merged config references (certs, keys, CAs, token files), by absolute path. */
  files: ReadonlyMap<string, FileRead>;
  /** Exec plugin commands, keyed by the command as written (after path resolution). */
  commands: ReadonlyMap<string, CommandLookup>;
  platform: Platform;
  /** Exec plugin runs by user name (live checks only; absent when offline). */
  execRuns?: ReadonlyMap<string, ExecRun>;
  /** API server probes by context name (live checks only; absent when offline or opted out). */
  probes?: ReadonlyMap<string, ProbeResult>;
  /**
   * `aws sts get-caller-identity` as the exec plugin of a user signs (its env and profile), by user name:
   * asked only when an approved `aws eks get-token` plugin's fresh token still got a 401.
   */
  awsIdentities?: ReadonlyMap<string, AwsCallerIdentity>;
  /** Cloud sessions found on disk (AWS SSO, gke plugin cache, kubelogin). */
  sessions?: readonly CloudSession[];
}

/**
 * One context with its cluster and user looked up in the merged config (either may be missing:
 * dangling), and the snapshot it came from. What every per-context rule and fix guide reads.
 */
export interface ContextSubject {
  name: string;
  context: Named<Context>;
  cluster?: Named<Cluster>;
  user?: Named<User>;
  current: boolean;
  snapshot: Snapshot;
  /** The check's memo, shared by every subject of the check: decoded credentials, looked up once. */
  memo: CheckMemo<Snapshot>;
}

/**
 * What an exec plugin's ExecCredential gave. It holds secrets (token, key): the
 * Snapshot never leaves core; rules turn it into redacted findings.
 */
export interface ExecCredentialFacts {
  apiVersion: string;
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  /** epoch ms */
  expirationTimestamp?: number;
}

/** Why a plugin failed, from its exit code and stderr (shared/exec classification). */
export type ExecFailureCause =
  | 'no-cloud-credentials'
  | 'aws-sso-expired'
  | 'gcloud-no-account'
  | 'gcloud-reauth'
  | 'interactive-login-required'
  | 'timeout'
  | 'crashed'
  /** stdout or stderr went past the output cap: the plugin was killed. */
  | 'output-too-large'
  /** The executable could not be started at all (permission denied, not an executable, vanished). */
  | 'spawn-failed'
  | 'unknown';

/** How an exec plugin would log in with a person there, when it may need one (shared/exec/unattended.ts). */
export interface PersonLogin {
  plugin: 'kubelogin' | 'azure-kubelogin';
  /** int128's --grant-type, Azure's login mode. */
  mode: string;
  /** Its cache is out of reach (int128 with the OS keyring only): nothing can be read offline. */
  cacheHidden: boolean;
}

export type ExecRun =
  /** `invalid-config`: kubectl refuses the exec entry before running it (offline rules say why). */
  | { state: 'skipped'; reason: 'untrusted' | 'interactive' | 'backoff' | 'missing' | 'shadowed' | 'invalid-config' }
  /**
   * Run with nobody there, the plugin would open a browser or show a device code: its token cache holds
   * nothing it can use (shared/exec/unattended.ts). `login`: which plugin, and how it would log in.
   */
  | { state: 'skipped'; reason: 'sign-in-required'; login: PersonLogin }
  | {
      state: 'ok';
      credential: ExecCredentialFacts;
      cached: boolean;
      durationMs: number;
      /** The runner's clock when it handed out this credential, epoch ms (a stale credential is expired by then). */
      checkedAt?: number;
    }
  | {
      state: 'failed';
      exitCode: number | null;
      signal?: string;
      timedOut: boolean;
      cause: ExecFailureCause;
      /** The last lines of stderr, secrets scrubbed. */
      stderrTail: string;
      /** A known failure (shared/exec/signatures.ts) and the line of stderr that says it, scrubbed. */
      signature?: SignatureId;
      causeLine?: string;
      durationMs: number;
      /** Back-off (desktop): this is the last failure, and the plugin is not run again before this time, epoch ms. */
      retryAt?: number;
      /**
       * This is the last failure, and it showed a browser or device-code login: the plugin is not run again
       * with nobody there until someone acts (Check now, Sign in) or its kubeconfig entry or token cache changes.
       */
      awaitsUser?: true;
    }
  | {
      state: 'invalid-output';
      reason: string;
      stderrTail: string;
      durationMs: number;
      /** As for `failed`. */
      retryAt?: number;
    };

/** Who the API server says we are (SelfSubjectReview status.userInfo). */
export interface Identity {
  username: string;
  uid?: string;
  groups: string[];
}

export type ProbeResult =
  | {
      state: 'skipped';
      /**
       * `invalid-config`: kubectl refuses the entry before sending a request (offline rules say why);
       * `unsupported-proxy`: an https:// or socks5:// proxy, which the probe does not speak;
       * `oidc-refresh`: the oidc id-token has expired and kubectl would refresh it at the IdP first.
       */
      reason:
        | 'offline'
        | 'disabled'
        | 'no-server'
        | 'no-credential'
        | 'invalid-config'
        | 'unsupported-proxy'
        | 'oidc-refresh';
    }
  | {
      state: 'answered';
      /** The request that decided the verdict, e.g. `POST /apis/authentication.k8s.io/v1/selfsubjectreviews`. */
      request: string;
      status: number;
      /** The kube `Status` message of an error answer, if any. */
      message?: string;
      identity?: Identity;
      /** What the probe authenticated with. */
      credential?: ProbeCredential;
      /** A redirect's target, scheme and host only: never followed (a credential only goes to the cluster's server). */
      location?: string;
      /**
       * Present when the first answer was a 401 and the probe asked once more with a fresh credential, as
       * kubectl's next request would use one (client-go re-runs the exec plugin after a 401; a changed token
       * or certificate file is read anew): `exec-plugin` re-run (past kubeward's credential cache), or `file` re-read.
       */
      retried?: 'exec-plugin' | 'file';
      /**
       * Present when the answer is not the Kubernetes API's: an HTML page (an SSO proxy's sign-in, a load
       * balancer's error page), a body past the probe's memory cap (huge or endless), or something not JSON.
       */
      notApi?: 'html' | 'too-large' | 'not-json';
      /** An HTML page's <title>, scrubbed and cut short: which page it is. */
      pageTitle?: string;
      /** The server's `Date` header and our clock when the answer arrived, epoch ms. */
      serverDate?: number;
      localDate: number;
      durationMs: number;
    }
  | {
      state: 'tls-error';
      /** Node's TLS error code, e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE, CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID. */
      code: string;
      message: string;
      /** The server certificate's subject/issuer/validity, when the handshake got that far. */
      serverCertificate?: ServerCertificate;
    }
  | {
      state: 'network-error';
      code: string;
      message: string;
      timedOut: boolean;
      /** How far the probe got: name lookup, TCP connect, proxy CONNECT, TLS handshake, waiting for or reading the answer. */
      stage?: ProbeStage;
      /** The proxy the connection went through, scheme://host:port (no credentials). */
      proxy?: string;
    };

/** The certificate a server presented (public data: it is sent to anyone who connects). */
export interface ServerCertificate {
  subject: string;
  issuer: string;
  /** epoch ms */
  notBefore: number;
  notAfter: number;
  /** e.g. `DNS:kubernetes, IP Address:10.0.0.1` */
  subjectAltName?: string;
  /** SHA-256, colon-separated hex. */
  fingerprint256?: string;
}

export type ProbeStage = 'dns' | 'connect' | 'proxy' | 'tls' | 'response' | 'body';

/** What a probe presented: a client certificate in the TLS handshake and/or an Authorization header. */
export interface ProbeCredential {
  presented: ('client-certificate' | 'token' | 'basic')[];
  /** Where it came from when kubectl obtains it at run time rather than from the kubeconfig's static fields. */
  from?: 'exec' | 'oidc';
}

/** What `aws sts get-caller-identity` said, or why it could not say. */
export type AwsCallerIdentity =
  { state: 'ok'; arn: string; account: string; userId?: string } | { state: 'failed'; reason: string };

/** A cloud login session on disk whose end breaks an exec plugin later. */
export interface CloudSession {
  kind: 'aws-sso' | 'gke-plugin' | 'kubelogin' | 'azure-kubelogin';
  file: string;
  /**
   * epoch ms. 0 for Azure kubelogin's AuthenticationRecord (v0.2 on), which holds no token: its tokens sit in
   * the OS's secure storage, and the record only says someone signed in (renewal: {}, since azidentity renews silently).
   */
  expiresAt: number;
  /** What ties it to a kubeconfig user: AWS profile / start URL, gcloud account, OIDC issuer + client id. */
  match: Record<string, string>;
  /** epoch ms: when the cached credential was issued, when it says (a JWT's `iat`). */
  issuedAt?: number;
  /**
   * Present when the tool renews the credential by itself (an AWS `sso-session` refresh token, a kubelogin
   * refresh_token). `until`: the last moment it can, when the files say (the AWS client registration's
   * expiry, a JWT refresh token's `exp`); `issuedAt`: when that limit began, if known.
   */
  renewal?: { until?: number; issuedAt?: number };
  /** Kubeconfig users whose exec plugin relies on this session, resolved as the plugin resolves it (its args and env over kubeward's). */
  users: string[];
  /** gke-plugin only, per kubeconfig user of the cache (by name): whose token it holds, and whose that user's plugin would ask gcloud for now. */
  gcloud?: Record<string, GcloudIdentity>;
}

/**
 * The gcloud accounts behind a gke-gcloud-auth-plugin cache, which is not keyed by account: the plugin
 * serves its cached token whichever account gcloud has active now.
 */
export interface GcloudIdentity {
  /** The gcloud config directory the user's plugin runs gcloud with. */
  configDir: string;
  /**
   * The account the cached token was issued to: the one whose row in that directory's access_tokens.db
   * holds that very token. Absent when no row does (gcloud has since issued that account a new one, or
   * the token came from another config directory): then nothing on disk says.
   */
  tokenAccount?: string;
  /** The account the plugin would ask gcloud for now; absent when none is set. */
  account?: string;
}

/** The read of a referenced file; core gathers every referenced path, so an absent one is missing. */
export function fileAt(snapshot: Snapshot, path: string): FileRead {
  return snapshot.files.get(path) ?? { state: 'missing' };
}
