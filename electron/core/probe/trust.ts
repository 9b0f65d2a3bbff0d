/**
 * The roots a cluster without a CA in its kubeconfig is verified against. kubectl
 * (Go) uses the system's trust store; Node ships its own copy of Mozilla's. On Linux
 * the system store is a PEM bundle, read here where Go reads it (SSL_CERT_FILE, else
 * the distribution's path), so a company CA installed on the machine is trusted as
 * kubectl trusts it. macOS and Windows keep theirs in the keychain / certificate
 * store, which Node 20 cannot read: there the bundled roots are all there is.
 */
import { rootCertificates } from 'node:tls';
import type { Platform } from '../../../shared/facts';
import type { Env } from '../../../shared/host';
import { readFileBounded } from '../files/read-file';

// crypto/x509's certFiles for Linux, in Go's order.
const LINUX_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];
const BUNDLE_SIZE_LIMIT = 16 * 1024 * 1024;

async function firstBundle(paths: readonly string[]): Promise<string | undefined> {
  for (const path of paths) {
    const read = await readFileBounded(path, { limit: BUNDLE_SIZE_LIMIT });
    if (read.state === 'ok') return read.text;
  }
  return undefined;
}

/** The CA certificates (PEM) that stand for "the system's roots". */
export async function systemRoots(platform: Platform, env: Env): Promise<string[]> {
  const bundled = [...rootCertificates];
  if (platform === 'win32' || platform === 'darwin') return bundled;
  const file = env.SSL_CERT_FILE;
  const bundle = await firstBundle(file ? [file] : LINUX_BUNDLES);
  return bundle ? [...bundled, bundle] : bundled;
}
