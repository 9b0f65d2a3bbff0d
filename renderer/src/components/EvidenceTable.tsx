import type { Evidence, EvidenceValue } from '../../../shared/findings';
import { parseInstant } from '../time';
import { When } from './When';

/** JWT claims by their meaning; the claim name stays for people who know it. */
const KNOWN: Record<string, string> = {
  alg: 'Algorithm',
  exp: 'Expires (exp)',
  iat: 'Issued (iat)',
  nbf: 'Not before (nbf)',
  iss: 'Issuer (iss)',
  sub: 'Subject (sub)',
  aud: 'Audience (aud)',
  fingerprint256: 'SHA-256 fingerprint',
};

/** "notAfter" -> "Not after", "stderrTail" -> "Stderr tail". */
function label(key: string): string {
  const known = KNOWN[key];
  if (known) return known;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function Value({ value, now }: { value: EvidenceValue; now: number }) {
  if (value === null) return <span class="muted">none</span>;
  if (typeof value === 'boolean') return <>{value ? 'yes' : 'no'}</>;
  if (typeof value === 'number') return <>{value}</>;
  if (Array.isArray(value)) {
    return value.length === 0 ? <span class="muted">none</span> : <>{value.join(', ')}</>;
  }
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
            <th scope="row">{label(key)}</th>
            <td>
              <Value value={value} now={now} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
