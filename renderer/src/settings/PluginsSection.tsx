import { useEffect, useState } from 'preact/hooks';
import type { KubewardApi } from '../../../shared/ipc';
import type { ExecPluginEntry } from '../../../shared/settings';
import { errorMessage } from '../errors';

/** Exec plugins, and whether each may run unattended (approvals are saved at once). */
export function PluginsSection({ api, onApproved }: { api: KubewardApi; onApproved: () => void }) {
  const [plugins, setPlugins] = useState<ExecPluginEntry[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api.listPlugins().then(setPlugins, (e: unknown) => setError(errorMessage(e)));
  }, [api]);

  async function approve(plugin: ExecPluginEntry, approved: boolean) {
    try {
      setPlugins(await api.approvePlugin({ key: plugin.key, approved }));
      setError(undefined);
      onApproved();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <section class="card" aria-labelledby="plugins-heading">
      <h2 id="plugins-heading">Exec plugins</h2>
      <p class="hint">
        Approved plugins run in the background to check their credentials; others only when you use kubectl.
      </p>
      {error && <p class="result result-failed">{error}</p>}
      {plugins === undefined ? (
        <p class="muted">Loading…</p>
      ) : plugins.length === 0 ? (
        <p class="muted">No user in the kubeconfig runs an exec plugin.</p>
      ) : (
        <ul class="plugins">
          {plugins.map((plugin) => (
            <li key={plugin.key}>
              <div>
                <code>{[plugin.command, ...plugin.args].join(' ')}</code>
                <p class="hint">
                  Used by {plugin.users.join(', ')} · {plugin.approved ? 'approved' : 'not approved'}
                </p>
              </div>
              <button
                type="button"
                class={plugin.approved ? 'button' : 'button primary'}
                aria-label={`${plugin.approved ? 'Revoke' : 'Approve'} ${plugin.command}`}
                onClick={() => void approve(plugin, !plugin.approved)}
              >
                {plugin.approved ? 'Revoke' : 'Approve'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
