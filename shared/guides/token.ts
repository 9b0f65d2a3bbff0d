/**
 * Fix steps for bearer token and OIDC findings, filled in from the kubeconfig and the
 * token's claims (ServiceAccount name and namespace, issuer, client id).
 */
import type { MemoPart } from '../check-memo';
import type { ContextSubject, Platform, Snapshot } from '../facts';
import type { FixPath, FixPlan, FixStep } from '../findings';
import type { MergedKubeconfig, Named, User } from '../kubeconfig/model';
import { issuerKind, type JwtClaims } from '../credentials/jwt';
import type { BearerToken, OidcProvider } from '../credentials/token';
import { actionStep } from './actions';
import { kubectlConfig } from './kubectl-config';
import { flagValue } from './provider';
import { refetchSteps } from './refetch';
import { shellArg } from './shell';
import { presentFields, unsetUserField } from './user-fields';

function createTokenCommand(name: string, namespace: string, duration: string): string {
  return `kubectl create token ${shellArg(name)} -n ${shellArg(namespace)} --duration=${duration}`;
}

/** kube-apiserver's floor for a TokenRequest, and the lifetime asked for when the old token does not say. */
const MIN_TOKEN_SECONDS = 600;
const DEFAULT_TOKEN_SECONDS = 3600;

/**
 * The old token's lifetime (exp - iat) as a Go duration for `kubectl create token --duration`:
 * the new token lives as long as the one it replaces, not a fixed hour.
 */
function tokenLifetime(token: BearerToken): string {
  const claims = token.decoded.format === 'jwt' ? token.decoded.claims : undefined;
  const { iat, exp } = claims ?? {};
  // Claims are epoch milliseconds here (shared/credentials/jwt.ts).
  const lived = iat !== undefined && exp !== undefined && exp > iat ? (exp - iat) / 1000 : DEFAULT_TOKEN_SECONDS;
  const seconds = Math.max(MIN_TOKEN_SECONDS, Math.round(lived));
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** A context that could mint a token: its user is defined and it names a cluster. */
interface Creator {
  name: string;
  user: string;
  /** Its place in file order. */
  position: number;
}

/**
 * Such contexts by cluster name and by server, built once per check: every token finding asks, and
 * scanning all contexts each time was quadratic (10 ms of a 1000-context check, bench/run.ts).
 */
interface CreatorIndex {
  byCluster: Map<string, Creator[]>;
  byServer: Map<string, Creator[]>;
}

const CREATOR_INDEX: MemoPart<CreatorIndex, Snapshot> = { create: (snapshot) => creatorIndex(snapshot.config) };

function creatorIndex(config: MergedKubeconfig): CreatorIndex {
  const index: CreatorIndex = { byCluster: new Map(), byServer: new Map() };
  const add = (map: Map<string, Creator[]>, key: string, creator: Creator): void => {
    const list = map.get(key);
    if (list) list.push(creator);
    else map.set(key, [creator]);
  };
  let position = 0;
  for (const { name, value } of config.contexts.values()) {
    position += 1;
    if (value.user === undefined || !config.users.has(value.user) || value.cluster === undefined) continue;
    const creator = { name, user: value.user, position };
    add(index.byCluster, value.cluster, creator);
    const server = config.clusters.get(value.cluster)?.value.server;
    if (server !== undefined) add(index.byServer, server, creator);
  }
  return index;
}

/**
 * The context a user would mint the new token with: another context on the same cluster
 * (same cluster entry, or the same server) whose user is defined and is not the broken
 * one; the current context first, since that is the one the user is working with. None for a user
 * with a tokenFile: kubectl reads that file whenever it can, so a new `token` would not be used.
 */
export function tokenCreatorContext(subject: ContextSubject): string | undefined {
  if (subject.user?.value.tokenFile !== undefined) return undefined;
  const { config } = subject.snapshot;
  const broken = subject.context.value.user;
  const cluster = subject.context.value.cluster;
  const server = subject.cluster?.value.server;
  const { byCluster, byServer } = subject.memo.part(CREATOR_INDEX);
  const candidates = [
    ...((cluster !== undefined && byCluster.get(cluster)) || []),
    ...((server !== undefined && byServer.get(server)) || []),
  ].filter((c) => c.name !== subject.name && c.user !== broken);
  const current = candidates.find((c) => c.name === config.currentContext);
  const first = candidates.reduce<Creator | undefined>((a, c) => (a && a.position < c.position ? a : c), undefined);
  return (current ?? first)?.name;
}

/**
 * A new bound token for the ServiceAccount, written where kubectl reads it (the token file wins over `token`).
 * With `via`, a context that can create tokens, kubeward can do it itself: a token file is left to the
 * user, since it is not a kubeconfig and often belongs to something else (a mounted Secret, a sync job).
 */
export function serviceAccountTokenSteps(
  user: Named<User>,
  token: BearerToken,
  name: string,
  namespace: string,
  via?: string,
): FixStep[] {
  const duration = tokenLifetime(token);
  const create = createTokenCommand(name, namespace, duration);
  if (via !== undefined) {
    return [
      actionStep(
        `Create a new token for ServiceAccount ${namespace}/${name} with context ${via}, store it in user ${user.name}`,
        {
          kind: 'create-token',
          user: user.name,
          kubeconfig: user.source,
          via,
          namespace,
          serviceAccount: name,
          duration,
        },
      ),
    ];
  }
  // No context here can create tokens: someone else's can. A cluster admin runs `kubectl create token` in their
  // own kubeconfig (a context kubeward cannot name), and the token comes back as a file the user stores.
  const ask = {
    title: `Ask a cluster admin for a new token for ServiceAccount ${namespace}/${name} (${create}), saved as token.txt`,
  };
  if (token.origin === 'tokenFile' && token.path) {
    return [
      ask,
      { title: `Put the new token where user ${user.name} reads it`, command: `mv token.txt ${shellArg(token.path)}` },
    ];
  }
  return [
    ask,
    {
      title: `Store the new token in user ${user.name}, then delete token.txt`,
      command: `${kubectlConfig(user.source, `set-credentials ${shellArg(user.name)} --token="$(cat token.txt)"`)} && rm token.txt`,
    },
  ];
}

interface OidcClient {
  issuer: string;
  clientId: string;
}

/** The IdP and client to log in with: the auth-provider's config, else kubelogin's exec args, else the token's claims. */
function oidcClient(user: User, provider?: OidcProvider, claims?: JwtClaims): OidcClient | undefined {
  const args = user.exec?.args ?? [];
  const issuer = provider?.issuerUrl ?? flagValue(args, '--oidc-issuer-url') ?? claims?.iss;
  const clientId = provider?.clientId ?? flagValue(args, '--oidc-client-id') ?? claims?.azp ?? claims?.aud[0];
  return issuer && clientId ? { issuer, clientId } : undefined;
}

/** Log in again with kubelogin, and let it keep the token fresh instead of a token pasted into the kubeconfig. */
function oidcLoginSteps(subject: ContextSubject, provider?: OidcProvider, claims?: JwtClaims): FixStep[] {
  const user = subject.user;
  const client = user && oidcClient(user.value, provider, claims);
  if (!user || !client) return refetchSteps(subject);
  const flags = `--oidc-issuer-url=${shellArg(client.issuer)} --oidc-client-id=${shellArg(client.clientId)}`;
  const name = user.name;
  const steps: FixStep[] = [
    { title: `Log in to ${client.issuer} again with kubelogin`, command: `kubectl oidc-login get-token ${flags}` },
  ];
  const stale = presentFields(user.value, ['auth-provider', 'token', 'tokenFile']);
  if (stale.length > 0) {
    // One step for all of them: the old credentials go together, and the path stays short.
    steps.push({
      title: `Remove the ${stale.join(', ')} of user ${name} (kubelogin refreshes the token itself)`,
      command: stale.map((field) => unsetUserField(user, field)).join(' && '),
    });
  }
  if (!user.value.exec) {
    const execArgs = ['oidc-login', 'get-token', ...flags.split(' ')].map((a) => `--exec-arg=${a}`).join(' ');
    steps.push({
      title: `Let kubelogin provide the tokens of user ${name}`,
      command: kubectlConfig(
        user.source,
        `set-credentials ${shellArg(name)} --exec-api-version=client.authentication.k8s.io/v1 ` +
          `--exec-interactive-mode=IfAvailable --exec-command=kubectl ${execArgs}`,
      ),
    });
  }
  return steps;
}

/** The last step of every token path: the API server, asked as kubectl asks it, accepts the new credential. */
function acceptedStep(context: string): FixStep {
  return {
    title: `Check that the API server accepts context ${context} again`,
    command: `kubectl auth whoami --context ${shellArg(context)}`,
  };
}

/** The only way through, ending with the check. */
function oneWay(context: string, steps: readonly FixStep[]): FixPlan {
  return { fix: [...steps, acceptedStep(context)] };
}

/** Ways to choose from, each ending with the check. */
function choiceOf(context: string, paths: readonly FixPath[]): FixPlan {
  return { fix: [], paths: paths.map((p) => ({ ...p, steps: [...p.steps, acceptedStep(context)] })) };
}

/**
 * OIDC: sign in again with kubelogin (which then keeps the token fresh), or have the cloud CLI or an
 * admin write the entry again. Without an issuer and client id to sign in with, only the second.
 */
export function oidcLoginPlan(subject: ContextSubject, provider?: OidcProvider, claims?: JwtClaims): FixPlan {
  const user = subject.user;
  const client = user && oidcClient(user.value, provider, claims);
  const regenerate: FixPath = {
    id: 'regenerate',
    title: 'Write the entry again',
    summary: 'Get a fresh kubeconfig entry from the cloud CLI or your cluster admin.',
    steps: refetchSteps(subject),
  };
  if (!client) return oneWay(subject.name, regenerate.steps);
  const signIn: FixPath = {
    id: 'sign-in',
    title: 'Sign in again',
    summary: `Sign in to ${client.issuer} with kubelogin, which keeps the token fresh from then on.`,
    steps: oidcLoginSteps(subject, provider, claims),
  };
  return choiceOf(subject.name, [signIn, regenerate]);
}

/**
 * A ServiceAccount token: a new one through another context on the same cluster (kubeward does it),
 * or from a cluster admin. Other tokens: sign in again (OIDC) or write the entry again.
 */
export function renewTokenPlan(subject: ContextSubject, token: BearerToken): FixPlan {
  const claims = token.decoded.format === 'jwt' ? token.decoded.claims : undefined;
  const user = subject.user;
  const sa = claims?.serviceAccount;
  if (claims && issuerKind(claims) === 'oidc' && user) return oidcLoginPlan(subject, undefined, claims);
  if (!claims || !user || issuerKind(claims) !== 'serviceaccount' || !sa?.name || !sa.namespace) {
    return oneWay(subject.name, refetchSteps(subject));
  }
  const admin: FixPath = {
    id: 'ask-admin',
    title: 'Ask an admin',
    summary: `A cluster admin creates the token for ServiceAccount ${sa.namespace}/${sa.name}; you store it.`,
    steps: serviceAccountTokenSteps(user, token, sa.name, sa.namespace),
  };
  const via = tokenCreatorContext(subject);
  if (via === undefined) return oneWay(subject.name, admin.steps);
  const another: FixPath = {
    id: 'another-context',
    title: 'Through another context',
    summary: `Context ${via} reaches the same cluster and can create tokens: kubeward stores a new one in user ${user.name}.`,
    steps: serviceAccountTokenSteps(user, token, sa.name, sa.namespace, via),
  };
  return choiceOf(subject.name, [another, admin]);
}

/** The inline token only matters when the token file cannot be read; removing it stops the surprise. */
export function dropFallbackTokenSteps(user: Named<User>): FixStep[] {
  return [
    {
      title: `Remove the token of user ${user.name} (kubectl uses the tokenFile; this token is only a stale fallback)`,
      command: unsetUserField(user, 'token'),
    },
  ];
}

/** Clock fixes per platform, for tokens issued "in the future". */
export function clockSteps(platform: Platform): FixStep[] {
  switch (platform) {
    case 'linux':
      return [
        { title: 'Check whether the clock is synchronised', command: 'timedatectl status' },
        { title: 'Step the clock to the time servers now', command: 'sudo chronyc makestep' },
      ];
    case 'darwin':
      return [{ title: 'Sync the clock with the time server', command: 'sudo sntp -sS time.apple.com' }];
    case 'win32':
      return [{ title: 'Resync the clock with the time server', command: 'w32tm /resync' }];
    default:
      return [{ title: 'Compare this clock with the real time (UTC)', command: 'date -u' }];
  }
}

/** Only the API server can say whether an opaque token still works. */
export function probeSteps(context: string): FixStep[] {
  return [
    {
      title: 'Ask the API server whether it accepts the token',
      command: `kubectl auth whoami --context ${shellArg(context)}`,
    },
  ];
}

/** The control characters Go's net/http refuses in a header, for `tr -d`. */
const TR_CONTROLS = `'\\000-\\010\\012-\\037\\177'`;

/** How to write the token again without the characters net/http refuses; the commands read it, never show it. */
export function cleanTokenSteps(subject: ContextSubject, token: BearerToken): FixStep[] {
  const entry = subject.user;
  if (!entry || token.origin === 'oidc-id-token') return refetchSteps(subject);
  const user = entry.name;
  if (token.origin === 'tokenFile' && token.path) {
    const file = shellArg(token.path);
    return [
      {
        title: `Remove the control characters from the token file of user ${user}`,
        command: `tr -d ${TR_CONTROLS} < ${file} > ${file}.new && mv ${file}.new ${file}`,
      },
    ];
  }
  const jsonPath = shellArg(`{.users[?(@.name=="${user}")].user.token}`);
  return [
    {
      title: `Store the token of user ${user} again without its line break or control characters`,
      command: kubectlConfig(
        entry.source,
        `set-credentials ${shellArg(user)} --token="$(${kubectlConfig(entry.source, `view --raw -o jsonpath=${jsonPath}`)}` +
          ` | tr -d ${TR_CONTROLS})"`,
      ),
    },
  ];
}
