import { useCallback, useEffect, useState } from 'preact/hooks';
import type { KubewardApi, WindowReport } from '../../shared/ipc';
import type { Settings } from '../../shared/settings';
import { Header } from './components/Header';
import { errorMessage } from './errors';
import { findingRef, refKey, type Route } from './route';
import { FindingScreen } from './screens/FindingScreen';
import { OverviewScreen } from './screens/OverviewScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { TimelineScreen } from './screens/TimelineScreen';
import { useNow } from './use-now';

export function App({ api }: { api: KubewardApi }) {
  /** undefined: not loaded yet; null: no check has finished yet. */
  const [report, setReport] = useState<WindowReport | null | undefined>(undefined);
  const [settings, setSettings] = useState<Settings>();
  const [route, setRoute] = useState<Route>({ page: 'overview' });
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string>();
  const now = useNow();

  const reload = useCallback(async () => {
    try {
      setReport(await api.getReport());
      setError(undefined);
    } catch (e) {
      setError(`Could not read the last check: ${errorMessage(e)}`);
    }
  }, [api]);

  useEffect(() => {
    void reload();
    api.getSettings().then(setSettings, (e: unknown) => setError(`Could not read settings: ${errorMessage(e)}`));
    const unsubscribe = [
      api.onReportChanged(() => void reload()),
      api.onOpenFinding((ref) => setRoute({ page: 'finding', ref: findingRef(ref.rule, ref.context) })),
    ];
    return () => unsubscribe.forEach((off) => off());
  }, [api, reload]);

  // Keyboard and screen-reader users land on the new page's heading, not at the top of the old one.
  useEffect(() => {
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [route]);

  // Never rejects (a failure goes to the banner), so the button fires it and forgets it.
  async function checkNow() {
    setChecking(true);
    try {
      const fresh = await api.checkNow();
      if (fresh) setReport(fresh);
      setError(fresh ? undefined : 'The check could not run; see the tray for details.');
    } catch (e) {
      setError(`Check failed: ${errorMessage(e)}`);
    } finally {
      setChecking(false);
    }
  }

  return (
    <>
      <Header
        route={route}
        navigate={setRoute}
        report={report}
        now={now}
        checking={checking}
        onCheck={() => void checkNow()}
      />
      <main id="main">
        {error && (
          <p class="banner banner-error" role="alert">
            {error}
          </p>
        )}
        {route.page === 'settings' ? (
          <SettingsScreen api={api} report={report ?? null} settings={settings} onSaved={setSettings} />
        ) : report === undefined ? (
          <p class="empty">Loading…</p>
        ) : report === null ? (
          <section class="empty">
            <h1 tabIndex={-1}>No check yet</h1>
            <p>Kubeward has not finished a check of your kubeconfig. Use “Check now” to run one.</p>
          </section>
        ) : route.page === 'overview' ? (
          <OverviewScreen report={report} now={now} navigate={setRoute} />
        ) : route.page === 'timeline' ? (
          <TimelineScreen report={report} settings={settings} now={now} navigate={setRoute} />
        ) : (
          <FindingScreen
            key={refKey(route.ref)}
            api={api}
            report={report}
            target={route.ref}
            now={now}
            navigate={setRoute}
          />
        )}
      </main>
    </>
  );
}
