/**
 * Reading an exec plugin's stdout the way client-go does (plugin/pkg/client/auth/exec,
 * refreshCredsLocked): an ExecCredential of exactly the apiVersion the kubeconfig
 * declares, with a status holding a token or a matching client certificate + key, and
 * an optional RFC 3339 expirationTimestamp. Reasons describe the defect and never
 * quote the output, which may hold a token.
 */
import { clientChain, keyMatchesCertificate, readCertificates } from '../credentials/x509';
import type { ExecCredentialFacts } from '../facts';
import { jsonObject } from '../json-object';
import { readGoYaml } from '../kubeconfig/goyaml';

export type CredentialParse = { ok: true; credential: ExecCredentialFacts } | { ok: false; reason: string };

// Go's time.RFC3339 layout, which metav1.Time parses (fractional seconds accepted).
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
// An apiVersion or kind is shown only when it looks like one: the output may put anything there.
const SHOWABLE = /^[A-Za-z0-9.\-/]{1,80}$/;

function showable(value: unknown): string {
  return typeof value === 'string' && SHOWABLE.test(value) ? value : 'an unrecognised value';
}

/** client-go's universal decoder takes JSON, and YAML (converted to JSON) as well. */
function decode(stdout: string): Record<string, unknown> | undefined {
  try {
    return jsonObject(JSON.parse(stdout));
  } catch {
    const read = readGoYaml(stdout);
    return read.ok ? jsonObject(read.value) : undefined;
  }
}

class Invalid extends Error {}

function optionalString(status: Record<string, unknown>, key: string): string {
  const value = status[key];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new Invalid(`status.${key} is not a string`);
  return value;
}

function expiry(status: Record<string, unknown>): number | undefined {
  const value = status.expirationTimestamp;
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'string' && RFC3339.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw new Invalid('status.expirationTimestamp is not an RFC 3339 time');
  return ms;
}

/** tls.X509KeyPair: both must parse, and the key must belong to the certificate. */
function checkKeyPair(certificatePem: string, keyPem: string): void {
  if (!clientChain(readCertificates(certificatePem)).ok) {
    throw new Invalid('status.clientCertificateData is not a PEM certificate');
  }
  // The certificate parses, so a failure here is the key's.
  const matches = keyMatchesCertificate(certificatePem, keyPem);
  if (!matches.ok) throw new Invalid('status.clientKeyData is not a PEM private key');
  if (!matches.value) {
    throw new Invalid('the client key does not belong to the client certificate (kubectl: private key does not match)');
  }
}

function status(object: Record<string, unknown>): ExecCredentialFacts {
  const statusField = object.status;
  if (statusField === undefined || statusField === null)
    throw new Invalid("the ExecCredential has no status (kubectl: exec plugin didn't return a status field)");
  const fields = jsonObject(statusField);
  if (!fields) throw new Invalid('status is not an object');
  const token = optionalString(fields, 'token');
  const certificate = optionalString(fields, 'clientCertificateData');
  const key = optionalString(fields, 'clientKeyData');
  const expirationTimestamp = expiry(fields);
  if (!token && !certificate && !key) {
    throw new Invalid(
      "status has no token and no client certificate/key pair (kubectl: exec plugin didn't return a token or cert/key pair)",
    );
  }
  if (Boolean(certificate) !== Boolean(key)) {
    throw new Invalid('status has only a client certificate or only a key, not both');
  }
  if (certificate) checkKeyPair(certificate, key);
  const credential: ExecCredentialFacts = { apiVersion: String(object.apiVersion) };
  if (token) credential.token = token;
  if (certificate) {
    credential.clientCertificateData = certificate;
    credential.clientKeyData = key;
  }
  if (expirationTimestamp !== undefined) credential.expirationTimestamp = expirationTimestamp;
  return credential;
}

/** Parses a plugin's stdout for the apiVersion its kubeconfig entry declares. */
export function parseExecCredential(stdout: string, apiVersion: string): CredentialParse {
  if (stdout.trim() === '') return { ok: false, reason: 'the plugin printed nothing on stdout' };
  const object = decode(stdout);
  if (!object) {
    return { ok: false, reason: `stdout is not a JSON (or YAML) object (${Buffer.byteLength(stdout)} bytes)` };
  }
  if (object.kind !== 'ExecCredential') {
    const kind = object.kind === undefined ? 'no kind' : `kind ${showable(object.kind)}`;
    return { ok: false, reason: `stdout is not an ExecCredential (it has ${kind})` };
  }
  if (object.apiVersion !== apiVersion) {
    const returned = object.apiVersion === undefined ? 'no apiVersion' : showable(object.apiVersion);
    return {
      ok: false,
      reason: `the plugin returned ${returned}, but the kubeconfig declares ${apiVersion} (kubectl: exec plugin is configured to use API version ${apiVersion}, plugin returned version ${returned})`,
    };
  }
  try {
    return { ok: true, credential: status(object) };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, reason: error.message };
    throw error;
  }
}
