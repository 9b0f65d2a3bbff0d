/**
 * Findings: what the rules say about a kubeconfig. These are the only shapes that
 * leave `core` (CLI output, IPC, notifications), so nothing here may hold a secret:
 * evidence is claims, subjects, fingerprints and dates, never a token or key body.
 */

import type { RuleId } from './rules/ids';

export type Severity = 'error' | 'warning' | 'info';
/**
 * A context's status (docs/cli.md): the worst severity among its findings, or, when none is a
 * warning or an error, one of two neutral states that are not "OK": `not-running`, a local
 * cluster that is stopped (cluster-not-running), and `not-checked`, a credential nothing tested.
 */
export type Status = Severity | 'ok' | 'not-checked' | 'not-running';

/**
 * Worse is higher. The neutral states rank above info, since they say less than "it works", and
 * not-checked above not-running, since a credential nothing tested may hide a real problem.
 */
export const SEVERITY_RANK: Record<Status, number> = {
  ok: 0,
  info: 1,
  'not-running': 2,
  'not-checked': 3,
  warning: 4,
  error: 5,
};

export type EvidenceValue = string | number | boolean | null | string[];
export type Evidence = Record<string, EvidenceValue>;

/** Programs a fix step may start; anything else is the user's to type. */
export const RUNNABLE_PROGRAMS = ['aws', 'gcloud', 'az', 'kubectl', 'kubelogin'] as const;
export type RunnableProgram = (typeof RUNNABLE_PROGRAMS)[number];

/**
 * A change kubeward can make itself, with the user's consent. The main process takes
 * these from its own findings, never from the window. `kubeconfig` is the file that
 * defines the entry an action edits: the one it writes, and what its command names.
 */
export type SafeAction =
  | { kind: 'use-context'; context: string }
  | { kind: 'chmod'; path: string; mode: number }
  /** `kubectl config delete-context`, through the safe writer, in the file that defines it. */
  | { kind: 'delete-context'; context: string; kubeconfig: string }
  /**
   * A command run as a visible child process, its output shown as it comes: logins
   * (`aws sso login --profile P`, `gcloud auth login`, which open a browser) and
   * `aws eks update-kubeconfig --name N --region R`. An argv, never a shell string.
   */
  | { kind: 'run'; program: RunnableProgram; args: string[] }
  /**
   * `kubectl create token SA -n NS --duration=D` with another context that can
   * (`via`), the new token written into `user`'s `token` field through the safe writer.
   */
  | {
      kind: 'create-token';
      user: string;
      kubeconfig: string;
      via: string;
      namespace: string;
      serviceAccount: string;
      duration: string;
    }
  /**
   * `kubectl config set-credentials USER --exec-command=PATH`: the exec plugin `command` of `user` pinned to
   * the absolute `path` it resolves to, through the safe writer, so apps without the login shell's PATH find it.
   */
  | { kind: 'pin-exec-command'; user: string; kubeconfig: string; command: string; path: string }
  /**
   * A new client certificate for `context`'s user: a new key, a CertificateSigningRequest to the
   * cluster's kube-apiserver-client signer sent with the context's own credential (or `via`'s, when
   * it has expired), approved when that credential may, then stored through the safe writer and
   * checked by a probe. `keyType: 'rsa'` asks for an RSA key where the old one is of a type
   * node-forge cannot sign a request with.
   */
  | { kind: 'renew-client-cert'; context: string; via?: string; keyType?: 'rsa' }
  /** Approve the exec plugin of `context`'s user for unattended runs (the desktop app's Settings), then check it. */
  | { kind: 'approve-plugin'; context: string };

/** One value a step lets the user choose (a context, a cluster), with the command and action it makes. */
export interface StepOption {
  value: string;
  command?: string;
  action?: SafeAction;
}

export interface FixStep {
  title: string;
  /** A shell command filled in from the kubeconfig, for the user to copy or run. */
  command?: string;
  /** A change kubeward can make itself (`kubeward fix`, the wizard's "Fix it"). */
  action?: SafeAction;
  /**
   * Where a step needs a value the kubeconfig offers several of (which context, which cluster):
   * the choices, each with its own command and action. `command` and `action` are the first's.
   */
  choice?: { label: string; options: StepOption[] };
}

/** One way through a guide with alternatives ("Renew now", "kubeadm", "Ask an admin"): a few steps. */
export interface FixPath {
  /** What `kubeward fix --path` takes: lowercase words joined by '-'. */
  id: string;
  title: string;
  /** One sentence: when this path is the one to take. */
  summary: string;
  steps: FixStep[];
}

/** A rule's fix (FindingDraft's fix and paths): its steps, or none and the paths to choose from first. */
export interface FixPlan {
  fix: FixStep[];
  paths?: FixPath[];
}

interface FixGuide {
  /** The id of the rule that found it (the engine sets it): what `kubeward fix GUIDE` takes. */
  guide: RuleId;
  /** The steps of a guide without alternatives; empty when it has `paths`. */
  steps: FixStep[];
  /** The alternatives, the recommended first; the user picks one before any step shows. */
  paths?: FixPath[];
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  title: string;
  /** Plain-language explanation with the specifics of this kubeconfig. */
  detail: string;
  /** ISO 8601, for anything that expires. */
  expiresAt?: string;
  evidence: Evidence;
  fix: FixGuide;
}

/**
 * One finding of a report: its rule in a context, or config-wide without a context. Where a
 * notification click, the wizard and `kubeward fix` point; holds no secret.
 */
export interface FindingRef {
  context?: string;
  rule: RuleId;
}

/** Which credential kubectl would send for a user (`credential.kind` in docs/cli.md). */
export type CredentialKind = 'client-certificate' | 'token' | 'exec' | 'oidc' | 'auth-provider' | 'basic' | 'none';

export interface ContextReport {
  name: string;
  cluster?: string;
  user?: string;
  server?: string;
  namespace?: string;
  current: boolean;
  status: Status;
  credential: { kind: CredentialKind; expiresAt?: string };
  /** When kubectl stops working for this context and why (shared/works-until.ts); absent when unknown or never. */
  worksUntil?: { at: string; cause: string; rule: RuleId };
  identity?: { username: string; groups: string[] };
  findings: Finding[];
}

export interface Report {
  version: 1;
  checkedAt: string;
  kubeconfig: string[];
  currentContext?: string;
  summary: { contexts: number; error: number; warning: number; info: number };
  /** Findings not tied to one context (e.g. kubeconfig-invalid). */
  findings: Finding[];
  contexts: ContextReport[];
}

/** The worst severity among findings, or `ok`. */
export function worstStatus(findings: readonly { severity: Severity }[]): Severity | 'ok' {
  let worst: Severity | 'ok' = 'ok';
  for (const f of findings) if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) worst = f.severity;
  return worst;
}

/** The worst of several statuses, e.g. of every context; `ok` for none. */
export function worstOf(statuses: Iterable<Status>): Status {
  let worst: Status = 'ok';
  for (const status of statuses) if (SEVERITY_RANK[status] > SEVERITY_RANK[worst]) worst = status;
  return worst;
}

/** The steps of `path` (by id), or of the guide's first path, or the guide's own steps; undefined for an unknown path. */
export function guideSteps(guide: FixGuide, path?: string): FixStep[] | undefined {
  if (!guide.paths?.length) return path === undefined ? guide.steps : undefined;
  return (path === undefined ? guide.paths[0] : guide.paths.find((p) => p.id === path))?.steps;
}

/** A context's findings, or the config-wide ones without a context; undefined for a context the report lacks. */
export function findingsAt(report: Report, context: string | undefined): Finding[] | undefined {
  return context === undefined ? report.findings : report.contexts.find((c) => c.name === context)?.findings;
}

/** The finding a ref names: the first of its rule in that context, or config-wide without a context. */
export function findingAt(report: Report, ref: FindingRef): Finding | undefined {
  return findingsAt(report, ref.context)?.find((f) => f.rule === ref.rule);
}
