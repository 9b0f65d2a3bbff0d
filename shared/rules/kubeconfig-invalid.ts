import type { FixPath, FixStep } from '../findings';
import type { Position } from '../kubeconfig/model';
import { shellArg } from '../guides/shell';
import type { SourceRule } from './types';

const ID = 'kubeconfig-invalid';

/** Mend the file where the parser stopped, or put back a copy from before it broke; each way ends with kubectl reading it. */
function paths(path: string, position: Position | undefined): FixPath[] {
  const check: FixStep = {
    title: 'Check that kubectl reads it again',
    command: `kubectl config view --kubeconfig ${shellArg(path)} >/dev/null`,
  };
  return [
    {
      id: 'edit',
      title: 'Fix the file',
      summary: position
        ? `The error at line ${position.line} is one you can mend in an editor.`
        : 'The error is one you can mend in an editor.',
      steps: [
        {
          title: position ? `Open ${path} at line ${position.line} and fix it` : `Open ${path} and fix it`,
          command: `\${EDITOR:-vi} ${position ? `+${position.line} ` : ''}${shellArg(path)}`,
        },
        check,
      ],
    },
    {
      id: 'restore',
      title: 'Restore it from a backup',
      summary: 'You have a copy of the file from before it broke.',
      steps: [{ title: `Put the backup of ${path} back in its place` }, check],
    },
  ];
}

export default {
  meta: {
    id: ID,
    title: 'Kubeconfig file is invalid',
    severity: 'error',
    needs: 'offline',
    description: 'A kubeconfig file is not YAML, not a mapping, or has the wrong kind/apiVersion or field types.',
    explanation:
      'kubectl parses each kubeconfig file before it does anything else. One file that is not YAML, or not ' +
      'a kubeconfig, makes every kubectl command fail, even for the contexts the other files define.',
    remedy:
      'Open the file at the line the finding names and fix it, or restore it from a backup; then check that' +
      ' kubectl config view reads it again. The other checks of the contexts it defines run once it parses.',
  },
  scope: 'source',
  check(source, snapshot) {
    if (source.parse?.ok !== false) return [];
    const { message, position } = source.parse.error;
    const { path } = source;
    const at = position ? `${path}:${position.line}:${position.column}` : path;
    const others = snapshot.kubeconfigPaths.length - 1;
    const scope =
      others > 0
        ? `kubectl refuses to load ANY context while one file in the list is broken, including the ${others} other file${others === 1 ? '' : 's'} in KUBECONFIG`
        : 'kubectl refuses to load it, so every kubectl command fails';
    return [
      {
        detail: `${at}: ${message}. ${scope}. The contexts it defines are not checked until it parses.`,
        evidence: { path, message, ...(position ? { line: position.line, column: position.column } : {}) },
        fix: [],
        paths: paths(path, position),
      },
    ];
  },
} satisfies SourceRule;
