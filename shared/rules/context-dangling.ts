import type { ContextSubject } from '../facts';
import { deleteContextStep, repointSteps, type EntryKind } from '../guides/entries';
import { detectProvider, refetchSteps } from '../guides/refetch';
import type { ContextRule, FindingDraft } from './types';
import { CONTEXTS } from './support/background';

const ID = 'context-dangling';

function consequence(kind: EntryKind): string {
  return kind === 'cluster'
    ? 'kubectl has no server for it and falls back to http://localhost:8080 ("The connection to the server localhost:8080 was refused")'
    : 'kubectl has no credential for it: over https it asks "Please enter Username" and, without a terminal, ' +
        'fails with EOF before any request (over http the server answers 401 or 403 as system:anonymous)';
}

function dangling(subject: ContextSubject, kind: EntryKind): FindingDraft | undefined {
  const name = subject.context.value[kind];
  if (kind === 'cluster' ? subject.cluster : subject.user) return undefined;
  // A context without a user is anonymous on purpose or by omission: credentials-missing says so.
  if (kind === 'user' && name === undefined) return undefined;
  const what = name === undefined ? `names no ${kind}` : `names ${kind} "${name}", which no kubeconfig file defines`;
  const provider = detectProvider(subject).provider;
  return {
    title: name === undefined ? `Context has no ${kind}` : `Context names an undefined ${kind}`,
    detail: `Context ${subject.name} (in ${subject.context.source}) ${what}: ${consequence(kind)}.`,
    evidence: { context: subject.name, source: subject.context.source, missing: kind, name: name ?? null },
    fix: [
      ...repointSteps(subject, kind),
      deleteContextStep(subject),
      ...(provider === 'generic' ? [] : refetchSteps(subject)),
    ],
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
      'Point the context at a cluster or user that exists (kubectl config set-context), re-fetch the ' +
      'credentials of a cloud cluster, or delete the context. Kubeward can delete it itself, keeping a ' +
      'backup of the file: "Fix it" in the window, or kubeward fix context-dangling --context NAME.',
  },
  scope: 'context',
  check(subject) {
    return [dangling(subject, 'cluster'), dangling(subject, 'user')].filter((d) => d !== undefined);
  },
} satisfies ContextRule;
