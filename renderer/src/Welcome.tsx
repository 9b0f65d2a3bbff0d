import { useEffect, useState } from 'preact/hooks';
import type { KubewardApi } from '../../shared/ipc';
import type { Navigate } from './route';

/** Where this OS puts tray icons, in the words its users know. */
function trayPlace(userAgent: string): string {
  if (/Mac/.test(userAgent)) return 'in the menu bar, at the top right of the screen';
  if (/Windows/.test(userAgent)) {
    return 'in the notification area at the bottom right of the taskbar (behind the ^ arrow if Windows hides it)';
  }
  return 'in the top bar or system tray (on GNOME it needs the AppIndicator extension)';
}

interface WelcomeProps {
  api: KubewardApi;
  navigate: Navigate;
  onDone: () => void;
}

/** The first launch's few words: where Kubeward lives from now on, and the two choices worth making now. */
export function Welcome({ api, navigate, onDone }: WelcomeProps) {
  const [pending, setPending] = useState<number>();
  const [startAtLogin, setStartAtLogin] = useState<boolean>();
  useEffect(() => {
    api.listPlugins().then(
      (plugins) => setPending(plugins.filter((p) => !p.approved).length),
      () => setPending(undefined),
    );
    api.getStartAtLogin().then(setStartAtLogin, () => setStartAtLogin(undefined));
  }, [api]);

  return (
    <section class="welcome card" aria-labelledby="welcome-heading">
      <h2 id="welcome-heading">Welcome to Kubeward</h2>
      <p>
        Kubeward runs in the background and warns you before kubectl starts failing. Closing this window keeps it
        running: find its icon {trayPlace(navigator.userAgent)}.
      </p>
      <ul class="welcome-steps">
        {pending !== undefined && pending > 0 && (
          <li>
            {pending} exec plugin{pending === 1 ? ' waits' : 's wait'} for your approval before Kubeward runs{' '}
            {pending === 1 ? 'it' : 'them'} in the background.{' '}
            <button type="button" class="link" onClick={() => navigate({ page: 'settings' })}>
              Review plugins
            </button>
          </li>
        )}
        <li>
          <label>
            <input
              type="checkbox"
              checked={startAtLogin ?? false}
              disabled={startAtLogin === undefined}
              onChange={(e) =>
                void api.setStartAtLogin({ enabled: e.currentTarget.checked }).then(setStartAtLogin, () => undefined)
              }
            />{' '}
            Start Kubeward when I log in
          </label>
        </li>
      </ul>
      <button type="button" class="button primary" onClick={onDone}>
        Got it
      </button>
    </section>
  );
}
