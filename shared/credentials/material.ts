/**
 * The PEM text a user or cluster entry actually hands to kubectl: the `*-data` field
 * wins over the file path (client-go: "client-cert-data will override"), and a path
 * is read from the snapshot's referenced files. A file that cannot be read is
 * file-reference-missing's finding, so it is only marked here, never decoded.
 */
import { fileAt, type Snapshot } from '../facts';
import type { Cluster, User } from '../kubeconfig/model';
import { decodeBase64 } from './pem';

type MaterialField = 'client-certificate' | 'client-key' | 'certificate-authority';

/** Where the text came from: the kubeconfig field as written (`client-key-data`...) and, for a file, its path. */
export interface MaterialSource {
  origin: 'data' | 'file';
  field: `${MaterialField}` | `${MaterialField}-data`;
  /** Absolute path, for `file`. */
  path?: string;
}

export type Material =
  | { state: 'absent' }
  | { state: 'unreadable'; source: MaterialSource }
  /** Present, but no text can come out of it: not base64, or a file too large to be a certificate. */
  | { state: 'invalid'; source: MaterialSource; error: string }
  | {
      state: 'ok';
      source: MaterialSource;
      text: string;
      /** For a `*-data` field, the base64 as written: memoized decoders key on it. */
      data?: string;
    };

/**
 * `*-data` decoded to its text. Not memoized here: the decoders memoize their results by the
 * base64 (client-cert.ts), so this runs once per distinct input. latin1 maps each byte to one
 * character: PEM is ASCII, and binary stays recognisable as binary.
 */
function fromData(field: MaterialField, data: string): Material {
  const source: MaterialSource = { origin: 'data', field: `${field}-data` };
  // The parser already refuses invalid base64 (kubeconfig-invalid); this guards other callers.
  const bytes = decodeBase64(data);
  if (!bytes) return { state: 'invalid', source, error: 'it is not valid base64' };
  return { state: 'ok', source, text: bytes.toString('latin1'), data };
}

function fromFile(snapshot: Snapshot, field: MaterialField, path: string): Material {
  const source: MaterialSource = { origin: 'file', field, path };
  const read = fileAt(snapshot, path);
  switch (read.state) {
    case 'ok':
      return { state: 'ok', source, text: read.text };
    case 'too-large':
      return {
        state: 'invalid',
        source,
        error: `the file is ${read.size} bytes, far too large for a certificate or key`,
      };
    default:
      return { state: 'unreadable', source };
  }
}

function material(
  snapshot: Snapshot,
  field: MaterialField,
  data: string | undefined,
  path: string | undefined,
): Material {
  if (data) return fromData(field, data);
  if (path) return fromFile(snapshot, field, path);
  return { state: 'absent' };
}

export function clientCertificateMaterial(snapshot: Snapshot, user: User): Material {
  return material(snapshot, 'client-certificate', user.clientCertificateData, user.clientCertificate);
}

export function clientKeyMaterial(snapshot: Snapshot, user: User): Material {
  return material(snapshot, 'client-key', user.clientKeyData, user.clientKey);
}

export function certificateAuthorityMaterial(snapshot: Snapshot, cluster: Cluster): Material {
  return material(snapshot, 'certificate-authority', cluster.certificateAuthorityData, cluster.certificateAuthority);
}

/** "client-certificate-data", "client-certificate /home/u/.kube/alice.crt" */
export function describeSource(source: MaterialSource): string {
  return source.path ? `${source.field} ${source.path}` : source.field;
}
