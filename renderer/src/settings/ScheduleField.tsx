const PRESETS: { cron: string; label: string }[] = [
  { cron: '*/5 * * * *', label: 'Every 5 minutes' },
  { cron: '*/15 * * * *', label: 'Every 15 minutes' },
  { cron: '*/30 * * * *', label: 'Every 30 minutes' },
  { cron: '0 * * * *', label: 'Every hour' },
  { cron: '0 */6 * * *', label: 'Every 6 hours' },
];

export function ScheduleField({ schedule, onChange }: { schedule: string; onChange: (schedule: string) => void }) {
  const custom = !PRESETS.some((p) => p.cron === schedule);
  return (
    <div class="field">
      <label for="schedule">Check again</label>
      <select id="schedule" value={schedule} onChange={(e) => onChange(e.currentTarget.value)}>
        {PRESETS.map(({ cron, label }) => (
          <option key={cron} value={cron}>
            {label}
          </option>
        ))}
        {custom && <option value={schedule}>Custom: {schedule}</option>}
      </select>
      <p class="hint">Kubeward also checks whenever a kubeconfig file changes.</p>
    </div>
  );
}
