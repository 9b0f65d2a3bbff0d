/**
 * Identities the alert policy keys on: a finding (context, rule), the credential it
 * is about, and an alert (finding, credential, threshold). Keys are JSON arrays so
 * they can be read back; the credential part is a fingerprint or a digest of
 * identifying evidence, which is already redacted.
 */
import { createHash } from 'node:crypto';
import type { Finding, FindingRef, Report } from '../findings';
import { isRuleId } from '../rules/ids';

export interface ReportEntry {
  ref: FindingRef;
  finding: Finding;
  /** Identifies the credential the finding is about: a new certificate or token gives a new id. */
  credential: string;
}

/**
 * Evidence that names the credential and stays the same from one check to the next
 * (unlike probe latencies or error messages, which would make every check look new).
 */
const IDENTIFYING_EVIDENCE = ['user', 'path', 'serialNumber', 'iss', 'sub', 'jti', 'exp', 'iat', 'command'];

function credentialId(finding: Finding): string {
  const fingerprint = finding.evidence.fingerprint256;
  if (typeof fingerprint === 'string') return fingerprint;
  const identity = IDENTIFYING_EVIDENCE.map((key) => finding.evidence[key] ?? null);
  return createHash('sha256')
    .update(JSON.stringify([finding.expiresAt ?? null, ...identity]))
    .digest('hex')
    .slice(0, 16);
}

export function findingKey(ref: FindingRef): string {
  return JSON.stringify([ref.context ?? null, ref.rule]);
}

export function alertKey(entry: ReportEntry, threshold: string): string {
  return JSON.stringify([entry.ref.context ?? null, entry.ref.rule, entry.credential, threshold]);
}

export interface ParsedAlertKey {
  context?: string;
  finding: string;
  credential: string;
}

/** The parts of an alert key, or undefined for one this version did not write. */
export function parseAlertKey(key: string): ParsedAlertKey | undefined {
  let parts: unknown;
  try {
    parts = JSON.parse(key);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parts) || parts.length !== 4) return undefined;
  const [context, rule, credential] = parts as unknown[];
  if ((context !== null && typeof context !== 'string') || typeof rule !== 'string' || !isRuleId(rule))
    return undefined;
  if (typeof credential !== 'string') return undefined;
  const ref: FindingRef = context === null ? { rule } : { context, rule };
  return { context: ref.context, finding: findingKey(ref), credential };
}

/** The context part of a finding key (undefined for report-wide findings or a foreign key). */
export function findingKeyContext(key: string): string | undefined {
  try {
    const parts: unknown = JSON.parse(key);
    return Array.isArray(parts) && typeof parts[0] === 'string' ? parts[0] : undefined;
  } catch {
    return undefined;
  }
}

/** Every finding of a report with where it belongs: report-wide ones have no context. */
export function reportEntries(report: Report): ReportEntry[] {
  const entry = (finding: Finding, context?: string): ReportEntry => ({
    ref: context === undefined ? { rule: finding.rule } : { context, rule: finding.rule },
    finding,
    credential: credentialId(finding),
  });
  return [
    ...report.findings.map((f) => entry(f)),
    ...report.contexts.flatMap((c) => c.findings.map((f) => entry(f, c.name))),
  ];
}
