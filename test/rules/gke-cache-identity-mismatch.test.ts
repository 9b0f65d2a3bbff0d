/**
 * The rule on the facts core reads (test/integration/gcloud-accounts.test.ts reads them from the
 * real gcloud's files, with kubectl as the oracle): when the plugin would serve its cache, and when not.
 */
import type { CloudSession, ContextSubject, GcloudIdentity } from '../../shared/facts';
import rule from '../../shared/rules/gke-cache-identity-mismatch';
import { testRule } from '../support/rule-tester';
import { ENV, NOW, subjectOf } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';

const HOUR = 3_600_000;
const KUBECONFIG = '/home/u/.kube/config';
const CACHE = '/home/u/.kube/gke_gcloud_auth_plugin_cache';
const CONFIG_DIR = '/home/u/.config/gcloud';
const CONTEXT = 'gke_proj_europe-west1_prod';
const DEPLOYER = 'deployer@proj.iam.gserviceaccount.com';
const JANE = 'jane@example.com';

function kubeconfig(exec: string, currentContext = CONTEXT): string {
  return `apiVersion: v1
clusters: [{name: prod, cluster: {server: "https://34.1.2.3"}}]
users:
- name: gke-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: gke-gcloud-auth-plugin
      provideClusterInfo: true
${exec}
contexts:
- {name: ${CONTEXT}, context: {cluster: prod, user: gke-user}}
- {name: staging, context: {cluster: prod, user: gke-user}}
current-context: ${currentContext}
`;
}

interface Case {
  exec?: string;
  currentContext?: string;
  session?: Partial<CloudSession>;
  /** gcloud's facts for each user of the cache; null: none read. */
  identity?: GcloudIdentity | null;
  users?: string[];
}

const MISMATCH: GcloudIdentity = { configDir: CONFIG_DIR, tokenAccount: DEPLOYER, account: JANE };

function subject({
  exec = '',
  currentContext,
  session = {},
  identity = MISMATCH,
  users = ['gke-user'],
}: Case): ContextSubject {
  const cache: CloudSession = {
    kind: 'gke-plugin',
    file: CACHE,
    expiresAt: NOW + HOUR / 2,
    match: { context: CONTEXT },
    users,
    ...(identity === null ? {} : { gcloud: Object.fromEntries(users.map((u) => [u, identity])) }),
    ...session,
  };
  const snapshot = snapshotFrom({ sources: { [KUBECONFIG]: kubeconfig(exec, currentContext) } });
  return subjectOf({ ...snapshot, sessions: [cache] }, CONTEXT);
}

function without(key: 'tokenAccount' | 'account'): GcloudIdentity {
  const { tokenAccount, account } = MISMATCH;
  return key === 'account' ? { configDir: CONFIG_DIR, tokenAccount } : { configDir: CONFIG_DIR, account };
}

testRule(rule, {
  meta: { severity: 'warning', needs: 'offline' },
  valid: [
    {
      name: 'the cached token is the active account’s (e-mail case aside)',
      subject: () => subject({ identity: { ...MISMATCH, account: DEPLOYER.toUpperCase() } }),
    },
    {
      name: 'no row of access_tokens.db holds the cached token',
      subject: () => subject({ identity: without('tokenAccount') }),
    },
    { name: 'gcloud has no account set', subject: () => subject({ identity: without('account') }) },
    { name: 'no gcloud facts were read', subject: () => subject({ identity: null }) },
    {
      name: 'the cached token is within 10 seconds of its expiry: the plugin asks gcloud',
      subject: () => subject({ session: { expiresAt: NOW + 10_000 } }),
    },
    {
      name: 'the cache was filled under another current-context',
      subject: () => subject({ currentContext: 'staging' }),
    },
    {
      name: 'the cache was filled under other args (--account keys it by account)',
      subject: () => subject({ session: { match: { context: CONTEXT, extraArgs: `--account=${DEPLOYER}` } } }),
    },
    {
      name: 'CLOUDSDK_AUTH_ACCESS_TOKEN in the plugin env bypasses the cache',
      subject: () =>
        subject({ exec: '      env: [{name: CLOUDSDK_AUTH_ACCESS_TOKEN, value: ya29.kw-canary-env-0d1e}]' }),
    },
    {
      name: 'a strict-invalidation plugin recorded the gcloud configuration: it discards the cache on a change',
      subject: () => subject({ session: { match: { context: CONTEXT, gcloudConfig: 'default' } } }),
    },
    { name: 'the cache is another user’s', subject: () => subject({ users: ['someone-else'] }) },
    {
      name: 'a static token shadows the plugin',
      subject: () => subject({ exec: '    token: kw-canary-static-token-9f3c' }),
    },
  ],
  invalid: [
    {
      name: 'names the cached token’s account and the active one, until the token expires; fix: remove the cache',
      subject: () => subject({}),
      findings: [
        {
          severity: undefined,
          expiresAt: new Date(NOW + HOUR / 2).toISOString(),
          detail: [
            `gke-gcloud-auth-plugin's cache ${CACHE} holds an access token gcloud issued to ${DEPLOYER}`,
            `gcloud would now issue user gke-user's plugin a token for ${JANE} (gcloud config ${CONFIG_DIR})`,
            `kubectl reaches context ${CONTEXT} as ${DEPLOYER}`,
          ],
          evidence: {
            context: CONTEXT,
            user: 'gke-user',
            cacheFile: CACHE,
            cachedTokenAccount: DEPLOYER,
            gcloudAccount: JANE,
            gcloudConfigDir: CONFIG_DIR,
          },
          commands: [`rm -f ${CACHE}`, `kubectl auth whoami --context ${CONTEXT}`],
        },
      ],
    },
    {
      name: 'the same --project on both sides still reuses the cache',
      subject: () =>
        subject({
          exec: '      args: [--project, proj]',
          session: { match: { context: CONTEXT, extraArgs: '--project=proj' } },
        }),
      findings: [{ evidenceMatching: { cachedTokenAccount: DEPLOYER, gcloudAccount: JANE } }],
    },
    {
      name: 'Windows: a del command',
      subject: () => subject({ session: { file: 'C:\\Users\\u\\.kube\\gke_gcloud_auth_plugin_cache' } }),
      env: { ...ENV, platform: 'win32' },
      findings: [
        {
          commands: [
            'del "C:\\Users\\u\\.kube\\gke_gcloud_auth_plugin_cache"',
            `kubectl auth whoami --context ${CONTEXT}`,
          ],
        },
      ],
    },
  ],
});
