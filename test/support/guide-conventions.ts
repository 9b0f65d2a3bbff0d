/**
 * What every fix guide must respect, checked on every finding of every rule test:
 * - a copyable kubectl command acts on the finding's cluster and kubeconfig, never on
 *   whatever is current: it names `--context` or `--kubeconfig`; a `kubectl config` edit names
 *   `--kubeconfig`, the file that defines its entry (shared/guides/kubectl-config.ts);
 * - no step title has a doubled colon ("Label:: x", "Label: : x");
 * - no step is an alternative to the others ("Or delete the context", "Otherwise store access keys"):
 *   issue 12 asks for the path first, so an alternative is a path of its own, or an option of a
 *   step's choice;
 * - a path, one way through a guide with alternatives, has 1 to 4 steps, its check included, and so
 *   has a guide without alternatives. Issue 12 asks for 3-4; fewer is honest where the path is one
 *   thing to do and its check (2: sign in, or set interactiveMode, then check), or one step that is
 *   its own check (1: kubeward's renewal probes what it wrote; running a terminal-only plugin by
 *   hand). More than 4 mixes procedures: split it into paths.
 */
import type { FixStep } from '../../shared/findings';
import type { FindingDraft } from '../../shared/rules/types';

/**
 * kubectl invocations that need neither flag, and why:
 * - `config use-context` changes which context is current: that is its whole point. It cannot name a file
 *   either: it writes current-context to the first file of the list (kubectl 1.32), which need not define the
 *   context, and `--kubeconfig` with the context's own file writes where the merge does not read it. With
 *   another KUBECONFIG it fails ("no context exists with the name") rather than editing the wrong entry;
 * - `oidc-login` (kubelogin) talks to the identity provider, and `krew` installs plugins:
 *   neither reads a cluster or the kubeconfig.
 */
const EXEMPT = [/^config use-context\b/, /^oidc-login\b/, /^krew\b/];

/**
 * Config edits act on the files of the shell's KUBECONFIG, which need not be the ones kubeward checked:
 * there `set-credentials NAME` creates a new entry instead of changing the one meant. `--context` does
 * not help; only `--kubeconfig`, the file that defines the entry, does.
 */
const CONFIG_EDIT =
  /^config (set-credentials|set-cluster|set-context|set|unset|delete-context|delete-cluster|delete-user|rename-context)\b/;

/** Flags whose value is the next word when not written with `=`: that word is no subcommand. */
const VALUE_FLAGS = new Set(['--kubeconfig', '--context', '--namespace', '-n']);

/** The words of an invocation that are not flags or flag values: `config set-credentials NAME`. */
function subcommandOf(words: readonly string[]): string {
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (VALUE_FLAGS.has(word)) i++;
    else if (!word.startsWith('-')) kept.push(word);
  }
  return kept.join(' ');
}

/** The kubectl invocations in a shell command: each simple command after a pipe, `&&`, `;`, `$(` or a line break. */
export function kubectlInvocations(command: string): string[] {
  return command
    .split(/\|\||&&|[|;\n]|\$\(|`/)
    .map((part) => part.trim().replace(/^[("']+/, ''))
    .filter((part) => /^kubectl(\s|$)/.test(part));
}

/** The problems of one kubectl invocation in a step (none when it targets its context or file). */
function kubectlProblem(invocation: string, step: FixStep): string | undefined {
  const words = invocation.split(/\s+/).slice(1);
  const names = (flag: string) => words.some((w) => w === flag || w.startsWith(`${flag}=`));
  const subcommand = subcommandOf(words);
  if (CONFIG_EDIT.test(subcommand)) {
    return names('--kubeconfig')
      ? undefined
      : `"${invocation}" (step "${step.title}") edits the kubeconfig without --kubeconfig`;
  }
  if (names('--context') || names('--kubeconfig')) return undefined;
  if (EXEMPT.some((pattern) => pattern.test(subcommand))) return undefined;
  return `"${invocation}" (step "${step.title}") names neither --context nor --kubeconfig`;
}

/**
 * A doubled colon: "Label:: text", "Label: : text" (a colon-ended label before a colon-led text).
 * Colons inside a word stay: an IPv6 address ([::1]:8443), an ARN (arn:aws:iam::123456789012:role/x).
 */
export function titleProblem(title: string): string | undefined {
  return /:\s+:|::(\s|$)/.test(title) ? `step title "${title}" has a doubled colon` : undefined;
}

function stepsOf(draft: FindingDraft): FixStep[] {
  return [...draft.fix, ...(draft.paths ?? []).flatMap((p) => p.steps)];
}

/** Every way a step can be shown: itself, and each option of its choice. */
function commandsOfStep(step: FixStep): string[] {
  const shown = [step, ...(step.choice?.options ?? [])];
  return shown.flatMap((s) => (s.command === undefined ? [] : [s.command]));
}

/** Every convention a finding's guide breaks, as sentences. */
export function guideProblems(draft: FindingDraft): string[] {
  const problems: string[] = [];
  for (const step of stepsOf(draft)) {
    const title = titleProblem(step.title);
    if (title) problems.push(title);
    if (/^(Or|Otherwise|Alternatively)\b/.test(step.title)) {
      problems.push(`step "${step.title}" is an alternative: make it a path, or a choice within its step`);
    }
    for (const command of commandsOfStep(step)) {
      for (const invocation of kubectlInvocations(command)) {
        const problem = kubectlProblem(invocation, step);
        if (problem) problems.push(problem);
      }
    }
  }
  if (draft.fix.length > 4)
    problems.push(`the guide has ${draft.fix.length} steps (1-4 expected): split it into paths`);
  for (const path of draft.paths ?? []) {
    if (path.steps.length === 0 || path.steps.length > 4) {
      problems.push(`path ${path.id} has ${path.steps.length} steps (1-4 expected)`);
    }
    const title = titleProblem(path.title);
    if (title) problems.push(title);
  }
  return problems;
}
