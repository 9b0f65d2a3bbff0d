import { useEffect, useRef } from 'preact/hooks';
import type { StepStatus, WizardStep } from './state-machine';
import { Command } from '../components/Command';
import { ConfirmAction } from './ConfirmAction';
import { actionButton } from './describe-action';

const STATUS_TEXT: Record<StepStatus, string> = {
  pending: 'To do',
  confirming: 'Waiting for your confirmation',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
  skipped: 'Skipped',
};

interface StepViewProps {
  step: WizardStep;
  index: number;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  onRun: () => void;
  onMarkDone: () => void;
  onSkip: () => void;
  onUndo: (undoId: string) => void;
  /** A value picked in a step that offers a choice. */
  onChoose: (value: string) => void;
}

export function StepView(props: StepViewProps) {
  const { step, index, busy } = props;
  const open = step.status === 'pending' || step.status === 'failed' || step.status === 'skipped';
  const titleId = `step-${index}-title`;
  // After "Yes, run it" and after Undo the focus lands on what happened, not on a button that vanished.
  const results = useRef<HTMLDivElement>(null);
  const before = useRef({ status: step.status, undo: step.undo?.status });
  useEffect(() => {
    const was = before.current;
    before.current = { status: step.status, undo: step.undo?.status };
    const ran = was.status === 'running' && step.status !== 'running';
    const undone = was.undo === 'undoing' && step.undo?.status !== 'undoing';
    if (ran || undone) results.current?.focus();
  }, [step.status, step.undo?.status]);
  return (
    <li class={`step step-${step.status}`} aria-labelledby={titleId}>
      <span class="step-marker" aria-hidden="true">
        {step.status === 'done' ? '✓' : step.status === 'failed' ? '✕' : index + 1}
      </span>
      <div class="step-body">
        <h3 id={titleId} class="step-title">
          {step.title}
        </h3>
        <p class="step-status">{STATUS_TEXT[step.status]}</p>
        {step.choice && (
          <label class="step-choice">
            {step.choice.label}{' '}
            <select
              value={step.option}
              disabled={busy || !open}
              onChange={(e) => props.onChoose((e.target as HTMLSelectElement).value)}
            >
              {step.choice.options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.value}
                </option>
              ))}
            </select>
          </label>
        )}
        {step.command && <Command command={step.command} />}
        {step.status === 'confirming' && step.action && (
          <ConfirmAction action={step.action} onRun={props.onRun} onCancel={props.onCancel} />
        )}
        {step.status === 'running' && (
          <p class="running">
            <progress aria-label={`Running step ${index + 1}`} /> Running…
          </p>
        )}
        {step.output && (
          <pre class="output" aria-label={`Output of step ${index + 1}`} aria-live="polite" tabIndex={0}>
            {step.output}
          </pre>
        )}
        <div class="results" ref={results} tabIndex={-1}>
          {step.message && (
            <p class={step.status === 'failed' ? 'result result-failed' : 'result'} role="status">
              {step.message}
            </p>
          )}
          {step.undo?.status === 'failed' && (
            <p class="result result-failed" role="status">
              Undo failed: {step.undo.message}
            </p>
          )}
        </div>
        <div class="step-actions">
          {step.action && open && (
            <button type="button" class="button primary" disabled={busy} onClick={props.onConfirm}>
              {actionButton(step.action)}
            </button>
          )}
          {open && (
            <button type="button" class="button" disabled={busy} onClick={props.onMarkDone}>
              {step.action ? 'I did it myself' : 'Mark done'}
            </button>
          )}
          {(step.status === 'pending' || step.status === 'failed') && (
            <button type="button" class="button quiet" disabled={busy} onClick={props.onSkip}>
              Skip
            </button>
          )}
          {step.undo && (
            <button
              type="button"
              class="button"
              disabled={busy}
              onClick={() => step.undo && props.onUndo(step.undo.id)}
            >
              {step.undo.status === 'undoing' ? 'Undoing…' : 'Undo'}
            </button>
          )}
        </div>
      </div>
    </li>
  );
}
