/**
 * Which kubectl binary the bench times. gcloud's `kubectl` is a version dispatcher: it
 * loads the kubeconfig itself (and may run the current context's exec plugin to ask the
 * server its version) before it execs the real `kubectl.<major>.<minor>` beside it. Timing
 * the dispatcher would flatter kubeward, so the bench times the real binary it picks.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, realpathSync } from 'node:fs';
import path from 'node:path';

export interface Kubectl {
  path: string;
  version: string;
  /** Set when the binary on PATH was a dispatcher and the real one is timed instead. */
  note?: string;
}

/** A kubectl timed as given. */
export function kubectlAt(file: string): Kubectl {
  return { path: file, version: clientVersion(file) };
}

function clientVersion(kubectl: string): string {
  const result = spawnSync(kubectl, ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  try {
    return (JSON.parse(result.stdout) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion;
  } catch {
    return 'unknown version';
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function resolveKubectl(found: string): Kubectl {
  const version = clientVersion(found);
  const dispatcher = /^v(\d+)\.(\d+)\.\d+-dispatcher$/.exec(version);
  if (!dispatcher) return { path: found, version };
  const real = path.join(path.dirname(realpathSync(found)), `kubectl.${dispatcher[1]}.${dispatcher[2]}`);
  if (!isExecutable(real)) return { path: found, version, note: `${found} is gcloud's dispatcher; ${real} not found` };
  return {
    path: real,
    version: clientVersion(real),
    note: `${found} is gcloud's version dispatcher (it loads the kubeconfig and may run an exec plugin first): timing ${real}`,
  };
}
