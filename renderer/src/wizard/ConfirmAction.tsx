import { useEffect, useRef } from 'preact/hooks';
import type { SafeAction } from '../../../shared/findings';
import { describeAction } from './describe-action';

interface ConfirmActionProps {
  action: SafeAction;
  onRun: () => void;
  onCancel: () => void;
}

/** Changes that remove something: Enter on the first focused button must not be the one that deletes. */
const DESTRUCTIVE: readonly SafeAction['kind'][] = ['delete-context'];

/** Exactly what will run or change, and nothing runs until the user says so. */
export function ConfirmAction({ action, onRun, onCancel }: ConfirmActionProps) {
  const confirm = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const destructive = DESTRUCTIVE.includes(action.kind);
  useEffect(() => (destructive ? cancel : confirm).current?.focus(), [destructive]);
  return (
    <div
      class="confirm"
      role="group"
      aria-label="Confirm this step"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
    >
      <p>{describeAction(action)}</p>
      <div class="step-actions">
        <button ref={confirm} type="button" class={destructive ? 'button danger' : 'button primary'} onClick={onRun}>
          Yes, run it
        </button>
        <button ref={cancel} type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
