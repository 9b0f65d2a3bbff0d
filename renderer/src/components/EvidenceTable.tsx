import type { Evidence, EvidenceValue } from '../../../shared/findings';
import { formatDuration } from '../../../shared/time';
import { parseInstant } from '../time';
import { When } from './When';

/** What each evidence key means, in words; the key itself stays beside it for people who search for it. */
const LABEL: Record<string, string> = {
  alg: 'Signing algorithm',
  exp: 'Expires',
  iat: 'Issued',
  nbf: 'Not valid before',
  iss: 'Token issuer',
  sub: 'Token subject',
  aud: 'Audience',
  azp: 'Authorized party',
  email: 'Email',
  warnafter: 'Warn after',
  serviceaccount: 'Service account',
  pod: 'Pod',
  secret: 'Secret',
  fingerprint256: 'SHA-256 fingerprint',
  origin: 'Stored',
  field: 'Kubeconfig field',
  source: 'Comes from',
  tokenFile: 'Token file',
  path: 'File',
  user: 'User',
  context: 'Context',
  contexts: 'Contexts',
  currentContext: 'Current context',
  cluster: 'Cluster',
  server: 'API server',
  namespace: 'Namespace',
  subject: 'Subject',
  issuer: 'Issuer',
  commonName: 'Common name',
  organizations: 'Groups (organizations)',
  serialNumber: 'Serial number',
  notBefore: 'Valid from',
  notAfter: 'Valid until',
  command: 'Command',
  args: 'Arguments',
  envNames: 'Environment variables',
  resolvedPath: 'Found at',
  foundVia: 'Found through',
  installHint: 'How to install',
  durationMs: 'Time taken',
  graceMs: 'Grace period',
  exitCode: 'Exit code',
  signal: 'Stopped by signal',
  stderrTail: 'Plugin output (last lines)',
  timedOut: 'Timed out',
  message: 'Message',
  code: 'Error code',
  reason: 'Reason',
  stage: 'Failed while',
  proxy: 'Proxy',
  trust: 'Trusted CA',
  request: 'Request',
  status: 'HTTP status',
  serverSubject: 'Server certificate subject',
  serverIssuer: 'Server certificate issuer',
  serverNotBefore: 'Server certificate valid from',
  serverNotAfter: 'Server certificate valid until',
  serverSubjectAltName: 'Server certificate names',
  serverFingerprintSha256: 'Server certificate fingerprint',
  caFingerprints: 'CA fingerprints',
  idpIssuerUrl: 'Identity provider',
  clientId: 'Client ID',
  hasRefreshToken: 'Has a refresh token',
  offsetSeconds: 'Clock offset',
  aheadSeconds: 'Ahead by',
  serverDate: 'Server time',
  localDate: 'This computer’s time',
  keyType: 'Key type',
  certificateKeyType: 'Certificate key type',
  certificatePublicKeySha256: 'Certificate public key (SHA-256)',
  state: 'State',
  explicit: 'Named in KUBECONFIG',
};

/** Values that are codes for something a person reads differently. */
const VALUE_WORDS: Record<string, Record<string, string>> = {
  origin: { data: 'Inline in the kubeconfig', file: 'In a file' },
  foundVia: { 'login-shell': 'The login shell’s PATH' },
};

/** Keys whose number is a duration in that unit. */
const DURATION_UNIT_MS: Record<string, number> = { durationMs: 1, graceMs: 1, offsetSeconds: 1000, aheadSeconds: 1000 };

/** A key no entry above names: "notAfter" -> "Not after", "waitMs" -> "Wait (ms)". */
function fallbackLabel(key: string): string {
  const words = key
    .replace(/Ms$/, ' (ms)')
    .replace(/Seconds$/, ' (seconds)')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function Value({ name, value, now }: { name: string; value: EvidenceValue; now: number }) {
  if (value === null) return <span class="muted">none</span>;
  if (typeof value === 'boolean') return <>{value ? 'yes' : 'no'}</>;
  if (typeof value === 'number') {
    const unit = DURATION_UNIT_MS[name];
    return <>{unit === undefined ? value : formatDuration(value * unit)}</>;
  }
  if (Array.isArray(value)) {
    return value.length === 0 ? <span class="muted">none</span> : <>{value.join(', ')}</>;
  }
  const word = VALUE_WORDS[name]?.[value];
  if (word) return <>{word}</>;
  if (parseInstant(value) !== undefined) return <When iso={value} now={now} />;
  // Plugin stderr and server answers span lines: keep their shape.
  return value.includes('\n') ? <pre class="evidence-text">{value}</pre> : <>{value}</>;
}

export function EvidenceTable({ evidence, now }: { evidence: Evidence; now: number }) {
  // A claim comes as epoch seconds and as ISO ("exp", "expIso"): show the date, under the claim's name.
  const entries = Object.entries(evidence)
    .filter(([key]) => !(`${key}Iso` in evidence))
    .map(([key, value]): [string, EvidenceValue] => [
      key.endsWith('Iso') && key.slice(0, -3) in evidence ? key.slice(0, -3) : key,
      value,
    ]);
  if (entries.length === 0) return null;
  return (
    <table class="evidence">
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">
              {LABEL[key] ?? fallbackLabel(key)} <code class="raw-key">{key}</code>
            </th>
            <td>
              <Value name={key} value={value} now={now} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
