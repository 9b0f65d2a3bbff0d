/**
 * The fix wizard's state machine: for a guide with alternatives, the path the user
 * picks first; then its fix steps, each run, done by hand or skipped, then a last step
 * that verifies. Pure: the window feeds it events (the
 * user's clicks and the main process's answers) and renders the state it returns.
 * An event that makes no sense in the current state returns the same state object,
 * so a late answer or a double click can never corrupt the wizard.
 */
import { guideSteps, type Finding, type FindingRef, type FixPath, type FixStep } from '../../../shared/findings';
import type { FixOutput, FixStepResult, FixVerification, SnoozeFor } from '../../../shared/ipc';

export type StepStatus = 'pending' | 'confirming' | 'running' | 'done' | 'failed' | 'skipped';

/** Undo of a step that wrote a kubeconfig file: offered while `id` is set. */
interface UndoState {
  id: string;
  status: 'available' | 'undoing' | 'failed';
  message?: string;
}

export interface WizardStep extends FixStep {
  status: StepStatus;
  /** The one-line result of the last run or undo. */
  message?: string;
  /** Output of the run as it streams in (or the result's tail when nothing streamed), newest last. */
  output: string;
  undo?: UndoState;
  /** The value chosen in a step with a choice (its command and action are that option's). */
  option?: string;
}

export type VerifyState =
  | { status: 'idle' }
  | { status: 'verifying' }
  | { status: 'fixed'; message: string; checkedAt: string }
  | { status: 'still-wrong'; message: string; checkedAt: string; remaining: Finding[] }
  /** The check itself could not run (the main process went away, a bridge error). */
  | { status: 'error'; message: string };

export type SnoozeState =
  | { status: 'idle' }
  | { status: 'saving'; for: SnoozeFor }
  | { status: 'snoozed'; for: SnoozeFor }
  | { status: 'failed'; for: SnoozeFor; message: string };

export interface WizardState {
  ref: FindingRef;
  /** The alternatives of a guide that has them, to choose from before any step shows. */
  paths: FixPath[];
  /** The chosen path's id; steps are its steps. Unset while a guide with paths awaits the choice. */
  path?: string;
  steps: WizardStep[];
  verify: VerifyState;
  snooze: SnoozeState;
}

export type WizardEvent =
  /** The user picked a way to fix it: its steps show. */
  | { type: 'choose-path'; path: string }
  /** "Choose another way": back to the paths, the steps' progress dropped. */
  | { type: 'change-path' }
  /** A value picked in a step that offers a choice (a context, a cluster). */
  | { type: 'choose-option'; step: number; value: string }
  /** "Run" on an action step: show what will run, ask to confirm. */
  | { type: 'confirm'; step: number }
  | { type: 'cancel'; step: number }
  /** The user confirmed; fix:run is on its way. */
  | { type: 'run'; step: number }
  | { type: 'output'; output: FixOutput }
  | { type: 'result'; step: number; result: FixStepResult }
  /** The user did the step themselves (copied the command), or says it is done. */
  | { type: 'mark-done'; step: number }
  | { type: 'skip'; step: number }
  | { type: 'undo'; step: number }
  | { type: 'undo-result'; step: number; result: FixStepResult }
  | { type: 'verify' }
  | { type: 'verified'; verification: FixVerification }
  | { type: 'verify-failed'; message: string }
  /** After "still wrong": the steps again, from the finding as the fresh check sees it. */
  | { type: 'restart' }
  | { type: 'snooze'; for: SnoozeFor }
  | { type: 'snoozed' }
  | { type: 'snooze-failed'; message: string };

/** Output kept per step: a login can print for minutes; the tail is what matters. */
export const MAX_STEP_OUTPUT = 64 * 1024;

/** The guide's own fields of a step, without anything the wizard added. */
function guideStep({ title, command, action, choice }: FixStep): FixStep {
  return {
    title,
    ...(command === undefined ? {} : { command }),
    ...(action === undefined ? {} : { action }),
    ...(choice === undefined ? {} : { choice }),
  };
}

function freshSteps(steps: readonly FixStep[]): WizardStep[] {
  return steps.map((step) => ({
    ...guideStep(step),
    status: 'pending',
    output: '',
    ...(step.choice?.options[0] ? { option: step.choice.options[0].value } : {}),
  }));
}

/** The wizard for `finding`, on `path` when the guide has it (a restart keeps the user's choice); one path is no choice. */
function wizardFor(ref: FindingRef, finding: Finding, path?: string): Omit<WizardState, 'verify' | 'snooze'> {
  const paths = finding.fix.paths ?? [];
  const chosen = paths.length === 1 ? paths[0]?.id : paths.find((p) => p.id === path)?.id;
  return {
    ref,
    paths,
    ...(chosen !== undefined ? { path: chosen } : {}),
    steps: freshSteps(paths.length > 0 && chosen === undefined ? [] : (guideSteps(finding.fix, chosen) ?? [])),
  };
}

export function createWizard(ref: FindingRef, finding: Finding): WizardState {
  return { ...wizardFor(ref, finding), verify: { status: 'idle' }, snooze: { status: 'idle' } };
}

/** Something is in flight or awaiting the user's yes: no other step may start, no verify. */
export function isBusy(state: WizardState): boolean {
  return (
    state.verify.status === 'verifying' ||
    state.steps.some((s) => s.status === 'confirming' || s.status === 'running' || s.undo?.status === 'undoing')
  );
}

function tail(text: string): string {
  return text.length > MAX_STEP_OUTPUT ? text.slice(text.length - MAX_STEP_OUTPUT) : text;
}

/** Replaces step `index` with `update(step)` when `allowed(step)`; else the same state. */
function updateStep(
  state: WizardState,
  index: number,
  allowed: (step: WizardStep) => boolean,
  update: (step: WizardStep) => WizardStep,
): WizardState {
  const step = state.steps[index];
  if (!step || !allowed(step)) return state;
  const steps = state.steps.slice();
  steps[index] = update(step);
  // A changed step makes an earlier verdict stale.
  const verify = state.verify.status === 'verifying' ? state.verify : ({ status: 'idle' } as const);
  return { ...state, steps, verify };
}

/** Steps the user may still act on: not yet done, not in flight. */
function open(step: WizardStep): boolean {
  return step.status === 'pending' || step.status === 'failed' || step.status === 'skipped';
}

/** The step with its last result (message, undo) dropped; output and status are the caller's. */
function withoutResult(step: WizardStep): WizardStep {
  const { option } = step;
  return { ...guideStep(step), status: step.status, output: step.output, ...(option === undefined ? {} : { option }) };
}

export function wizardReducer(state: WizardState, event: WizardEvent): WizardState {
  switch (event.type) {
    case 'choose-path': {
      const path = state.paths.find((p) => p.id === event.path);
      if (!path || state.path !== undefined || isBusy(state)) return state;
      return { ...state, path: path.id, steps: freshSteps(path.steps), verify: { status: 'idle' } };
    }
    case 'change-path': {
      if (state.path === undefined || state.paths.length < 2 || isBusy(state)) return state;
      return { ref: state.ref, paths: state.paths, steps: [], verify: { status: 'idle' }, snooze: state.snooze };
    }
    case 'choose-option':
      if (isBusy(state)) return state;
      return updateStep(
        state,
        event.step,
        (s) => open(s) && s.choice?.options.some((o) => o.value === event.value) === true,
        (s) => {
          const option = s.choice?.options.find((o) => o.value === event.value);
          const picked: WizardStep = { ...s, option: event.value };
          // The option's own command and action, or none: never the previous option's.
          delete picked.command;
          delete picked.action;
          return {
            ...picked,
            ...(option?.command === undefined ? {} : { command: option.command }),
            ...(option?.action === undefined ? {} : { action: option.action }),
          };
        },
      );
    case 'confirm':
      if (isBusy(state)) return state;
      return updateStep(
        state,
        event.step,
        (s) => s.action !== undefined && open(s),
        (s) => ({ ...s, status: 'confirming' }),
      );
    case 'cancel':
      return updateStep(
        state,
        event.step,
        (s) => s.status === 'confirming',
        (s) => ({ ...withoutResult(s), status: 'pending' }),
      );
    case 'run':
      return updateStep(
        state,
        event.step,
        (s) => s.status === 'confirming',
        (s) => ({ ...withoutResult(s), status: 'running', output: '' }),
      );
    case 'output': {
      const { chunk, step, path, context, rule } = event.output;
      if (rule !== state.ref.rule || context !== state.ref.context || path !== state.path) return state;
      return updateStep(
        state,
        step,
        (s) => s.status === 'running',
        (s) => ({ ...s, output: tail(s.output + chunk) }),
      );
    }
    case 'result': {
      const { ok, message, output, undoId } = event.result;
      return updateStep(
        state,
        event.step,
        (s) => s.status === 'running',
        (s) => ({
          ...s,
          status: ok ? 'done' : 'failed',
          message,
          output: s.output || tail(output ?? ''),
          ...(ok && undoId ? { undo: { id: undoId, status: 'available' } } : {}),
        }),
      );
    }
    case 'mark-done':
      if (isBusy(state)) return state;
      return updateStep(state, event.step, open, (s) => ({ ...withoutResult(s), status: 'done' }));
    case 'skip':
      if (isBusy(state)) return state;
      return updateStep(
        state,
        event.step,
        (s) => s.status === 'pending' || s.status === 'failed',
        (s) => ({ ...withoutResult(s), status: 'skipped' }),
      );
    case 'undo':
      if (isBusy(state)) return state;
      return updateStep(
        state,
        event.step,
        (s) => s.undo !== undefined && s.undo.status !== 'undoing',
        (s) => ({ ...s, undo: { id: (s.undo as UndoState).id, status: 'undoing' } }),
      );
    case 'undo-result':
      return updateStep(
        state,
        event.step,
        (s) => s.undo?.status === 'undoing',
        (s) =>
          event.result.ok
            ? // Undone: the step is as if never run, so it can run again.
              { ...withoutResult(s), status: 'pending', output: '', message: event.result.message }
            : { ...s, undo: { id: (s.undo as UndoState).id, status: 'failed', message: event.result.message } },
      );
    case 'verify':
      if (isBusy(state)) return state;
      return { ...state, verify: { status: 'verifying' } };
    case 'verified': {
      if (state.verify.status !== 'verifying') return state;
      const { fixed, message, checkedAt, remaining } = event.verification;
      return {
        ...state,
        verify: fixed
          ? { status: 'fixed', message, checkedAt }
          : { status: 'still-wrong', message, checkedAt, remaining },
      };
    }
    case 'verify-failed':
      if (state.verify.status !== 'verifying') return state;
      return { ...state, verify: { status: 'error', message: event.message } };
    case 'restart': {
      if (state.verify.status !== 'still-wrong') return state;
      // The fresh check's finding: the main process runs steps from that report now.
      const [again] = state.verify.remaining;
      if (!again) return { ...state, steps: freshSteps(state.steps), verify: { status: 'idle' } };
      return { ...state, ...wizardFor(state.ref, again, state.path), verify: { status: 'idle' } };
    }
    case 'snooze':
      if (state.snooze.status === 'saving') return state;
      return { ...state, snooze: { status: 'saving', for: event.for } };
    case 'snoozed':
      if (state.snooze.status !== 'saving') return state;
      return { ...state, snooze: { status: 'snoozed', for: state.snooze.for } };
    case 'snooze-failed':
      if (state.snooze.status !== 'saving') return state;
      return { ...state, snooze: { status: 'failed', for: state.snooze.for, message: event.message } };
  }
}
