/** Ways that repair a context entry in place: point it at a defined cluster or user, or delete it. */
import type { ContextSubject } from '../facts';
import type { FixPath, FixStep } from '../findings';
import { actionStep, choiceStep } from './actions';
import { kubectlConfig } from './kubectl-config';
import { recheckStep } from './probe';
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
function repointSteps(subject: ContextSubject, kind: EntryKind): FixStep[] {
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
    steps.push(
      choiceStep(
        `Point context ${subject.name} at the ${kind} you choose`,
        kind === 'cluster' ? 'Cluster' : 'User',
        options,
      ),
    );
  }
  return steps;
}

/** The way that points the context at an entry the kubeconfig defines, then asks the server; none when it defines none. */
export function repointPath(subject: ContextSubject, kind: EntryKind): FixPath | undefined {
  const steps = repointSteps(subject, kind);
  if (steps.length === 0) return undefined;
  return {
    id: `choose-${kind}`,
    title: `Point it at a ${kind}`,
    summary: `Context ${subject.name} uses one of the ${kind}s the kubeconfig already defines.`,
    steps: [...steps, recheckStep(subject)],
  };
}

/** The way that deletes the context from the file that defines it (kubeward keeps a backup), then lists what is left. */
export function deleteContextPath(subject: ContextSubject): FixPath {
  const file = subject.context.source;
  return {
    id: 'delete',
    title: 'Delete the context',
    summary: `Nobody needs context ${subject.name} any more: it goes from ${file}, and kubeward keeps a backup.`,
    steps: [
      actionStep(`Delete context ${subject.name} from ${file}`, {
        kind: 'delete-context',
        context: subject.name,
        kubeconfig: file,
      }),
      {
        title: `Check that context ${subject.name} is no longer listed`,
        command: kubectlConfig(file, 'get-contexts'),
      },
    ],
  };
}
