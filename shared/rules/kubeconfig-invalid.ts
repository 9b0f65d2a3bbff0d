import { shellArg } from '../guides/shell';
import type { SourceRule } from './types';

const ID = 'kubeconfig-invalid';

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
        fix: [
          {
            title: position ? `Open ${path} at line ${position.line} and fix it` : `Open ${path} and fix it`,
            command: `\${EDITOR:-vi} ${position ? `+${position.line} ` : ''}${shellArg(path)}`,
          },
          { title: 'Or restore it from a backup, if you have one' },
          {
            title: 'Check that kubectl reads it again',
            command: `kubectl config view --kubeconfig ${shellArg(path)} >/dev/null`,
          },
        ],
      },
    ];
  },
} satisfies SourceRule;
