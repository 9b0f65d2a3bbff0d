import { useEffect, useState } from 'preact/hooks';
import type { KubewardApi, PushStatus } from '../../../shared/ipc';
import type { Settings } from '../../../shared/settings';
import { errorMessage } from '../errors';

interface TeamMetricsSectionProps {
  api: KubewardApi;
  settings: Settings;
  onSaved: (settings: Settings) => void;
}

function lastPushText(status: PushStatus | null): string {
  if (!status) return 'Nothing pushed yet.';
  const at = new Date(status.at).toLocaleString();
  return status.ok ? `Last push ${at}: accepted.` : `Last push ${at} failed: ${status.error ?? 'no reason given'}`;
}

/**
 * "Team metrics": push each check's metrics to the team's Prometheus Pushgateway. Saved on its own,
 * like plugin approvals; the app refuses a URL with credentials (it stores none).
 */
export function TeamMetricsSection({ api, settings, onSaved }: TeamMetricsSectionProps) {
  const [enabled, setEnabled] = useState(settings.teamMetrics.enabled);
  const [url, setUrl] = useState(settings.teamMetrics.url);
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const [lastPush, setLastPush] = useState<PushStatus | null>(null);

  useEffect(() => {
    api.getLastPush().then(setLastPush, () => undefined);
    return api.onMetricsPushed(setLastPush);
  }, [api]);

  async function save(event: Event) {
    event.preventDefault();
    try {
      const saved = await api.setSettings({ ...settings, teamMetrics: { enabled, url: url.trim() } });
      onSaved(saved);
      setUrl(saved.teamMetrics.url);
      setStatus({ ok: true, text: enabled ? 'Applied: the next check pushes.' : 'Applied.' });
    } catch (e) {
      setStatus({ ok: false, text: `Not applied: ${errorMessage(e)}` });
    }
  }

  return (
    <form class="card" aria-labelledby="team-metrics-heading" onSubmit={(e) => void save(e)}>
      <h2 id="team-metrics-heading">Team metrics</h2>
      <div class="field">
        <label>
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} /> Push to a
          Pushgateway after each check
        </label>
        <p class="hint">
          For a platform team's Prometheus: each check's statuses and expiry times, never a credential. Grouped as job
          "kubeward" and instance user@host; each push replaces the last.
        </p>
      </div>
      <div class="field">
        <label for="pushgateway-url">Pushgateway URL</label>
        <input
          id="pushgateway-url"
          type="url"
          inputMode="url"
          placeholder="https://pushgateway.example.com:9091"
          value={url}
          onInput={(e) => setUrl(e.currentTarget.value)}
        />
      </div>
      <div class="step-actions">
        <button type="submit" class="button primary">
          Apply team metrics
        </button>
        <span role="status" class={status?.ok === false ? 'result result-failed' : 'hint'}>
          {status?.text}
        </span>
      </div>
      <p class={lastPush?.ok === false ? 'result result-failed' : 'hint'} data-testid="last-push">
        {lastPushText(lastPush)}
      </p>
    </form>
  );
}
