/**
 * The merge client-go's ClientConfigLoadingRules.Load performs over the KUBECONFIG
 * files: the first file that defines a cluster, user or context name wins the whole
 * entry (no field-by-field merge), the first non-empty current-context wins, and
 * relative file references resolve against the directory of the defining file.
 */
import type { Platform } from '../facts';
import type { Cluster, KubeconfigDocument, MergedKubeconfig, Named, User } from './model';
import { dirname, isAbsolute, join, separator } from './filepath';

/** client-go's ResolvePaths: empty and absolute references stay as they are. */
function resolve(ref: string | undefined, base: string, platform: Platform): string | undefined {
  if (!ref || isAbsolute(ref, platform)) return ref;
  return join(platform, base, ref);
}

function resolveCluster(cluster: Cluster, base: string, platform: Platform): Cluster {
  if (!cluster.certificateAuthority) return cluster;
  return { ...cluster, certificateAuthority: resolve(cluster.certificateAuthority, base, platform) };
}

function resolveUser(user: User, base: string, platform: Platform): User {
  const out: User = { ...user };
  if (user.clientCertificate) out.clientCertificate = resolve(user.clientCertificate, base, platform);
  if (user.clientKey) out.clientKey = resolve(user.clientKey, base, platform);
  if (user.tokenFile) out.tokenFile = resolve(user.tokenFile, base, platform);
  // A bare command name is looked up on PATH; only one with a separator is a file reference.
  if (user.exec && user.exec.command.includes(separator(platform))) {
    out.exec = { ...user.exec, command: resolve(user.exec.command, base, platform) ?? '' };
  }
  return out;
}

/** Adds the entries whose names are not taken yet (the first file to define a name wins), transformed. */
function addFirst<T>(into: Map<string, Named<T>>, entries: Named<T>[], transform: (value: T) => T): void {
  for (const entry of entries) {
    if (!into.has(entry.name)) into.set(entry.name, { ...entry, value: transform(entry.value) });
  }
}

/** Documents in KUBECONFIG order, with absolute paths; missing or invalid files already left out. */
export function mergeKubeconfigs(docs: KubeconfigDocument[], platform: Platform): MergedKubeconfig {
  const merged: MergedKubeconfig = { clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const doc of docs) {
    // Relative references resolve against the directory of the file that defines the entry.
    const base = dirname(doc.path, platform);
    addFirst(merged.clusters, doc.clusters, (c) => resolveCluster(c, base, platform));
    addFirst(merged.users, doc.users, (u) => resolveUser(u, base, platform));
    addFirst(merged.contexts, doc.contexts, (c) => c);
    if (!merged.currentContext && doc.currentContext) {
      merged.currentContext = doc.currentContext;
      merged.currentContextSource = doc.path;
    }
  }
  return merged;
}
