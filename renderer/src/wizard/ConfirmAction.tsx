import { useEffect, useRef } from 'preact/hooks';
import type { SafeAction } from '../../../shared/findings';
import { describeAction } from './describe-action';

interface ConfirmActionProps {
  action: SafeAction;
  onRun: () => void;
  onCancel: () => void;
}

/** Exactly what will run or change, and nothing runs until the user says so. */
export function ConfirmAction({ action, onRun, onCancel }: ConfirmActionProps) {
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => confirm.current?.focus(), []);
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
        <button ref={confirm} type="button" class="button primary" onClick={onRun}>
          Yes, run it
        </button>
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
