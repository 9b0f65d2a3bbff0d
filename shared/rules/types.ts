/**
 * The shape of a rule: metadata beside logic, one rule per file (like ESLint rules).
 * Rules are pure: they read a Snapshot (facts core gathered) and the time they are
 * given, and return findings. They never throw on bad input; bad input is a finding.
 */
import type { Platform, Snapshot, SourceFile } from '../facts';
import type { Evidence, FixGuide, Severity } from '../findings';
import type { Cluster, Context, Named, User } from '../kubeconfig/model';

/**
 * What a rule needs to reach a verdict: files only, an exec plugin run, or a live probe. A rule
 * that needs runs or probes finds nothing when the snapshot has none (offline): the engine skips it then.
 */
export type RuleNeeds = 'offline' | 'exec' | 'probe';

export interface RuleMeta {
  /** Stable id from RULES.md; never renamed. */
  id: string;
  title: string;
  severity: Severity;
  needs: RuleNeeds;
  /** One sentence: when it fires. */
  description: string;
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

/** One context with its cluster and user looked up (either may be missing: dangling). */
export interface ContextSubject {
  name: string;
  context: Named<Context>;
  cluster?: Named<Cluster>;
  user?: Named<User>;
  current: boolean;
  snapshot: Snapshot;
}

/** A rule's verdict before the engine stamps the rule id; severity/title default to the rule's. */
export interface FindingDraft {
  severity?: Severity;
  title?: string;
  detail: string;
  expiresAt?: string;
  evidence: Evidence;
  fix: FixGuide;
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
