/** Steps that repair a context entry in place: point it at a defined cluster or user, or delete it. */
import type { ContextSubject } from '../facts';
import type { FixStep } from '../findings';
import { actionStep } from './actions';
import { kubectlConfig } from './kubectl-config';
import { shellArg } from './shell';

export type EntryKind = 'cluster' | 'user';

/** Entries no context uses: the likely intended target after a rename or a partial merge. Same file first. */
function orphans(subject: ContextSubject, kind: EntryKind): string[] {
  const { config } = subject.snapshot;
  const entries = kind === 'cluster' ? config.clusters : config.users;
  const used = new Set([...config.contexts.values()].map((c) => c.value[kind]));
  const unused = [...entries.values()].filter((e) => !used.has(e.name));
  const sameFile = unused.filter((e) => e.source === subject.context.source);
  return (sameFile.length > 0 ? sameFile : unused).map((e) => e.name);
}

/**
 * `kubectl config set-context CTX --cluster=X` with the one plausible X, or a choice among the
 * defined entries, likely ones first (none when nothing is defined).
 */
export function repointSteps(subject: ContextSubject, kind: EntryKind): FixStep[] {
  const { config } = subject.snapshot;
  const defined = [...(kind === 'cluster' ? config.clusters : config.users).keys()];
  const candidates = orphans(subject, kind);
  const context = shellArg(subject.name);
  const command = (target: string) =>
    kubectlConfig(subject.context.source, `set-context ${context} --${kind}=${shellArg(target)}`);
  const steps: FixStep[] = [];
  if (candidates.length === 1 && candidates[0] !== undefined) {
    const target = candidates[0];
    steps.push({
      title: `Point context ${subject.name} at ${kind} ${target} (defined, but no context uses it)`,
      command: command(target),
    });
  } else if (defined.length > 0) {
    const ordered = [...candidates, ...defined.filter((name) => !candidates.includes(name))];
    const options = ordered.map((value) => ({ value, command: command(value) }));
    steps.push({
      title: `Point context ${subject.name} at the ${kind} you choose`,
      command: options[0]?.command ?? '',
      choice: { label: kind === 'cluster' ? 'Cluster' : 'User', options },
    });
  }
  return steps;
}

export function deleteContextStep(subject: ContextSubject): FixStep {
  return actionStep(`Or delete context ${subject.name}`, {
    kind: 'delete-context',
    context: subject.name,
    kubeconfig: subject.context.source,
  });
}
