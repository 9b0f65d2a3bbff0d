/**
 * The client certificate kubectl sends for a user, and the CA it trusts for a cluster,
 * decoded once per check. Many contexts share a user or a cluster, and many
 * clusters share one CA (kubeadm, kind, a platform team's generated files): entries
 * are memoized by name, decoded texts by content, in the check's memo.
 */
import type { MemoPart } from '../check-memo';
import type { ContextSubject, Snapshot } from '../facts';
import type { Evidence } from '../findings';
import type { Cluster, Named, User } from '../kubeconfig/model';
import { isoTime } from '../time';
import { credentialSetup } from './kind';
import {
  certificateAuthorityMaterial,
  clientCertificateMaterial,
  clientKeyMaterial,
  describeSource,
  type Material,
  type MaterialSource,
} from './material';
import { readPrivateKey, type PrivateKey } from './private-key';
import {
  chainsTo,
  clientChain,
  keyMatches,
  readCertificates,
  trustedCas,
  type CertificateBundle,
  type CertificateInfo,
  type Decoded,
  type ParsedCertificate,
} from './x509';

/** A certificate or key text that kubectl reads, decoded (or why it does not decode). */
export interface DecodedMaterial<T> {
  source: MaterialSource;
  decoded: Decoded<T>;
}

export interface ClientCertificate {
  /** The chain, leaf first; absent when the file cannot be read (file-reference-missing). */
  certificate?: DecodedMaterial<ParsedCertificate[]>;
  key?: DecodedMaterial<PrivateKey>;
  /** Whether the key belongs to the leaf, once both decode. */
  keyMatch?: Decoded<boolean>;
}

/** The context's client certificate leaf, with its user and decoded material. */
export interface ClientLeaf {
  user: Named<User>;
  client: ClientCertificate;
  leaf: ParsedCertificate;
  source: MaterialSource;
}

/** A check's results: per entry name (null for "none"), and per distinct input. */
interface Memo {
  /**
   * Decoded `*-data` by its base64, per field: the result depends on nothing else, so entries
   * with the same data share one decoding, and a hit costs no base64 decoding (many users share
   * a key, many clusters a CA: 3 ms at 1000 clusters with 5 CAs).
   */
  certificatesByData: Map<string, DecodedMaterial<ParsedCertificate[]> | undefined>;
  keysByData: Map<string, DecodedMaterial<PrivateKey> | undefined>;
  casByData: Map<string, DecodedMaterial<ParsedCertificate[]> | undefined>;
  /** Files parsed once per distinct text (a CA file may also be a client's chain). */
  bundles: Map<string, CertificateBundle>;
  keys: Map<string, Decoded<PrivateKey>>;
  users: Map<string, ClientCertificate | null>;
  leaves: Map<string, ClientLeaf | null>;
  clusters: Map<string, DecodedMaterial<ParsedCertificate[]> | null>;
  trust: Map<string, boolean>;
}

const DECODED_CERTIFICATES: MemoPart<Memo, Snapshot> = {
  create: () => ({
    certificatesByData: new Map(),
    keysByData: new Map(),
    casByData: new Map(),
    bundles: new Map(),
    keys: new Map(),
    users: new Map(),
    leaves: new Map(),
    clusters: new Map(),
    trust: new Map(),
  }),
};

function memoOf(subject: ContextSubject): Memo {
  return subject.memo.part(DECODED_CERTIFICATES);
}

type Readable = Extract<Material, { state: 'ok' }>;

function decode<T>(material: Material, parse: (material: Readable) => Decoded<T>): DecodedMaterial<T> | undefined {
  switch (material.state) {
    case 'ok':
      return { source: material.source, decoded: parse(material) };
    case 'invalid':
      return { source: material.source, decoded: { ok: false, error: material.error } };
    default:
      return undefined;
  }
}

/** A file's text parsed once; `*-data` is parsed once by its base64 (byData), so it goes straight through. */
function once<V>(byText: Map<string, V>, material: Readable, parse: (text: string) => V): V {
  return material.data === undefined
    ? memoized(byText, material.text, () => parse(material.text))
    : parse(material.text);
}

function bundle(memo: Memo, material: Readable): CertificateBundle {
  return once(memo.bundles, material, readCertificates);
}

/** What `make` decodes from the entry, once per distinct `*-data` when the entry has that (it wins over the file). */
function byData<V>(byBase64: Map<string, V>, data: string | undefined, make: () => V): V {
  return data ? memoized(byBase64, data, make) : make();
}

function resolveClientCertificate(memo: Memo, snapshot: Snapshot, user: User): ClientCertificate {
  const certificate = byData(memo.certificatesByData, user.clientCertificateData, () =>
    decode(clientCertificateMaterial(snapshot, user), (m) => clientChain(bundle(memo, m))),
  );
  const key = byData(memo.keysByData, user.clientKeyData, () =>
    decode(clientKeyMaterial(snapshot, user), (m) => once(memo.keys, m, readPrivateKey)),
  );
  const result: ClientCertificate = {};
  if (certificate) result.certificate = certificate;
  if (key) result.key = key;
  const leaf = certificate?.decoded.ok ? certificate.decoded.value[0] : undefined;
  if (leaf && key?.decoded.ok) result.keyMatch = keyMatches(leaf, key.decoded.value);
  return result;
}

/** `map`'s value for `key`, made by `make` on the first ask. */
function memoized<V>(map: Map<string, V>, key: string, make: () => V): V {
  if (map.has(key)) return map.get(key) as V;
  const value = make();
  map.set(key, value);
  return value;
}

function findClientCertificate(subject: ContextSubject, user: Named<User>): ClientCertificate | null {
  return credentialSetup(user.value).sent.includes('client-certificate')
    ? resolveClientCertificate(memoOf(subject), subject.snapshot, user.value)
    : null;
}

/** The client certificate of the context's user, when kubectl sends one (certificate and key both configured). */
export function clientCertificate(subject: ContextSubject): ClientCertificate | undefined {
  const { user } = subject;
  if (!user) return undefined;
  return memoized(memoOf(subject).users, user.name, () => findClientCertificate(subject, user)) ?? undefined;
}

function findClusterCa(subject: ContextSubject, cluster: Named<Cluster>): DecodedMaterial<ParsedCertificate[]> | null {
  const memo = memoOf(subject);
  const cas = byData(memo.casByData, cluster.value.certificateAuthorityData, () => {
    const material = certificateAuthorityMaterial(subject.snapshot, cluster.value);
    // client-go reads an empty CA file as no CA: kubectl verifies with the system roots.
    if (material.state === 'ok' && material.text === '') return undefined;
    return decode(material, (m) => trustedCas(bundle(memo, m)));
  });
  return cas ?? null;
}

/** The CA certificates the context's cluster entry gives kubectl to verify the API server with. */
export function clusterCa(subject: ContextSubject): DecodedMaterial<ParsedCertificate[]> | undefined {
  const { cluster } = subject;
  if (!cluster) return undefined;
  return memoized(memoOf(subject).clusters, cluster.name, () => findClusterCa(subject, cluster)) ?? undefined;
}

function findLeaf(subject: ContextSubject, user: Named<User>): ClientLeaf | null {
  const client = clientCertificate(subject);
  const certificate = client?.certificate;
  if (!client || !certificate?.decoded.ok) return null;
  const leaf = certificate.decoded.value[0];
  return leaf ? { user, client, leaf, source: certificate.source } : null;
}

/** The context's client certificate leaf, with its user and decoded material, when it parses. */
export function clientLeaf(subject: ContextSubject): ClientLeaf | undefined {
  const { user } = subject;
  if (!user) return undefined;
  return memoized(memoOf(subject).leaves, user.name, () => findLeaf(subject, user)) ?? undefined;
}

/**
 * Whether the cluster's CA signed the context's client certificate; undefined when that
 * cannot be judged (no certificate sent, or no CA that parses).
 */
export function clientCertTrusted(subject: ContextSubject): boolean | undefined {
  const { cluster } = subject;
  const found = clientLeaf(subject);
  const cas = clusterCa(subject);
  const chain = found?.client.certificate?.decoded;
  if (!found || !chain?.ok || !cas?.decoded.ok || !cluster) return undefined;
  const [certificates, trusted] = [chain.value, cas.decoded.value];
  return memoized(memoOf(subject).trust, `${found.user.name}\n${cluster.name}`, () => chainsTo(certificates, trusted));
}

/** Where the text came from: field, origin and path. */
export function sourceEvidence(source: MaterialSource): Evidence {
  const evidence: Evidence = { field: source.field, origin: source.origin };
  if (source.path) evidence.path = source.path;
  return evidence;
}

/** Subject, issuer, validity and fingerprint: public facts of a certificate, never its body. */
export function certificateEvidence(info: CertificateInfo): Evidence {
  const evidence: Evidence = {
    subject: info.subject,
    issuer: info.issuer,
    organizations: info.organizations,
    serialNumber: info.serialNumber,
    notBefore: isoTime(info.notBefore),
    notAfter: isoTime(info.notAfter),
    fingerprint256: info.fingerprint256,
  };
  if (info.commonName !== undefined) evidence.commonName = info.commonName;
  return evidence;
}

export function clientCertEvidence(user: string, source: MaterialSource, info: CertificateInfo): Evidence {
  return { user, ...sourceEvidence(source), ...certificateEvidence(info) };
}

/** "The client certificate of user alice (CN=alice, O=dev; client-certificate-data)" */
export function describeClientCert(user: string, source: MaterialSource, info?: CertificateInfo): string {
  const subject = info ? `${info.subject}; ` : '';
  return `The client certificate of user ${user} (${subject}${describeSource(source)})`;
}
