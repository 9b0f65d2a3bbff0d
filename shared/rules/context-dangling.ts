import type { ContextSubject } from '../facts';
import type { FixPath, FixPlan } from '../findings';
import { deleteContextPath, repointPath, type EntryKind } from '../guides/entries';
import { detectProvider, refetchPath } from '../guides/refetch';
import type { ContextRule, FindingDraft } from './types';
import { CONTEXTS } from './support/background';

const ID = 'context-dangling';

function consequence(kind: EntryKind): string {
  return kind === 'cluster'
    ? 'kubectl has no server for it and falls back to http://localhost:8080 ("The connection to the server localhost:8080 was refused")'
    : 'kubectl has no credential for it: over https it asks "Please enter Username" and, without a terminal, ' +
        'fails with EOF before any request (over http the server answers 401 or 403 as system:anonymous)';
}

/**
 * The ways out, the recommended first. A cloud context was written by its provider's command, which
 * writes back the very cluster and user it names; pointing it elsewhere is a guess among the entries
 * there are. Elsewhere the user's own entries come first, and deleting the context is always last.
 * One way left is no choice: its steps are the fix.
 */
function plan(subject: ContextSubject, kind: EntryKind): FixPlan {
  const cloud = detectProvider(subject).provider !== 'generic';
  const refetch = cloud
    ? [refetchPath(subject, "The cloud's own command writes this context's cluster and user entries afresh.")]
    : [];
  const repoint = repointPath(subject, kind);
  const paths: FixPath[] = [...refetch, ...(repoint ? [repoint] : []), deleteContextPath(subject)];
  const [only] = paths;
  return paths.length === 1 && only ? { fix: only.steps } : { fix: [], paths };
}

function dangling(subject: ContextSubject, kind: EntryKind): FindingDraft | undefined {
  const name = subject.context.value[kind];
  if (kind === 'cluster' ? subject.cluster : subject.user) return undefined;
  // A context without a user is anonymous on purpose or by omission: credentials-missing says so.
  if (kind === 'user' && name === undefined) return undefined;
  const what = name === undefined ? `names no ${kind}` : `names ${kind} "${name}", which no kubeconfig file defines`;
  return {
    title: name === undefined ? `Context has no ${kind}` : `Context names an undefined ${kind}`,
    detail: `Context ${subject.name} (in ${subject.context.source}) ${what}: ${consequence(kind)}.`,
    evidence: { context: subject.name, source: subject.context.source, missing: kind, name: name ?? null },
    ...plan(subject, kind),
  };
}

export default {
  meta: {
    id: ID,
    title: 'Context names an undefined cluster or user',
    severity: 'error',
    needs: 'offline',
    description: 'A context names a cluster or user that no kubeconfig file defines (or names no cluster).',
    explanation: CONTEXTS,
    remedy:
      'Fetch the credentials of a cloud context again (for EKS, GKE and AKS the first way), point the ' +
      'context at a cluster or user that exists (kubectl config --kubeconfig FILE set-context NAME ' +
      '--cluster=CLUSTER), or delete the context. Kubeward can delete it itself, keeping a backup of the ' +
      'file: the "Delete the context" way in the window, or kubeward fix context-dangling --context NAME ' +
      '--path delete.',
  },
  scope: 'context',
  check(subject) {
    return [dangling(subject, 'cluster'), dangling(subject, 'user')].filter((d) => d !== undefined);
  },
} satisfies ContextRule;
