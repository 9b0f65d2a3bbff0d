/** Steps that repair a context entry in place: point it at a defined cluster or user, or delete it. */
import type { ContextSubject } from '../facts';
import type { FixStep } from '../findings';
import { actionStep } from './actions';
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

/** `kubectl config set-context CTX --cluster=X` with the one plausible X, or a marker listing what is defined (none when nothing is). */
export function repointSteps(subject: ContextSubject, kind: EntryKind): FixStep[] {
  const { config } = subject.snapshot;
  const defined = [...(kind === 'cluster' ? config.clusters : config.users).keys()];
  const candidates = orphans(subject, kind);
  const context = shellArg(subject.name);
  const marker = `<${kind.toUpperCase()}>`;
  const steps: FixStep[] = [];
  if (candidates.length === 1 && candidates[0] !== undefined) {
    const target = candidates[0];
    steps.push({
      title: `Point context ${subject.name} at ${kind} ${target} (defined, but no context uses it)`,
      command: `kubectl config set-context ${context} --${kind}=${shellArg(target)}`,
    });
  } else if (defined.length > 0) {
    steps.push({
      title: `Point context ${subject.name} at a defined ${kind} (replace ${marker}: one of ${defined.join(', ')})`,
      command: `kubectl config set-context ${context} --${kind}=${marker}`,
    });
  }
  return steps;
}

export function deleteContextStep(subject: ContextSubject): FixStep {
  return actionStep(`Or delete context ${subject.name}`, { kind: 'delete-context', context: subject.name });
}
