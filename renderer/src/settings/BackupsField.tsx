import { MAX_BACKUPS_KEPT } from '../../../shared/ipc';

export function BackupsField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  return (
    <div class="field">
      <label for="backups-kept">Backups kept of each kubeconfig file</label>
      <input
        id="backups-kept"
        type="number"
        min={1}
        max={MAX_BACKUPS_KEPT}
        step={1}
        class="amount"
        value={value}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
      <p class="hint">
        A fix backs up the file it changes, for Undo; older backups are removed. Each is a full copy of your
        credentials.
      </p>
    </div>
  );
}
