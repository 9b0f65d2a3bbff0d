/**
 * x509-certificate-exporter's certificate metrics (v4, kubeconfig source: pkg/source/kubeconfig and
 * pkg/registry in github.com/enix/x509-certificate-exporter), for the certificates kubectl actually
 * uses: each checked context's cluster CA and the client certificate its user sends, after kubectl's
 * merge rules (the entry that wins, the `*-data` field over the file, an exec plugin's certificate).
 * The exporter reads every entry of every file instead, merged or not.
 *
 * Labels as the exporter's schema sets them for a kubeconfig source: `filename` and `filepath` of the
 * kubeconfig that defines the entry (kubectl's LocationOfOrigin), `embedded_kind` (cluster | user),
 * `embedded_key` (the entry's name), `serial_number` in decimal (Go's big.Int String), the first
 * C/ST/L/O/OU and the last CN of issuer and subject; plus `exporter="kubeward"`. The exporter's
 * labels of other sources (secret_*, configmap_*, cabundle_*) are empty for a kubeconfig, and an
 * empty label is no label to Prometheus: they are left out. Its `discriminator` only tells apart
 * byte-identical certificates of one bundle, which say the same thing: a repeat is dropped here.
 */
import { clientCertificate, clusterCa } from '../credentials/client-cert';
import { clientChain, NAME_PARTS, nameParts, readCertificates, type ParsedCertificate } from '../credentials/x509';
import type { ContextSubject } from '../facts';
import { labelValue, type Labels, type MetricFamily } from './family';

const LOCATION_LABELS = ['filename', 'filepath', 'embedded_kind', 'embedded_key', 'serial_number'] as const;

const X509_LABEL_NAMES: readonly string[] = [
  ...LOCATION_LABELS,
  ...NAME_PARTS.map((part) => `issuer_${part}`),
  ...NAME_PARTS.map((part) => `subject_${part}`),
  'exporter',
];

interface UsedCertificates {
  kind: 'cluster' | 'user';
  name: string;
  /** The kubeconfig file that defines the entry. */
  source: string;
  certificates: readonly ParsedCertificate[];
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

function decimalSerial(hex: string): string {
  return BigInt(`0x${hex}`).toString(10);
}

function certificateLabels(used: UsedCertificates, certificate: ParsedCertificate): Labels {
  const labels: Labels = {
    filename: labelValue(baseName(used.source)),
    filepath: labelValue(used.source),
    embedded_kind: used.kind,
    embedded_key: labelValue(used.name),
    serial_number: decimalSerial(certificate.info.serialNumber),
  };
  const issuer = nameParts(certificate.rawIssuer);
  const subject = nameParts(certificate.rawSubject);
  // In the exporter's order: issuer parts, then subject parts.
  for (const part of NAME_PARTS) if (issuer[part]) labels[`issuer_${part}`] = labelValue(issuer[part]);
  for (const part of NAME_PARTS) if (subject[part]) labels[`subject_${part}`] = labelValue(subject[part]);
  labels.exporter = 'kubeward';
  return labels;
}

/** The client certificate chain the context's user sends: an exec plugin's, else the kubeconfig's. */
function sentChain(subject: ContextSubject): readonly ParsedCertificate[] {
  const user = subject.user;
  if (!user) return [];
  const run = subject.snapshot.execRuns?.get(user.name);
  const fromPlugin = run?.state === 'ok' ? run.credential.clientCertificateData : undefined;
  if (fromPlugin !== undefined) {
    const chain = clientChain(readCertificates(fromPlugin));
    return chain.ok ? chain.value : [];
  }
  const decoded = clientCertificate(subject)?.certificate?.decoded;
  return decoded?.ok ? decoded.value : [];
}

function usedCertificates(subjects: readonly ContextSubject[]): UsedCertificates[] {
  const used = new Map<string, UsedCertificates>();
  for (const subject of subjects) {
    const { cluster, user } = subject;
    if (cluster && !used.has(`cluster/${cluster.name}`)) {
      const cas = clusterCa(subject)?.decoded;
      const certificates = cas?.ok ? cas.value : [];
      used.set(`cluster/${cluster.name}`, {
        kind: 'cluster',
        name: cluster.name,
        source: cluster.source,
        certificates,
      });
    }
    if (user && !used.has(`user/${user.name}`)) {
      used.set(`user/${user.name}`, {
        kind: 'user',
        name: user.name,
        source: user.source,
        certificates: sentChain(subject),
      });
    }
  }
  return [...used.values()];
}

/** x509_cert_not_after, x509_cert_not_before and x509_cert_expired for the certificates the checked contexts use, at `now` (epoch ms). */
export function x509Families(subjects: readonly ContextSubject[], now: number): MetricFamily[] {
  const family = (name: string, help: string): MetricFamily => ({
    name,
    help,
    type: 'gauge',
    labelNames: X509_LABEL_NAMES,
    samples: [],
  });
  const notAfter = family('x509_cert_not_after', "Unix timestamp of the certificate's NotAfter.");
  const notBefore = family('x509_cert_not_before', "Unix timestamp of the certificate's NotBefore.");
  const expired = family('x509_cert_expired', '1 if the certificate is expired, 0 otherwise.');
  for (const used of usedCertificates(subjects)) {
    const seen = new Set<string>();
    for (const certificate of used.certificates) {
      const labels = certificateLabels(used, certificate);
      const key = JSON.stringify(labels);
      if (seen.has(key)) continue;
      seen.add(key);
      const { info } = certificate;
      // Go's Unix(): whole seconds, rounded down.
      notAfter.samples.push({ labels, value: Math.floor(info.notAfter / 1000) });
      notBefore.samples.push({ labels, value: Math.floor(info.notBefore / 1000) });
      expired.samples.push({ labels, value: now > info.notAfter ? 1 : 0 });
    }
  }
  return [notAfter, notBefore, expired];
}
