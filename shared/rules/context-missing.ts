import type { Snapshot } from '../facts';
import type { FixStep } from '../findings';
import type { Context, Named } from '../kubeconfig/model';
import { actionStep, choiceStep, commandOf } from '../guides/actions';
import { shellArg } from '../guides/shell';
import { kubectlConfig } from '../guides/kubectl-config';
import { kubectlRefuses } from './support/sources';
import { CONTEXTS } from './support/background';
import type { ConfigRule, FindingDraft } from './types';

const ID = 'context-missing';

/** A context kubectl could use: its cluster has a server and its user is defined. */
function usable(snapshot: Snapshot, context: Named<Context>): boolean {
  const { cluster, user } = context.value;
  const server = cluster === undefined ? undefined : snapshot.config.clusters.get(cluster)?.value.server;
  return Boolean(server) && user !== undefined && snapshot.config.users.has(user);
}

/**
 * The contexts to switch to, the likely one first: one named like the missing one (case aside), then
 * the usable ones, then the rest. Which one is the user's call: a choice within the one step.
 */
function candidates(snapshot: Snapshot, missing?: string): Named<Context>[] {
  const contexts = [...snapshot.config.contexts.values()];
  const lower = missing?.toLowerCase();
  const rank = (c: Named<Context>) => (c.name.toLowerCase() === lower ? 0 : usable(snapshot, c) ? 1 : 2);
  // Array.prototype.sort is stable: within a rank, the kubeconfig's order.
  return contexts.sort((a, b) => rank(a) - rank(b));
}

function useContextSteps(snapshot: Snapshot, missing?: string): FixStep[] {
  const options = candidates(snapshot, missing).map((c) => {
    const action = { kind: 'use-context', context: c.name } as const;
    return { value: c.name, command: commandOf(action), action };
  });
  const [first] = options;
  if (!first) return [];
  if (options.length === 1) return [actionStep(`Switch to context ${first.value}`, first.action)];
  return [choiceStep('Switch to the context you choose', 'Context', options)];
}

/** Without contexts: one from the only cluster and user, when that pairing is unambiguous. */
function noContextSteps(snapshot: Snapshot): FixStep[] {
  const { clusters, users } = snapshot.config;
  if (clusters.size === 1 && users.size === 1) {
    const [entry] = clusters.values();
    const [user] = users.keys();
    if (entry !== undefined && user !== undefined) {
      const cluster = entry.name;
      // The new context goes into the cluster's file; use-context then sets it where kubectl keeps current-context.
      const create = kubectlConfig(
        entry.source,
        `set-context ${shellArg(cluster)} --cluster=${shellArg(cluster)} --user=${shellArg(user)}`,
      );
      return [
        {
          title: `Create a context for cluster ${cluster} and user ${user}, and use it`,
          command: `${create} && kubectl config use-context ${shellArg(cluster)}`,
        },
      ];
    }
  }
  return [
    {
      title:
        'Get a kubeconfig with a context: from your cloud CLI (aws eks update-kubeconfig, gcloud container clusters get-credentials, az aks get-credentials) or from your cluster admin',
    },
  ];
}

function draft(snapshot: Snapshot): FindingDraft | undefined {
  const { config } = snapshot;
  const names = [...config.contexts.keys()];
  const evidence = { currentContext: config.currentContext ?? null, contexts: names };
  if (names.length === 0) {
    return {
      title: 'No contexts in the kubeconfig',
      detail:
        `The kubeconfig (${snapshot.kubeconfigPaths.join(', ')}) defines no context, so kubectl has no cluster to talk to: ` +
        'it falls back to http://localhost:8080 ("The connection to the server localhost:8080 was refused").',
      evidence,
      fix: noContextSteps(snapshot),
    };
  }
  if (config.currentContext === undefined) {
    return {
      title: 'No current context',
      detail:
        `current-context is not set, so kubectl uses no context unless --context is given: it falls back to ` +
        `http://localhost:8080 ("The connection to the server localhost:8080 was refused"). ` +
        `Defined: ${names.join(', ')}.`,
      evidence,
      fix: useContextSteps(snapshot),
    };
  }
  if (config.contexts.has(config.currentContext)) return undefined;
  const where = config.currentContextSource ? ` (set in ${config.currentContextSource})` : '';
  return {
    title: 'Current context does not exist',
    detail:
      `current-context is "${config.currentContext}"${where}, but no file defines a context by that name: ` +
      `kubectl fails with "context was not found for specified context: ${config.currentContext}". ` +
      `Defined: ${names.join(', ')}.`,
    evidence: { ...evidence, source: config.currentContextSource ?? null },
    fix: useContextSteps(snapshot, config.currentContext),
  };
}

export default {
  meta: {
    id: ID,
    title: 'No usable current context',
    severity: 'error',
    needs: 'offline',
    description: 'current-context is unset or names no context (one verdict for the whole config).',
    explanation: CONTEXTS,
    remedy:
      'Choose a context with kubectl config use-context. Kubeward can switch to the likeliest one itself (a' +
      ' context named like the missing one, else the first usable one): "Fix it" in the window, or kubeward' +
      ' fix context-missing. With no context at all, create one for the only cluster and user, or get a ' +
      'kubeconfig from your cloud CLI.',
  },
  scope: 'config',
  check(snapshot) {
    // A file kubectl refuses stops kubectl first; it, or one too large to read, hides what it would define.
    const hidden = snapshot.sources.some((s) => kubectlRefuses(s) || s.read.state === 'too-large');
    // No file at all is kubeconfig-unreadable's verdict.
    const loaded = snapshot.sources.some((s) => s.parse?.ok === true);
    if (hidden || !loaded) return [];
    const finding = draft(snapshot);
    return finding ? [finding] : [];
  },
} satisfies ConfigRule;
