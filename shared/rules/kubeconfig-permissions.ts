import { actionStep } from '../guides/actions';
import type { SourceRule } from './types';

const ID = 'kubeconfig-permissions';
const PRIVATE = 0o600;

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

export default {
  meta: {
    id: ID,
    title: 'Kubeconfig readable by others',
    severity: 'warning',
    needs: 'offline',
    description: 'A kubeconfig file is group- or world-readable (POSIX only).',
    explanation:
      'A kubeconfig holds credentials: tokens, client keys, sometimes passwords. Anyone who can read the ' +
      'file can act as you on the cluster, which is why tools such as Helm warn when it is readable by the ' +
      'group or by everyone.',
    remedy:
      'Make the file readable by you only (chmod 600). Kubeward can do it itself: "Fix it" in the window, ' +
      'or kubeward fix kubeconfig-permissions.',
  },
  scope: 'source',
  check(source, _snapshot, env) {
    const { read, path } = source;
    // Windows has ACLs, not mode bits: Node reports a synthetic mode there.
    if (env.platform === 'win32' || read.state !== 'ok' || read.mode === undefined) return [];
    const groupReadable = (read.mode & 0o040) !== 0;
    const worldReadable = (read.mode & 0o004) !== 0;
    if (!groupReadable && !worldReadable) return [];
    const who = worldReadable ? 'every user on this machine' : "the members of the file's group";
    return [
      {
        detail:
          `${path} has mode ${octal(read.mode)}: ${who} can read it, and with it any token, ` +
          'password or private key it holds (kubectl itself writes kubeconfig files with mode 0600).',
        evidence: { path, mode: octal(read.mode), groupReadable, worldReadable },
        fix: [actionStep(`Make ${path} readable by you only`, { kind: 'chmod', path, mode: PRIVATE })],
      },
    ];
  },
} satisfies SourceRule;
