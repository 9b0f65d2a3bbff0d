import { useState } from 'preact/hooks';
import type { Report } from '../../../shared/findings';
import { MAX_BACKUPS_KEPT, type KubewardApi } from '../../../shared/ipc';
import type { Settings } from '../../../shared/settings';
import { errorMessage } from '../errors';
import { toMinutes, toRows, type LeadRow } from '../settings/lead-times';
import { BackupsField } from '../settings/BackupsField';
import { LeadTimesField } from '../settings/LeadTimesField';
import { PluginsSection } from '../settings/PluginsSection';
import { ProbesField } from '../settings/ProbesField';
import { ScheduleField } from '../settings/ScheduleField';
import { SystemSection } from '../settings/SystemSection';
import { TeamMetricsSection } from '../settings/TeamMetricsSection';

interface SettingsScreenProps {
  api: KubewardApi;
  report: Report | null;
  settings: Settings | undefined;
  onSaved: (settings: Settings) => void;
}

function clustersOf(report: Report | null, probesOff: readonly string[]): string[] {
  const names = new Set(probesOff);
  for (const c of report?.contexts ?? []) if (c.cluster) names.add(c.cluster);
  return [...names].sort((a, b) => a.localeCompare(b));
}

export function SettingsScreen({ api, report, settings, onSaved }: SettingsScreenProps) {
  return (
    <section class="settings" aria-labelledby="settings-heading">
      <h1 id="settings-heading" tabIndex={-1}>
        Settings
      </h1>
      {settings ? (
        <MonitorSettings api={api} report={report} settings={settings} onSaved={onSaved} />
      ) : (
        <p class="muted">Loading…</p>
      )}
      <PluginsSection api={api} onApproved={() => void api.getSettings().then(onSaved)} />
      {settings && <TeamMetricsSection api={api} settings={settings} onSaved={onSaved} />}
      <SystemSection api={api} />
    </section>
  );
}

function MonitorSettings({ api, report, settings, onSaved }: SettingsScreenProps & { settings: Settings }) {
  const [rows, setRows] = useState<LeadRow[]>(() => toRows(settings.leadTimesMinutes));
  const [schedule, setSchedule] = useState(settings.schedule);
  const [probesOff, setProbesOff] = useState(settings.probesOff);
  const [backupsKept, setBackupsKept] = useState(String(settings.backupsKept));
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();

  async function save(event: Event) {
    event.preventDefault();
    const lead = toMinutes(rows);
    if ('invalid' in lead) {
      setStatus({ ok: false, text: `Lead time ${lead.invalid + 1} needs a whole number of at least 1.` });
      return;
    }
    const backups = Number(backupsKept);
    if (!Number.isInteger(backups) || backups < 1 || backups > MAX_BACKUPS_KEPT) {
      setStatus({ ok: false, text: `Backups kept needs a whole number from 1 to ${MAX_BACKUPS_KEPT}.` });
      return;
    }
    try {
      // Plugin approvals are saved on their own: keep the latest ones.
      const saved = await api.setSettings({
        ...settings,
        leadTimesMinutes: lead.minutes,
        schedule,
        probesOff,
        backupsKept: backups,
      });
      onSaved(saved);
      setRows(toRows(saved.leadTimesMinutes));
      setStatus({ ok: true, text: 'Saved.' });
    } catch (e) {
      setStatus({ ok: false, text: `Not saved: ${errorMessage(e)}` });
    }
  }

  return (
    <form class="card" aria-labelledby="monitor-heading" onSubmit={(e) => void save(e)}>
      <h2 id="monitor-heading">Checks and notifications</h2>
      <LeadTimesField rows={rows} onChange={setRows} />
      <ScheduleField schedule={schedule} onChange={setSchedule} />
      <ProbesField clusters={clustersOf(report, probesOff)} probesOff={probesOff} onChange={setProbesOff} />
      <BackupsField value={backupsKept} onChange={setBackupsKept} />
      <div class="step-actions">
        <button type="submit" class="button primary">
          Save
        </button>
        <span role="status" class={status?.ok === false ? 'result result-failed' : 'hint'}>
          {status?.text}
        </span>
      </div>
    </form>
  );
}
