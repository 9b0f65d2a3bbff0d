import type { Status } from '../../../shared/findings';
import type { StatusFilter } from '../contexts';
import { statusPlural } from '../labels';

interface ContextFiltersProps {
  /** Contexts per status, the same numbers the headline gives. */
  counts: Map<Status, number>;
  total: number;
  status: StatusFilter;
  onStatus: (status: StatusFilter) => void;
  query: string;
  onQuery: (query: string) => void;
}

const ORDER: Status[] = ['error', 'warning', 'not-checked', 'not-running', 'info', 'ok'];
/** Shown only when some context has them, so the usual four chips stay the usual four. */
const NEUTRAL: ReadonlySet<Status> = new Set(['not-checked', 'not-running']);

export function ContextFilters({ counts, total, status, onStatus, query, onQuery }: ContextFiltersProps) {
  const options: { value: StatusFilter; label: string; count: number }[] = [
    { value: 'all', label: 'All', count: total },
    ...ORDER.filter((s) => (counts.get(s) ?? 0) > 0 || !NEUTRAL.has(s)).map((s) => ({
      value: s,
      label: statusPlural(s),
      count: counts.get(s) ?? 0,
    })),
  ];
  return (
    <div class="filters">
      <div class="segmented" role="group" aria-label="Filter contexts by status">
        {options.map(({ value, label, count }) => (
          <button
            key={value}
            type="button"
            class={`segment segment-${value}`}
            aria-pressed={status === value}
            onClick={() => onStatus(value)}
          >
            {label} <span class="count">{count}</span>
          </button>
        ))}
      </div>
      <input
        type="search"
        class="search"
        placeholder="Search contexts, clusters, users"
        aria-label="Search contexts"
        value={query}
        onInput={(e) => onQuery(e.currentTarget.value)}
      />
    </div>
  );
}
