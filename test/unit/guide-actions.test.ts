import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { SafeAction } from '../../shared/findings';
import { commandOf, createTokenArgs } from '../../shared/guides/actions';

/** The words a POSIX shell makes of a command line (sh prints each argument on its own line). */
function shellWords(command: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `printf '%s\\n' ${command}`], { encoding: 'utf8' });
  return out.split('\n').slice(0, -1);
}

describe('commandOf', () => {
  it('shows each action as the command a user would type', () => {
    const cases: [SafeAction, string][] = [
      [{ kind: 'use-context', context: 'prod' }, 'kubectl config use-context prod'],
      [{ kind: 'chmod', path: '/home/u/.kube/config', mode: 0o600 }, 'chmod 600 /home/u/.kube/config'],
      [
        { kind: 'delete-context', context: 'old one', kubeconfig: '/home/u/.kube/config' },
        "kubectl config --kubeconfig /home/u/.kube/config delete-context 'old one'",
      ],
      [
        {
          kind: 'pin-exec-command',
          user: 'dev',
          kubeconfig: '/home/u/.kube/work',
          command: 'aws',
          path: '/opt/homebrew/bin/aws',
        },
        'kubectl config --kubeconfig /home/u/.kube/work set-credentials dev --exec-command=/opt/homebrew/bin/aws',
      ],
      [{ kind: 'run', program: 'gcloud', args: ['auth', 'login'] }, 'gcloud auth login'],
      [
        {
          kind: 'create-token',
          user: 'ci',
          kubeconfig: '/home/u/.kube/config',
          via: 'admin',
          namespace: 'prod',
          serviceAccount: 'deployer',
          duration: '1h',
        },
        'kubectl config --kubeconfig /home/u/.kube/config set-credentials ci --token=$(kubectl --context admin create token deployer -n prod --duration=1h)',
      ],
    ];
    for (const [action, command] of cases) expect(commandOf(action)).toBe(command);
  });

  it('quotes words so a shell gives back exactly the argv the action runs', () => {
    const args = ['eks', 'update-kubeconfig', '--name', "it's $HOME", '--alias', 'a b;rm -rf x', '--region', '`id`'];
    expect(shellWords(commandOf({ kind: 'run', program: 'aws', args }))).toEqual(['aws', ...args]);
    const pin = {
      kind: 'pin-exec-command',
      user: "it's me",
      kubeconfig: '/home/u/My Kube/config',
      command: 'aws',
      path: '/opt/my tools/aws',
    } as const;
    expect(shellWords(commandOf(pin))).toEqual([
      'kubectl',
      'config',
      '--kubeconfig',
      '/home/u/My Kube/config',
      'set-credentials',
      "it's me",
      '--exec-command=/opt/my tools/aws',
    ]);
    const token = {
      kind: 'create-token',
      user: 'u',
      kubeconfig: '/home/u/.kube/config',
      via: "ctx 'quoted'",
      namespace: 'ns',
      serviceAccount: 'sa$x',
      duration: '1h',
    } as const;
    const inner = commandOf(token).match(/\$\((.*)\)$/)?.[1] ?? '';
    expect(shellWords(inner)).toEqual(['kubectl', ...createTokenArgs(token)]);
  });
});
