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

const ORDER: Status[] = ['error', 'warning', 'info', 'ok'];

export function ContextFilters({ counts, total, status, onStatus, query, onQuery }: ContextFiltersProps) {
  // Statuses the core reports beyond these four (e.g. a newer core's) get a chip of their own, before the calm ones.
  const others = [...counts.keys()].filter((s) => !ORDER.includes(s));
  const statuses = [...ORDER.slice(0, 2), ...others, ...ORDER.slice(2)];
  const options: { value: StatusFilter; label: string; count: number }[] = [
    { value: 'all', label: 'All', count: total },
    ...statuses.map((s) => ({ value: s, label: statusPlural(s), count: counts.get(s) ?? 0 })),
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
