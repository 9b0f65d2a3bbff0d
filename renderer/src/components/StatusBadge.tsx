import type { Status } from '../../../shared/findings';
import { statusLabel } from '../labels';

/** A shape as well as a colour, for people who cannot tell red from amber. */
const GLYPH: Record<Status, string> = {
  error: '✕',
  warning: '!',
  info: 'i',
  ok: '✓',
  'not-checked': '?',
  'not-running': '–',
};

export function StatusBadge({ status }: { status: Status }) {
  return (
    <span class={`badge badge-${status}`}>
      <span class="glyph" aria-hidden="true">
        {GLYPH[status]}
      </span>
      {statusLabel(status)}
    </span>
  );
}
