import { credentialSetup } from '../credentials/kind';
import type { CloudSession, ContextSubject, GcloudIdentity } from '../facts';
import { verifyStep } from '../guides/exec';
import { removeFileCommand } from '../guides/shell';
import type { ExecConfig } from '../kubeconfig/model';
import { gkePluginExtraArgs } from '../sessions/gcloud';
import { isGkePlugin } from '../sessions/gke';
import { formatInstant, isoTime } from '../time';
import type { ContextRule, FindingDraft, RuleEnv } from './types';

const ID = 'gke-cache-identity-mismatch';

/** cred.go: a cached token within 10 seconds of its expiry is not served (oauth2's Token.Valid). */
const EXPIRY_MARGIN_MS = 10_000;

interface Mismatch {
  session: CloudSession;
  identity: GcloudIdentity & { tokenAccount: string; account: string };
}

/**
 * Whether the plugin would serve this cache to the user's exec entry now (cred.go
 * getCachedGcloudAccessToken): an unexpired token, issued under the kubeconfig's current-context
 * (the plugin reads that, not the context kubectl was given) and the same --project/--account/
 * --impersonate_service_account args, with CLOUDSDK_AUTH_ACCESS_TOKEN not set (it bypasses the cache),
 * and not recorded by a strict-invalidation plugin (that one discards it once gcloud's configuration changes).
 */
function servesCache(session: CloudSession, exec: ExecConfig, subject: ContextSubject, now: number): boolean {
  return (
    session.expiresAt - EXPIRY_MARGIN_MS > now &&
    session.match.context === subject.snapshot.config.currentContext &&
    (session.match.extraArgs ?? '') === gkePluginExtraArgs(exec) &&
    session.match.gcloudConfig === undefined &&
    !exec.env.some((v) => v.name === 'CLOUDSDK_AUTH_ACCESS_TOKEN' && v.value !== '')
  );
}

function mismatch(subject: ContextSubject, user: string, exec: ExecConfig, now: number): Mismatch | undefined {
  for (const session of subject.snapshot.sessions ?? []) {
    if (session.kind !== 'gke-plugin' || !session.users.includes(user)) continue;
    const { tokenAccount, account, configDir } = session.gcloud?.[user] ?? {};
    if (configDir === undefined || tokenAccount === undefined || account === undefined) continue;
    if (tokenAccount.toLowerCase() === account.toLowerCase()) continue;
    if (servesCache(session, exec, subject, now)) {
      return { session, identity: { configDir, tokenAccount, account } };
    }
  }
  return undefined;
}

function finding(subject: ContextSubject, user: string, found: Mismatch, env: RuleEnv): FindingDraft {
  const { session, identity } = found;
  const until = formatInstant(session.expiresAt, env.now);
  return {
    detail:
      `gke-gcloud-auth-plugin's cache ${session.file} holds an access token gcloud issued to ${identity.tokenAccount}, ` +
      `but gcloud would now issue user ${user}'s plugin a token for ${identity.account} (gcloud config ` +
      `${identity.configDir}). The plugin does not key its cache by account, so until ${until}, when that token expires, ` +
      `kubectl reaches context ${subject.name} as ${identity.tokenAccount}: Forbidden where that ` +
      `account has no access, and its permissions, not ${identity.account}'s, where it has.`,
    expiresAt: isoTime(session.expiresAt),
    evidence: {
      context: subject.name,
      user,
      cacheFile: session.file,
      cachedTokenAccount: identity.tokenAccount,
      gcloudAccount: identity.account,
      gcloudConfigDir: identity.configDir,
    },
    fix: [
      {
        title: `Remove the plugin's cache, so its next run asks gcloud for a token for ${identity.account}`,
        command: removeFileCommand(session.file, env.platform),
      },
      verifyStep(subject.name),
    ],
  };
}

export default {
  meta: {
    id: ID,
    title: 'GKE plugin cache holds another account’s token',
    severity: 'warning',
    needs: 'offline',
    description:
      "gke-gcloud-auth-plugin's token cache holds a token gcloud issued to a different account than the one gcloud would use now.",
    explanation:
      'gke-gcloud-auth-plugin keeps the last access token it got from gcloud in gke_gcloud_auth_plugin_cache beside ' +
      'the kubeconfig, and serves it until it expires (about an hour) while the kubeconfig’s current-context and ' +
      'the plugin’s args stay the same. The cache does not record the gcloud account: after `gcloud config set ' +
      'account`, `gcloud config configurations activate` or a new CLOUDSDK_CORE_ACCOUNT, kubectl still sends the ' +
      'previous account’s token, and the cluster answers as that account: Forbidden, or worse, with its rights. ' +
      'Kubeward finds whose token it is in gcloud’s access_tokens.db.',
    remedy:
      'Delete the plugin’s cache file; its next run asks gcloud for a token for the active account. Or switch ' +
      'gcloud back to the account the token belongs to. Pinning `--account` in the exec args keys the cache by account.',
  },
  scope: 'context',
  check(subject, env) {
    const user = subject.user;
    const exec = user?.value.exec;
    if (!user || !exec || !isGkePlugin(exec) || credentialSetup(user.value).shadowed.includes('exec')) return [];
    const found = mismatch(subject, user.name, exec, env.now);
    return found ? [finding(subject, user.name, found, env)] : [];
  },
} satisfies ContextRule;
