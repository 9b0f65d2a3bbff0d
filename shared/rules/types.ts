/**
 * The shape of a rule: metadata beside logic, one rule per file (like ESLint rules).
 * Rules are pure: they read a Snapshot (facts core gathered) and the time they are
 * given, and return findings. They never throw on bad input; bad input is a finding.
 */
import type { CheckMemo } from '../check-memo';
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

/** Lead times in milliseconds (RULES.md defaults: 14 d certs, 10 min short-lived tokens, 24 h other tokens). */
export interface LeadTimes {
  certificate: number;
  shortLivedToken: number;
  token: number;
}

export const DEFAULT_LEAD_TIMES: LeadTimes = {
  certificate: 14 * 24 * 3600_000,
  shortLivedToken: 10 * 60_000,
  token: 24 * 3600_000,
};

export interface RuleEnv {
  /** Evaluation time, epoch milliseconds (`--at`, or the clock read by core). */
  now: number;
  leadTimes: LeadTimes;
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
  /** The check's memo, shared by every subject of the check: decoded credentials, looked up once. */
  memo: CheckMemo;
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
