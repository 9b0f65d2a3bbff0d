/**
 * Runs the safe steps of fix guides for the window (fix:run / fix:undo) and
 * `kubeward fix`. The caller names a step of a finding in a Report the main process
 * made itself; the action comes from that report, never from the caller, and is
 * checked again against the kubeconfig files as they are now.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import {
  findingAt,
  guideSteps,
  type Finding,
  type FindingRef,
  type Report,
  type SafeAction,
} from '../../../shared/findings';
import type { Host } from '../../../shared/host';
import type { FixStepResult, FixStepRef } from '../../../shared/ipc';
import { applyAction, type ActionOutcome, type UndoRecord } from './actions';
import { undoEdit } from './kubeconfig-writer';
import { gatherSnapshot } from '../check/snapshot';
import { DEFAULT_BACKUPS_KEPT } from '../../../shared/defaults';
import { errorLine } from '../../../shared/error-line';

export interface FixEngineOptions {
  host: Host;
  /** A KUBECONFIG-style list; else the host's $KUBECONFIG, else the default file (as gatherSnapshot does). */
  kubeconfig?: string;
  /** The login shell's PATH (app) for finding aws/gcloud/kubectl; else the host's $PATH. */
  loginShellPath?: string;
  /** Per command step (a login may take minutes: default 10 minutes); kubectl create token: 30 s. */
  commandTimeoutMs?: number;
  /** Backups kept of each kubeconfig file (read at every step, so a Settings change applies at once); else the default. */
  backupsKept?: () => number;
  /** How long a certificate renewal waits for an admin to approve its request: default 10 minutes, polled every 2 s. */
  approvalWaitMs?: number;
  approvalPollMs?: number;
  /** Something the user waited for happened (the app notifies: a certificate an admin approved was issued). */
  onNotice?: (message: string) => void;
  /** Approves a kubeconfig user's exec plugin and checks it (the desktop app's Settings; the CLI has none). */
  approvePlugin?: (user: string) => Promise<{ ok: boolean; message: string }>;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 10 * 60_000;
const CREATE_TOKEN_TIMEOUT_MS = 30_000;
const APPROVAL_WAIT_MS = 10 * 60_000;
const APPROVAL_POLL_MS = 2000;

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

/** Where a step sits in its finding's guide: its path (guides with alternatives), index, and chosen option. */
export type StepPosition = Pick<FixStepRef, 'path' | 'step' | 'option'>;

/** The action at `at`, or why there is none to run. */
function stepAction(finding: Finding, at: StepPosition): SafeAction | string {
  const { guide } = finding.fix;
  const steps = guideSteps(finding.fix, at.path);
  if (!steps) return `guide ${guide} has no path ${at.path ?? ''}`.trim();
  const step = steps[at.step];
  if (!step) return `guide ${guide} has no step ${at.step + 1}${at.path ? ` on path ${at.path}` : ''}`;
  if (at.option !== undefined) {
    const option = step.choice?.options.find((o) => o.value === at.option);
    if (!option) return `step ${at.step + 1} offers no choice "${at.option}"`;
    return option.action ?? `step ${at.step + 1} is for you to do; kubeward cannot run it`;
  }
  return step.action ?? `step ${at.step + 1} is for you to do; kubeward cannot run it`;
}

function describeRef(ref: FindingRef): string {
  return ref.context === undefined ? ref.rule : `${ref.rule} for context ${ref.context}`;
}

export class FixEngine {
  private readonly undos = new Map<string, UndoRecord>();

  constructor(private readonly options: FixEngineOptions) {}

  /** Runs step ref.step of the finding ref (context?, rule) as found in `report`. Never throws for expected failures. */
  async run(report: Report, ref: FixStepRef, onOutput?: (chunk: string) => void): Promise<FixStepResult> {
    const finding = findingAt(report, ref);
    if (!finding) return { ok: false, message: `no finding ${describeRef(ref)} in the last check; check again` };
    return this.runFindingStep(report, finding, ref, onOutput);
  }

  /** As run, for a finding the caller picked from `report` itself (`kubeward fix` works through every match). */
  async runFindingStep(
    report: Report,
    finding: Finding,
    at: StepPosition,
    onOutput?: (chunk: string) => void,
  ): Promise<FixStepResult> {
    const inReport = report.findings.includes(finding) || report.contexts.some((c) => c.findings.includes(finding));
    if (!inReport) return { ok: false, message: 'that finding is not in the given report' };
    const action = stepAction(finding, at);
    if (typeof action === 'string') return { ok: false, message: action };
    try {
      const read = () =>
        gatherSnapshot({
          kubeconfig: this.options.kubeconfig ?? this.options.host.env.KUBECONFIG,
          host: this.options.host,
          // Commands resolve as in the check that found the finding (a plugin only the login shell has).
          loginShellPath: this.options.loginShellPath,
        });
      const snapshot = await read();
      if (!sameList(report.kubeconfig, snapshot.kubeconfigPaths)) {
        return { ok: false, message: 'the list of kubeconfig files changed since that check; check again' };
      }
      const outcome = await applyAction(action, {
        report,
        snapshot,
        host: this.options.host,
        loginShellPath: this.options.loginShellPath,
        kubeconfigPaths: snapshot.kubeconfigPaths,
        commandTimeoutMs: this.options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
        tokenTimeoutMs: Math.min(CREATE_TOKEN_TIMEOUT_MS, this.options.commandTimeoutMs ?? CREATE_TOKEN_TIMEOUT_MS),
        backupsKept: this.options.backupsKept?.() ?? DEFAULT_BACKUPS_KEPT,
        approvalWaitMs: this.options.approvalWaitMs ?? APPROVAL_WAIT_MS,
        approvalPollMs: this.options.approvalPollMs ?? APPROVAL_POLL_MS,
        reread: read,
        onOutput,
        ...(this.options.onNotice ? { onNotice: this.options.onNotice } : {}),
        ...(this.options.approvePlugin ? { approvePlugin: this.options.approvePlugin } : {}),
      });
      return this.remember(outcome);
    } catch (error) {
      return { ok: false, message: errorLine(error) };
    }
  }

  /** Restores what the change recorded under undoId replaced (only ids this engine issued), unless the file changed since. */
  async undo(undoId: string): Promise<FixStepResult> {
    const record = this.undos.get(undoId);
    if (!record)
      return { ok: false, message: 'nothing to undo under that id (already undone, or from another session)' };
    try {
      if (record.kind === 'backup') {
        await undoEdit(record.file, record.backup, { expected: record.written });
        this.undos.delete(undoId);
        return { ok: true, message: `restored ${record.file} from ${record.backup}` };
      }
      const now = (await fs.stat(record.file)).mode & 0o7777;
      if (now !== record.applied) {
        return { ok: false, message: `${record.file} changed mode since kubeward set it; not undoing` };
      }
      await fs.chmod(record.file, record.previous);
      this.undos.delete(undoId);
      return { ok: true, message: `${record.file} has mode 0${record.previous.toString(8)} again` };
    } catch (error) {
      return { ok: false, message: errorLine(error) };
    }
  }

  /** The file an undoId's change wrote and its backup (`kubeward fix` prints them); none for a mode change. */
  backupOf(undoId: string): { file: string; backup: string } | undefined {
    const record = this.undos.get(undoId);
    return record?.kind === 'backup' ? { file: record.file, backup: record.backup } : undefined;
  }

  private remember(outcome: ActionOutcome): FixStepResult {
    const { undo, ...result } = outcome;
    if (!undo) return result;
    const undoId = randomBytes(18).toString('base64url');
    this.undos.set(undoId, undo);
    return { ...result, undoId };
  }
}
