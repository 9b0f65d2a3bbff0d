import { useEffect, useReducer } from 'preact/hooks';
import type { Finding, FindingRef } from '../../../shared/findings';
import type { FixStepResult, KubewardApi, SnoozeFor } from '../../../shared/ipc';
import { createWizard, isBusy, wizardReducer, type WizardEvent, type WizardState } from './state-machine';
import { PathChoice } from './PathChoice';
import { errorMessage } from '../errors';
import { SnoozeBar } from './SnoozeBar';
import { StepView } from './StepView';
import { VerifyStep } from './VerifyStep';

function failure(error: unknown): FixStepResult {
  return { ok: false, message: errorMessage(error) };
}

/** The finding's fix guide, step by step, ending in a fresh check of whether it is fixed. */
export function Wizard({ api, target, finding }: { api: KubewardApi; target: FindingRef; finding: Finding }) {
  const [state, dispatch] = useReducer(wizardReducer, undefined, () => createWizard(target, finding));

  useEffect(() => api.onFixOutput((output) => dispatch({ type: 'output', output })), [api]);

  async function run(step: number) {
    dispatch({ type: 'run', step });
    const option = state.steps[step]?.option;
    const at = { ...(state.path !== undefined ? { path: state.path } : {}), step, ...(option ? { option } : {}) };
    const result = await api.runFixStep({ ...target, ...at }).catch(failure);
    dispatch({ type: 'result', step, result });
  }

  async function undo(step: number, undoId: string) {
    dispatch({ type: 'undo', step });
    const result = await api.undoFix({ undoId }).catch(failure);
    dispatch({ type: 'undo-result', step, result });
  }

  async function verify() {
    dispatch({ type: 'verify' });
    try {
      dispatch({ type: 'verified', verification: await api.verifyFix(target) });
    } catch (e) {
      dispatch({ type: 'verify-failed', message: errorMessage(e) });
    }
  }

  // Never rejects (a failure goes to the state as snooze-failed), so the bar fires it and forgets it.
  async function snooze(duration: SnoozeFor) {
    dispatch({ type: 'snooze', for: duration });
    try {
      await api.snoozeFinding({ ...target, for: duration });
      dispatch({ type: 'snoozed' });
    } catch (e) {
      dispatch({ type: 'snooze-failed', message: errorMessage(e) });
    }
  }

  const busy = isBusy(state);
  return (
    <section class="wizard" aria-labelledby="wizard-heading">
      <h2 id="wizard-heading">How to fix it</h2>
      {state.paths.length > 0 && state.path === undefined ? (
        <PathChoice paths={state.paths} onChoose={(path) => dispatch({ type: 'choose-path', path })} />
      ) : (
        <Steps state={state} busy={busy} dispatch={dispatch} run={run} undo={undo} verify={verify} />
      )}
      <SnoozeBar
        snooze={state.snooze}
        canSnoozeUntilChange={target.context !== undefined}
        onSnooze={(duration) => void snooze(duration)}
      />
    </section>
  );
}

interface StepsProps {
  state: WizardState;
  busy: boolean;
  dispatch: (event: WizardEvent) => void;
  run: (step: number) => Promise<void>;
  undo: (step: number, undoId: string) => Promise<void>;
  verify: () => Promise<void>;
}

/** The chosen path's steps (or the guide's, without alternatives), ending in the check. */
function Steps({ state, busy, dispatch, run, undo, verify }: StepsProps) {
  const chosen = state.paths.find((p) => p.id === state.path);
  return (
    <>
      {chosen && (
        <div class="path-chosen">
          <p>
            <strong>{chosen.title}</strong>: {chosen.summary}
          </p>
          {state.paths.length > 1 && (
            <button
              type="button"
              class="button quiet"
              disabled={busy}
              onClick={() => dispatch({ type: 'change-path' })}
            >
              Choose another way
            </button>
          )}
        </div>
      )}
      <ol class="steps">
        {state.steps.map((step, index) => (
          <StepView
            key={index}
            step={step}
            index={index}
            busy={busy}
            onConfirm={() => dispatch({ type: 'confirm', step: index })}
            onCancel={() => dispatch({ type: 'cancel', step: index })}
            onRun={() => void run(index)}
            onMarkDone={() => dispatch({ type: 'mark-done', step: index })}
            onSkip={() => dispatch({ type: 'skip', step: index })}
            onUndo={(undoId) => void undo(index, undoId)}
            onChoose={(value) => dispatch({ type: 'choose-option', step: index, value })}
          />
        ))}
        <VerifyStep
          number={state.steps.length + 1}
          verify={state.verify}
          busy={busy}
          onVerify={() => void verify()}
          onRestart={() => dispatch({ type: 'restart' })}
        />
      </ol>
    </>
  );
}
