/**
 * client-go's validation of the context kubectl is about to use (clientcmd/validation.go,
 * validateClusterInfo and validateAuthInfo), for the errors no other rule covers: kubectl
 * stops with "Error in configuration" before sending anything. Each reason is given in
 * kubectl's own words (evidence `kubectl`).
 */
import { shellArg } from '../guides/shell';
import type { Cluster, Named, User } from '../kubeconfig/model';
import { withoutUserinfo } from '../url-safety';
import type { ContextRule, FindingDraft } from './types';

const ID = 'context-config-invalid';

const PROXY_SCHEMES = new Set(['http', 'https', 'socks5']);

/** validation.go's parseProxyURL: url.Parse (which lowercases the scheme), then one of three schemes. */
function proxyUrlProblem(proxyUrl: string): string | undefined {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(proxyUrl)?.[1]?.toLowerCase();
  if (scheme === undefined) return `unsupported scheme "", must be http, https, or socks5`;
  if (!PROXY_SCHEMES.has(scheme)) return `unsupported scheme "${scheme}", must be http, https, or socks5`;
  return undefined;
}

function clusterProblems(cluster: Named<Cluster>): { kubectl: string; field: string }[] {
  const problems: { kubectl: string; field: string }[] = [];
  const { proxyUrl, certificateAuthority, certificateAuthorityData } = cluster.value;
  if (proxyUrl) {
    const problem = proxyUrlProblem(proxyUrl);
    if (problem) {
      problems.push({
        field: 'proxy-url',
        kubectl: `invalid 'proxy-url' "${withoutUserinfo(proxyUrl)}" for cluster "${cluster.name}": ${problem}`,
      });
    }
  }
  if (certificateAuthority && certificateAuthorityData) {
    problems.push({
      field: 'certificate-authority',
      kubectl: `certificate-authority-data and certificate-authority are both specified for ${cluster.name}. certificate-authority-data will override.`,
    });
  }
  return problems;
}

function userProblems(user: Named<User>): { kubectl: string; field: string }[] {
  const impersonate = user.value.impersonate;
  if (!impersonate || impersonate.user || !impersonate.uidGroupsOrExtra) return [];
  return [
    {
      field: 'as',
      kubectl: `requesting uid, groups or user-extra for ${user.name} without impersonating a user`,
    },
  ];
}

export default {
  meta: {
    id: ID,
    title: "kubectl refuses the context's cluster or user entry",
    severity: 'error',
    needs: 'offline',
    description:
      "The context's cluster or user entry breaks one of client-go's validation rules, so kubectl stops before any request.",
    explanation:
      'Before it sends anything, kubectl validates the cluster and user entries of the context it uses. A ' +
      'proxy-url whose scheme is not http, https or socks5, both certificate-authority and certificate-authority-data' +
      ' set, or impersonation of a uid, groups or extra fields without `as` each make every command in that' +
      ' context fail with "Error in configuration", whatever the server would have said.',
    remedy:
      'Edit the entry the finding names: give the proxy an http://, https:// or socks5:// URL (or remove ' +
      'proxy-url), keep only one of certificate-authority and certificate-authority-data, and set `as` or remove' +
      ' as-uid, as-groups and as-user-extra. Then check with kubectl config view --minify.',
  },
  scope: 'context',
  check(subject) {
    const drafts: FindingDraft[] = [];
    const cluster = subject.cluster;
    const user = subject.user;
    for (const problem of cluster ? clusterProblems(cluster) : []) {
      drafts.push({
        detail: `Cluster ${cluster?.name} (in ${cluster?.source}): kubectl stops with "Error in configuration: ${problem.kubectl}"; no command in context ${subject.name} reaches the server.`,
        evidence: {
          context: subject.name,
          cluster: cluster?.name ?? null,
          field: problem.field,
          kubectl: problem.kubectl,
        },
        fix: [
          {
            title: `Fix ${problem.field} of cluster ${cluster?.name} in ${cluster?.source}`,
            command: `\${EDITOR:-vi} ${shellArg(cluster?.source ?? '')}`,
          },
          {
            title: 'Check that kubectl accepts it',
            command: `kubectl config view --minify --context ${shellArg(subject.name)}`,
          },
        ],
      });
    }
    for (const problem of user ? userProblems(user) : []) {
      drafts.push({
        detail: `User ${user?.name} (in ${user?.source}): kubectl stops with "Error in configuration: ${problem.kubectl}"; no command in context ${subject.name} reaches the server.`,
        evidence: { context: subject.name, user: user?.name ?? null, field: problem.field, kubectl: problem.kubectl },
        fix: [
          {
            title: `Set as, or remove as-uid, as-groups and as-user-extra, for user ${user?.name} in ${user?.source}`,
            command: `\${EDITOR:-vi} ${shellArg(user?.source ?? '')}`,
          },
          {
            title: 'Check that kubectl accepts it',
            command: `kubectl config view --minify --context ${shellArg(subject.name)}`,
          },
        ],
      });
    }
    return drafts;
  },
} satisfies ContextRule;
