/**
 * KUBERNETES_EXEC_INFO, byte for byte what kubectl 1.32 sets (checked against it in
 * test/integration/exec-plugin.test.ts): an ExecCredential with `spec.interactive`
 * (always false here: stdin is closed) and, with `provideClusterInfo`, the cluster
 * (client-go rest.ConfigToExecCluster; CA bytes from the file or the data).
 */
import { fileAt, type Snapshot } from '../facts';
import type { Cluster } from '../kubeconfig/model';

/** client.authentication.k8s.io Cluster, JSON field names and order as client-go encodes them. */
export interface ExecClusterInfo {
  server: string;
  'tls-server-name'?: string;
  'insecure-skip-tls-verify'?: boolean;
  /** base64 of the CA bundle bytes ([]byte in Go). */
  'certificate-authority-data'?: string;
  'proxy-url'?: string;
  /** The cluster's `client.authentication.k8s.io/exec` extension; the model does not carry extensions, so null. */
  config: null;
}

export type ClusterInfoResult = { ok: true; cluster: ExecClusterInfo } | { ok: false; reason: string };

function caData(cluster: Cluster, snapshot: Snapshot): { ok: true; data?: string } | { ok: false; reason: string } {
  // client-go's dataFromSliceOrFile: the inline data wins over the file.
  if (cluster.certificateAuthorityData) {
    return { ok: true, data: Buffer.from(cluster.certificateAuthorityData, 'base64').toString('base64') };
  }
  if (!cluster.certificateAuthority) return { ok: true };
  const read = fileAt(snapshot, cluster.certificateAuthority);
  if (read.state !== 'ok') {
    return {
      ok: false,
      reason: `the certificate-authority file ${cluster.certificateAuthority} cannot be read (kubectl: failed to load CA bundle for execProvider)`,
    };
  }
  return { ok: true, data: Buffer.from(read.text).toString('base64') };
}

export function execClusterInfo(cluster: Cluster, snapshot: Snapshot): ClusterInfoResult {
  const ca = caData(cluster, snapshot);
  if (!ca.ok) return ca;
  // Insertion order is JSON order: client-go's field order, omitempty fields left out.
  const info: ExecClusterInfo = {
    server: cluster.server ?? '',
    ...(cluster.tlsServerName ? { 'tls-server-name': cluster.tlsServerName } : {}),
    ...(cluster.insecureSkipTlsVerify ? { 'insecure-skip-tls-verify': true } : {}),
    ...(ca.data ? { 'certificate-authority-data': ca.data } : {}),
    ...(cluster.proxyUrl ? { 'proxy-url': cluster.proxyUrl } : {}),
    config: null,
  };
  return { ok: true, cluster: info };
}

/** The KUBERNETES_EXEC_INFO value for a run; client-go's JSON encoder ends it with a newline, and so does this. */
export function execInfoJson(apiVersion: string, cluster?: ExecClusterInfo): string {
  const spec = cluster ? { cluster, interactive: false } : { interactive: false };
  return `${JSON.stringify({ kind: 'ExecCredential', apiVersion, spec })}\n`;
}
