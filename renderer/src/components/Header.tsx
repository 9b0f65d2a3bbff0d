import type { Report } from '../../../shared/findings';
import type { Navigate, Route } from '../route';
import { LastCheck } from './LastCheck';

interface HeaderProps {
  route: Route;
  navigate: Navigate;
  report: Report | null | undefined;
  /** The core did not answer the last call. */
  stale: boolean;
  now: number;
  checking: boolean;
  onCheck: () => void;
}

const PAGES = [
  { page: 'overview', label: 'Overview' },
  { page: 'timeline', label: 'Expiry timeline' },
  { page: 'settings', label: 'Settings' },
] as const;

export function Header({ route, navigate, report, stale, now, checking, onCheck }: HeaderProps) {
  // A finding belongs to the overview: keep that tab marked while one is open.
  const current = route.page === 'finding' ? 'overview' : route.page;
  return (
    <header class="app-header">
      <span class="brand">Kubeward</span>
      <nav aria-label="Pages">
        {PAGES.map(({ page, label }) => (
          <button
            key={page}
            type="button"
            class="tab"
            aria-current={current === page ? 'page' : undefined}
            onClick={() => navigate({ page })}
          >
            {label}
          </button>
        ))}
      </nav>
      <div class="check">
        {report && <LastCheck checkedAt={report.checkedAt} now={now} stale={stale} />}
        {checking && <progress class="checking" aria-label="Checking your kubeconfig" />}
        <button type="button" class="button primary" onClick={onCheck} disabled={checking} aria-busy={checking}>
          {checking ? 'Checking…' : 'Check now'}
        </button>
      </div>
    </header>
  );
}
