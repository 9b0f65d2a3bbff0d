import { useEffect, useState } from 'preact/hooks';
import type { KubewardApi } from '../../../shared/ipc';
import { errorMessage } from '../errors';

/** Start at login and a sample notification: both act at once. */
export function SystemSection({ api }: { api: KubewardApi }) {
  const [startAtLogin, setStartAtLogin] = useState<boolean>();
  const [status, setStatus] = useState<string>();
  useEffect(() => {
    api.getStartAtLogin().then(setStartAtLogin, (e: unknown) => setStatus(errorMessage(e)));
  }, [api]);

  async function toggle(enabled: boolean) {
    try {
      setStartAtLogin(await api.setStartAtLogin({ enabled }));
    } catch (e) {
      setStatus(`Could not change start at login: ${errorMessage(e)}`);
    }
  }

  async function testNotification() {
    try {
      await api.testNotification();
      setStatus('Sent: it should appear with your other notifications now.');
    } catch (e) {
      setStatus(`Could not send it: ${errorMessage(e)}`);
    }
  }

  return (
    <section class="card" aria-labelledby="system-heading">
      <h2 id="system-heading">This computer</h2>
      <div class="field">
        <label>
          <input
            type="checkbox"
            checked={startAtLogin ?? false}
            disabled={startAtLogin === undefined}
            onChange={(e) => void toggle(e.currentTarget.checked)}
          />{' '}
          Start Kubeward when I log in
        </label>
      </div>
      <div class="field">
        <button type="button" class="button" onClick={() => void testNotification()}>
          Send a test notification
        </button>
        <p class="hint" role="status">
          {status}
        </p>
      </div>
    </section>
  );
}
