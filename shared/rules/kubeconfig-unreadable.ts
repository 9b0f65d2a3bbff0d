import type { Platform, Snapshot, SourceFile } from '../facts';
import type { FixStep } from '../findings';
import { shellArg } from '../guides/shell';
import { kubectlRefuses } from './support/sources';
import type { FindingDraft, SourceRule } from './types';

const ID = 'kubeconfig-unreadable';

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

function isEmpty(snapshot: Snapshot): boolean {
  const { config } = snapshot;
  return config.contexts.size === 0 && config.clusters.size === 0 && config.users.size === 0;
}

/** The KUBECONFIG list without this file, in the platform's syntax. */
function dropFromListStep(snapshot: Snapshot, path: string, platform: Platform): FixStep[] {
  const rest = snapshot.kubeconfigPaths.filter((p) => p !== path);
  if (!snapshot.explicit || rest.length === 0) return [];
  const title = `Drop ${path} from KUBECONFIG`;
  if (platform === 'win32') return [{ title, command: `$env:KUBECONFIG = '${rest.join(';').replaceAll("'", "''")}'` }];
  return [{ title, command: `export KUBECONFIG=${shellArg(rest.join(':'))}` }];
}

function noConfigSteps(path: string): FixStep[] {
  return [
    {
      title: `Write a kubeconfig to ${path}: from your cloud CLI (aws eks update-kubeconfig, gcloud container clusters get-credentials, az aks get-credentials) or from your cluster admin`,
    },
    {
      title: 'Or point KUBECONFIG at the kubeconfig you have (replace <KUBECONFIG_FILE>: its path)',
      command: 'export KUBECONFIG=<KUBECONFIG_FILE>',
    },
  ];
}

function missing(source: SourceFile, snapshot: Snapshot, platform: Platform): FindingDraft[] {
  const { path } = source;
  const evidence = { path, state: 'missing', explicit: snapshot.explicit };
  // kubectl skips a missing file; it only matters when nothing else gives a config (and no broken file is the real cause).
  if (isEmpty(snapshot) && !snapshot.sources.some(kubectlRefuses)) {
    const why = snapshot.explicit ? 'no other file in the KUBECONFIG list defines anything' : 'it is the default path';
    return [
      {
        title: 'No kubeconfig at all',
        detail:
          `${path} does not exist and ${why}, so kubectl has no configuration: ` +
          'it falls back to http://localhost:8080 ("The connection to the server localhost:8080 was refused").',
        evidence,
        fix: noConfigSteps(path),
      },
    ];
  }
  return [
    {
      severity: 'info',
      title: 'Kubeconfig file does not exist',
      detail: `${path} is in the KUBECONFIG list but does not exist. kubectl skips it and uses the other files.`,
      evidence,
      fix: dropFromListStep(snapshot, path, platform),
    },
  ];
}

export default {
  meta: {
    id: ID,
    title: 'Kubeconfig file cannot be read',
    severity: 'error',
    needs: 'offline',
    description: 'A file in KUBECONFIG (or the default path) is missing, a directory, unreadable or too large.',
    explanation:
      'kubectl reads every file named in KUBECONFIG (or ~/.kube/config when KUBECONFIG is unset) and merges' +
      ' them. A file in the list that does not exist is skipped, but one it cannot open, such as a ' +
      'directory or a file that belongs to another user, stops every command before it starts.',
    remedy:
      'Restore the file, or point KUBECONFIG at the file you meant; a path in the list that no longer ' +
      'exists can simply be dropped from KUBECONFIG. With no kubeconfig at all, write one with your cloud ' +
      'CLI (aws eks update-kubeconfig, gcloud container clusters get-credentials, az aks get-credentials) ' +
      'or ask your cluster admin for one.',
  },
  scope: 'source',
  check(source, snapshot, env) {
    const { path, read } = source;
    const refuses = 'kubectl refuses to load any kubeconfig while one file in the list cannot be read';
    switch (read.state) {
      case 'ok':
        return [];
      case 'missing':
        return missing(source, snapshot, env.platform);
      case 'directory':
        return [
          {
            title: 'Kubeconfig path is a directory',
            detail: `${path} is a directory, not a file: ${refuses} ("read ${path}: is a directory").`,
            evidence: { path, state: 'directory' },
            fix: [
              { title: `See which kubeconfig file inside ${path} you meant`, command: `ls -la ${shellArg(path)}` },
              ...dropFromListStep(snapshot, path, env.platform),
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
              ...(env.platform === 'win32'
                ? []
                : [
                    {
                      // Typical after copying a kubeadm admin.conf with sudo.
                      title: `Make ${path} yours again`,
                      command: `sudo chown "$(id -u):$(id -g)" ${shellArg(path)}`,
                    },
                  ]),
              ...dropFromListStep(snapshot, path, env.platform),
            ],
          },
        ];
      case 'too-large':
        return [
          {
            severity: 'warning',
            title: 'Kubeconfig file too large to check',
            detail:
              `${path} is ${megabytes(read.size)}, over kubeward's limit of ${megabytes(read.limit)} (kubeconfigs are kilobytes): it was not read, ` +
              'so the contexts it defines are not checked (kubectl still loads it).',
            evidence: { path, state: 'too-large', size: read.size, limit: read.limit },
            fix: [{ title: `See what makes ${path} so large`, command: `ls -l ${shellArg(path)}` }],
          },
        ];
    }
  },
} satisfies SourceRule;
