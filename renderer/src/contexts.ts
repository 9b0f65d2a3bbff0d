/** Ordering and filtering of the overview's contexts. */
import { SEVERITY_RANK, type ContextReport, type Status } from '../../shared/findings';

const rank = (status: Status): number => SEVERITY_RANK[status];

export type StatusFilter = Status | 'all';

/** The current context first, then the worst, then by name. */
export function sortContexts(contexts: readonly ContextReport[]): ContextReport[] {
  return [...contexts].sort(
    (a, b) => Number(b.current) - Number(a.current) || rank(b.status) - rank(a.status) || a.name.localeCompare(b.name),
  );
}

/** Every word of the query appears in the context's name, cluster, user, server, identity or a finding's title. */
function matchesSearch(context: ContextReport, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [
    context.name,
    context.cluster,
    context.user,
    context.server,
    context.namespace,
    context.identity?.username,
    ...context.findings.map((f) => f.title),
  ]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}

export function filterContexts(contexts: readonly ContextReport[], status: StatusFilter, query: string) {
  return contexts.filter((c) => (status === 'all' || c.status === status) && matchesSearch(c, query));
}
