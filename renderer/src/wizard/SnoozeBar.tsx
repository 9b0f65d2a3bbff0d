import type { SnoozeFor } from '../../../shared/ipc';
import type { SnoozeState } from './state-machine';

const CHOICES: { value: SnoozeFor; label: string }[] = [
  { value: '1h', label: '1 hour' },
  { value: '1d', label: '1 day' },
  { value: 'credential', label: 'Until the credential changes' },
];

const SNOOZED: Record<SnoozeFor, string> = {
  '1h': 'for an hour',
  '1d': 'for a day',
  credential: 'until the credential changes',
};

interface SnoozeBarProps {
  snooze: SnoozeState;
  /** Only a context's finding has a credential whose change ends the snooze. */
  canSnoozeUntilChange: boolean;
  onSnooze: (duration: SnoozeFor) => void;
}

export function SnoozeBar({ snooze, canSnoozeUntilChange, onSnooze }: SnoozeBarProps) {
  const choices = CHOICES.filter((c) => c.value !== 'credential' || canSnoozeUntilChange);
  return (
    <div class="snooze" role="group" aria-label="Snooze notifications for this finding">
      <span class="snooze-label">Not now? Snooze notifications:</span>
      {choices.map(({ value, label }) => (
        <button
          key={value}
          type="button"
          class="button small"
          disabled={snooze.status === 'saving'}
          aria-pressed={snooze.status === 'snoozed' && snooze.for === value}
          onClick={() => onSnooze(value)}
        >
          {label}
        </button>
      ))}
      <span role="status" class="snooze-state">
        {snooze.status === 'snoozed' && `Snoozed ${SNOOZED[snooze.for]}.`}
        {snooze.status === 'failed' && `Could not snooze: ${snooze.message}`}
      </span>
    </div>
  );
}
