/**
 * The credential an exec plugin gave, for the certificate and token rules: kubectl
 * sends it exactly like a static one, so it goes through the same checks. Only a
 * plugin kubectl actually runs counts (a static credential shadows it), and only a
 * run that succeeded. The secrets stay in `shared`; rules turn them into evidence.
 */
import type { Snapshot } from '../facts';
import { credentialSetup } from '../credentials/kind';
import { decodeJwt, type DecodedToken } from '../credentials/jwt';
import type { Named, User } from '../kubeconfig/model';

export interface ExecIssuedCredential {
  user: string;
  command: string;
  /** Served from the cache rather than a fresh run. */
  cached: boolean;
  /** ExecCredential status.expirationTimestamp, epoch ms. */
  expiresAt?: number;
  /** The runner's clock when the credential was handed out, epoch ms. */
  checkedAt?: number;
  token?: string;
  /** The token decoded (jwt / invalid / opaque: EKS `k8s-aws-v1.` tokens are opaque). */
  decodedToken?: DecodedToken;
  /** PEM (ExecCredential carries PEM, not the base64 of kubeconfig's `*-data` fields). */
  clientCertificatePem?: string;
  clientKeyPem?: string;
}

/** The credential the user's exec plugin returned, when kubectl would use it; undefined otherwise (offline, failed, shadowed). */
export function execIssuedCredential(snapshot: Snapshot, user: Named<User>): ExecIssuedCredential | undefined {
  const exec = user.value.exec;
  if (!exec || credentialSetup(user.value).shadowed.includes('exec')) return undefined;
  const run = snapshot.execRuns?.get(user.name);
  if (run?.state !== 'ok') return undefined;
  const { credential } = run;
  const issued: ExecIssuedCredential = { user: user.name, command: exec.command, cached: run.cached };
  if (credential.expirationTimestamp !== undefined) issued.expiresAt = credential.expirationTimestamp;
  if (run.checkedAt !== undefined) issued.checkedAt = run.checkedAt;
  if (credential.token) {
    issued.token = credential.token;
    issued.decodedToken = decodeJwt(credential.token);
  }
  if (credential.clientCertificateData && credential.clientKeyData) {
    issued.clientCertificatePem = credential.clientCertificateData;
    issued.clientKeyPem = credential.clientKeyData;
  }
  return issued;
}
