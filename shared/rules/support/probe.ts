/** What the live-probe rules share: the probe of a context and its evidence (their shared steps are in guides/probe.ts). */
import type { ContextSubject, ProbeResult } from '../../facts';
import type { Evidence } from '../../findings';
import { withoutUserinfo } from '../../url-safety';

export type ProbeOf<S extends ProbeResult['state']> = Extract<ProbeResult, { state: S }>;

/** The probe of this context when it reached the given state (absent offline, or when probes are off). */
export function probeIn<S extends ProbeResult['state']>(subject: ContextSubject, state: S): ProbeOf<S> | undefined {
  const probe = subject.snapshot.probes?.get(subject.name);
  return probe?.state === state ? (probe as ProbeOf<S>) : undefined;
}

/** The server URL as the kubeconfig writes it, less any user and password, for text. */
export function serverOf(subject: ContextSubject): string {
  return withoutUserinfo(subject.cluster?.value.server) ?? 'the API server';
}

/** Which context, cluster, user and server: the start of every probe finding's evidence. */
export function targetEvidence(subject: ContextSubject): Evidence {
  const evidence: Evidence = { context: subject.name, server: serverOf(subject) };
  if (subject.context.value.cluster) evidence.cluster = subject.context.value.cluster;
  if (subject.context.value.user) evidence.user = subject.context.value.user;
  return evidence;
}

/** The request, status and server message of an answer. */
export function answerEvidence(subject: ContextSubject, probe: ProbeOf<'answered'>): Evidence {
  const evidence: Evidence = { ...targetEvidence(subject), request: probe.request, status: probe.status };
  if (probe.message) evidence.message = probe.message;
  return evidence;
}

/** `2026-06-01T12:00:05Z`: seconds matter where clocks and handshakes are concerned. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Whose roots the server was checked against, in words. */
export function trustSource(subject: ContextSubject): string {
  const cluster = subject.cluster;
  if (cluster?.value.certificateAuthorityData) return `the certificate-authority-data of cluster ${cluster.name}`;
  if (cluster?.value.certificateAuthority) return `the CA file ${cluster.value.certificateAuthority}`;
  return "the system's trusted roots (the kubeconfig gives no CA for this cluster)";
}

export function tlsEvidence(subject: ContextSubject, probe: ProbeOf<'tls-error'>): Evidence {
  const evidence: Evidence = { ...targetEvidence(subject), code: probe.code, message: probe.message };
  evidence.trust = trustSource(subject);
  const cert = probe.serverCertificate;
  if (!cert) return evidence;
  evidence.serverSubject = cert.subject;
  evidence.serverIssuer = cert.issuer;
  evidence.serverNotBefore = isoSeconds(cert.notBefore);
  evidence.serverNotAfter = isoSeconds(cert.notAfter);
  if (cert.subjectAltName) evidence.serverSubjectAltName = cert.subjectAltName;
  if (cert.fingerprint256) evidence.serverFingerprintSha256 = cert.fingerprint256;
  return evidence;
}
