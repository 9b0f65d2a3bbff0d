/**
 * The shape of a rule: metadata beside logic, one rule per file (like ESLint rules).
 * Rules are pure: they read a Snapshot (facts core gathered) and the time they are
 * given, and return findings. They never throw on bad input; bad input is a finding.
 */
import type { ContextSubject, Platform, Snapshot, SourceFile } from '../facts';
import type { Evidence, FixPath, FixStep, Severity } from '../findings';
import type { RuleId } from './ids';

/**
 * What a rule needs to reach a verdict: files only, an exec plugin run, or a live probe. A rule
 * that needs runs or probes finds nothing when the snapshot has none (offline): the engine skips it then.
 */
export type RuleNeeds = 'offline' | 'exec' | 'probe';

/** What a rule is; its texts are also its page, docs/rules/<id>.md (generated from them). */
export interface RuleMeta {
  /** Never renamed: ids are a public contract (ids.ts). */
  id: RuleId;
  title: string;
  /** The usual severity; a finding may set another (e.g. a warning while a refresh-token can renew it). */
  severity: Severity;
  needs: RuleNeeds;
  /** One sentence: when it fires. */
  description: string;
  /** Why this kind of problem makes kubectl fail: background a finding's own detail does not repeat (the window shows it). */
  explanation: string;
  /** What to do about it in general, and what kubeward can do itself; the finding's fix steps fill in the specifics. */
  remedy: string;
}

/**
 * Expiry warning windows, in milliseconds: how long before a credential expires its `*-expiring` rule
 * fires (defaults in shared/defaults.ts). Not the notification lead times: those decide when the
 * desktop app notifies about a finding, whichever rule made it.
 */
export interface ExpiryWarningWindows {
  certificate: number;
  /** Tokens living under a day. */
  shortLivedToken: number;
  token: number;
}

export interface RuleEnv {
  /** Evaluation time, epoch milliseconds (`--at`, or the clock read by core). */
  now: number;
  expiryWarningWindows: ExpiryWarningWindows;
  platform: Platform;
}

/** A rule's verdict before the engine stamps the rule id; severity/title default to the rule's. */
export interface FindingDraft {
  severity?: Severity;
  title?: string;
  detail: string;
  expiresAt?: string;
  evidence: Evidence;
  /** The fix's steps (none where it has paths). The engine files them under the rule id, the guide `kubeward fix` takes. */
  fix: FixStep[];
  /** The alternatives to choose from first (FixGuide.paths). */
  paths?: FixPath[];
}

/** Runs once per context. */
export interface ContextRule {
  meta: RuleMeta;
  scope: 'context';
  check(subject: ContextSubject, env: RuleEnv): FindingDraft[];
}

/** Runs once per source file in the KUBECONFIG list (unreadable, invalid, permissions). */
export interface SourceRule {
  meta: RuleMeta;
  scope: 'source';
  check(source: SourceFile, snapshot: Snapshot, env: RuleEnv): FindingDraft[];
}

/** Runs once per check, on the whole merged config (e.g. context-missing: one verdict for the config). */
export interface ConfigRule {
  meta: RuleMeta;
  scope: 'config';
  check(snapshot: Snapshot, env: RuleEnv): FindingDraft[];
}

export type Rule = ContextRule | SourceRule | ConfigRule;
