import { useCallback, useEffect, useState } from 'preact/hooks';
import type { KubewardApi, WindowReport } from '../../shared/ipc';
import { missingKubeconfig } from '../../shared/overview';
import type { Settings } from '../../shared/settings';
import { Header } from './components/Header';
import { errorMessage, NOT_RESPONDING } from './errors';
import { findingRef, refKey, type Route } from './route';
import { EmptyKubeconfigScreen } from './screens/EmptyKubeconfigScreen';
import { FindingScreen } from './screens/FindingScreen';
import { OverviewScreen } from './screens/OverviewScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { TimelineScreen } from './screens/TimelineScreen';
import { clockTime } from './time';
import { useNow } from './use-now';
import { Welcome } from './Welcome';

export function App({ api }: { api: KubewardApi }) {
  /** undefined: not loaded yet; null: no check has finished yet. */
  const [report, setReport] = useState<WindowReport | null | undefined>(undefined);
  const [settings, setSettings] = useState<Settings>();
  const [route, setRoute] = useState<Route>({ page: 'overview' });
  const [checking, setChecking] = useState(false);
  /** The core did not answer the last call: what is shown is the last report it gave, marked stale. */
  const [unanswered, setUnanswered] = useState(false);
  const [error, setError] = useState<string>();
  const now = useNow();

  const reload = useCallback(async () => {
    try {
      setReport(await api.getReport());
      setUnanswered(false);
    } catch {
      setUnanswered(true);
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
      setUnanswered(false);
      setError(fresh ? undefined : 'The check could not run; see the tray for details.');
    } catch {
      setUnanswered(true);
    } finally {
      setChecking(false);
    }
  }

  const missing = report ? missingKubeconfig(report) : undefined;
  return (
    <>
      <Header
        route={route}
        navigate={setRoute}
        report={report}
        stale={unanswered}
        now={now}
        checking={checking}
        onCheck={() => void checkNow()}
      />
      <main id="main" class={unanswered && report ? 'stale' : undefined}>
        {unanswered && (
          <div class="banner banner-error" role="alert">
            <p>
              {NOT_RESPONDING}.{report && ` Showing results from ${clockTime(Date.parse(report.checkedAt))}.`}
            </p>
            <button type="button" class="button small" onClick={() => void reload()}>
              Try again
            </button>
          </div>
        )}
        {error && (
          <p class="banner banner-error" role="alert">
            {error}
          </p>
        )}
        {settings?.welcomed === false && (
          <Welcome
            api={api}
            navigate={setRoute}
            onDone={() =>
              void api.setSettings({ ...settings, welcomed: true }).then(setSettings, (e: unknown) => {
                setError(`Could not save settings: ${errorMessage(e)}`);
              })
            }
          />
        )}
        {route.page === 'settings' ? (
          <SettingsScreen api={api} report={report ?? null} settings={settings} onSaved={setSettings} />
        ) : report === undefined ? (
          unanswered ? null : (
            <p class="empty">Loading…</p>
          )
        ) : report === null ? (
          <section class="empty">
            <h1 tabIndex={-1}>No check yet</h1>
            <p>Kubeward has not finished a check of your kubeconfig. Use “Check now” to run one.</p>
          </section>
        ) : missing !== undefined && route.page !== 'finding' ? (
          <EmptyKubeconfigScreen api={api} path={missing} />
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
