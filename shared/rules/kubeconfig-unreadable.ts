import type { Platform, Snapshot, SourceFile, SpecialFileKind } from '../facts';
import type { FixPath, FixStep } from '../findings';
import { shellArg } from '../guides/shell';
import { kubectlRefuses } from './support/sources';
import type { ConfigRule, FindingDraft } from './types';

const ID = 'kubeconfig-unreadable';

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/**
 * What every finding of one check shares, worked out once: with thousands of files in the list, a
 * per-file pass over the list would make the check (and its report) quadratic.
 */
interface ListFacts {
  snapshot: Snapshot;
  platform: Platform;
  /** The entries that exist (a missing one need not be dropped: kubectl skips it). */
  existing: readonly string[];
  /** No context, cluster or user at all, and no file kubectl refuses (which would be the real cause). */
  nothingLoaded: boolean;
}

/** The KUBECONFIG list without this file (and without the files that do not exist), in the platform's syntax. */
function dropFromListStep(list: ListFacts, path: string): FixStep[] {
  const rest = list.existing.filter((p) => p !== path);
  if (!list.snapshot.explicit || rest.length === 0) return [];
  const title = `Drop ${path} from KUBECONFIG`;
  if (list.platform === 'win32') {
    return [{ title, command: `$env:KUBECONFIG = '${rest.join(';').replaceAll("'", "''")}'` }];
  }
  return [{ title, command: `export KUBECONFIG=${shellArg(rest.join(':'))}` }];
}

/**
 * Write a kubeconfig where kubectl looks, or point KUBECONFIG at one elsewhere; each way ends with kubectl
 * listing the contexts of the file it now reads (an empty table, not an error, if the file is still missing).
 */
function noConfigPaths(path: string, platform: Platform): FixPath[] {
  const powershell = platform === 'win32';
  return [
    {
      id: 'write',
      title: 'Write a kubeconfig',
      summary: 'You have none yet: your cloud CLI or your cluster admin gives you one.',
      steps: [
        {
          title: `Write a kubeconfig to ${path}: from your cloud CLI (aws eks update-kubeconfig, gcloud container clusters get-credentials, az aks get-credentials) or from your cluster admin`,
        },
        {
          title: `Check that kubectl lists your contexts from ${path}`,
          command: `kubectl config get-contexts --kubeconfig ${shellArg(path)}`,
        },
      ],
    },
    {
      id: 'point',
      title: 'Point KUBECONFIG at the kubeconfig you have',
      summary: 'You already have a kubeconfig, somewhere other than where kubectl looks.',
      steps: [
        {
          title: 'Point KUBECONFIG at the kubeconfig you have (replace <KUBECONFIG_FILE>: its path)',
          command: powershell ? "$env:KUBECONFIG = '<KUBECONFIG_FILE>'" : 'export KUBECONFIG=<KUBECONFIG_FILE>',
        },
        {
          title: 'Check that kubectl lists your contexts from it',
          command: `kubectl config get-contexts --kubeconfig ${powershell ? '$env:KUBECONFIG' : '"$KUBECONFIG"'}`,
        },
      ],
    },
  ];
}

function missing(path: string, list: ListFacts): FindingDraft[] {
  const { snapshot } = list;
  const evidence = { path, state: 'missing', explicit: snapshot.explicit };
  // kubectl skips a missing file; it only matters when nothing else gives a config (and no broken file is the real cause).
  if (list.nothingLoaded) {
    const why = snapshot.explicit ? 'no other file in the KUBECONFIG list defines anything' : 'it is the default path';
    return [
      {
        title: 'No kubeconfig at all',
        detail:
          `${path} does not exist and ${why}, so kubectl has no configuration: ` +
          'it falls back to http://localhost:8080 ("The connection to the server localhost:8080 was refused").',
        evidence,
        fix: [],
        paths: noConfigPaths(path, list.platform),
      },
    ];
  }
  return [
    {
      severity: 'info',
      title: 'Kubeconfig file does not exist',
      detail: `${path} is in the KUBECONFIG list but does not exist. kubectl skips it and uses the other files.`,
      evidence,
      fix: dropFromListStep(list, path),
    },
  ];
}

/** Why kubectl cannot use a path that is not a regular file, and what kubeward did about it. */
function specialDetail(path: string, read: Extract<SourceFile['read'], { state: 'special' }>): string {
  if (read.pipe === 'no-writer') {
    return (
      `${path} is a named pipe (FIFO) that nothing writes to: kubectl blocks opening it until a program ` +
      'writes to it, forever if none does (every command hangs). kubeward did not wait.'
    );
  }
  if (read.pipe === 'stalled') {
    return (
      `${path} is a pipe whose writer did not finish within ${(read.waitedMs ?? 0) / 1000} s: kubectl waits ` +
      'for it as long as it takes, and kubeward stopped waiting, so what it holds is not checked.'
    );
  }
  const what: Record<SpecialFileKind, string> = {
    pipe: 'a pipe',
    'character device': 'a character device',
    'block device': 'a block device',
    socket: 'a socket',
  };
  const kubectl =
    read.kind === 'socket'
      ? 'kubectl cannot open it ("no such device or address")'
      : 'kubectl reads it as if it were a file, which may never end (/dev/zero) or wait for input (a terminal)';
  return `${path} is ${what[read.kind]}, not a file: ${kubectl}. kubeward does not open it.`;
}

function sourceFindings(source: SourceFile, list: ListFacts): FindingDraft[] {
  const { path, read } = source;
  const refuses = 'kubectl refuses to load any kubeconfig while one file in the list cannot be read';
  const see = { title: `See what is at ${path}`, command: `ls -l ${shellArg(path)}` };
  switch (read.state) {
    case 'ok':
      return [];
    case 'missing':
      return missing(path, list);
    case 'directory':
      return [
        {
          title: 'Kubeconfig path is a directory',
          detail: `${path} is a directory, not a file: ${refuses} ("read ${path}: is a directory").`,
          evidence: { path, state: 'directory' },
          fix: [
            { title: `See which kubeconfig file inside ${path} you meant`, command: `ls -la ${shellArg(path)}` },
            ...dropFromListStep(list, path),
          ],
        },
      ];
    case 'unreadable':
      return [
        {
          detail: `${path} cannot be read (${read.reason}): ${refuses}.`,
          evidence: { path, state: 'unreadable', reason: read.reason },
          fix: [
            { title: `See who owns ${path}`, command: `ls -l ${shellArg(path)}` },
            ...(list.platform === 'win32'
              ? []
              : [
                  {
                    // Typical after copying a kubeadm admin.conf with sudo.
                    title: `Make ${path} yours again`,
                    command: `sudo chown "$(id -u):$(id -g)" ${shellArg(path)}`,
                  },
                ]),
            ...dropFromListStep(list, path),
          ],
        },
      ];
    case 'special':
      return [
        {
          title:
            read.kind === 'pipe' ? 'Kubeconfig is a pipe nothing finishes writing' : 'Kubeconfig path is not a file',
          detail: specialDetail(path, read),
          evidence: { path, state: 'special', kind: read.kind, ...(read.pipe ? { pipe: read.pipe } : {}) },
          fix: [see, ...dropFromListStep(list, path)],
        },
      ];
    case 'too-large':
      return [
        {
          title: 'Kubeconfig file too large to check',
          detail:
            `${path} is ${megabytes(read.size)}, over kubeward's limit of ${megabytes(read.limit)} (kubeconfigs are ` +
            'kilobytes): it was not read, so nothing it defines is checked. kubectl reads it whole on every command.',
          evidence: { path, state: 'too-large', size: read.size, limit: read.limit },
          fix: [
            { title: `See what makes ${path} so large`, command: `ls -l ${shellArg(path)}` },
            ...dropFromListStep(list, path),
          ],
        },
      ];
  }
}

export default {
  meta: {
    id: ID,
    title: 'Kubeconfig file cannot be read',
    severity: 'error',
    needs: 'offline',
    description:
      'A file in KUBECONFIG (or the default path) is missing, a directory, unreadable, too large, or not a file at all (a pipe, a device).',
    explanation:
      'kubectl reads every file named in KUBECONFIG (or ~/.kube/config when KUBECONFIG is unset) and merges' +
      ' them. A file in the list that does not exist is skipped, but one it cannot open, such as a ' +
      'directory or a file that belongs to another user, stops every command before it starts, and a named ' +
      'pipe nothing writes to makes every command hang. A pipe that is written, such as <(...) from process ' +
      'substitution, kubectl reads like a file.',
    remedy:
      'Restore the file, or point KUBECONFIG at the file you meant; a path in the list that no longer ' +
      'exists can simply be dropped from KUBECONFIG. With no kubeconfig at all, write one with your cloud ' +
      'CLI (aws eks update-kubeconfig, gcloud container clusters get-credentials, az aks get-credentials) ' +
      'or ask your cluster admin for one.',
  },
  scope: 'config',
  check(snapshot, env) {
    const { config } = snapshot;
    const empty = config.contexts.size === 0 && config.clusters.size === 0 && config.users.size === 0;
    const list: ListFacts = {
      snapshot,
      platform: env.platform,
      existing: snapshot.sources.filter((s) => s.read.state !== 'missing').map((s) => s.path),
      nothingLoaded: empty && !snapshot.sources.some(kubectlRefuses),
    };
    return snapshot.sources.flatMap((source) => sourceFindings(source, list));
  },
} satisfies ConfigRule;
