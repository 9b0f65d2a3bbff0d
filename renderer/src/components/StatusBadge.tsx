import type { Status } from '../../../shared/findings';

const LABEL: Record<Status, string> = { error: 'Error', warning: 'Warning', info: 'Info', ok: 'OK' };
/** A shape as well as a colour, for people who cannot tell red from amber. */
const GLYPH: Record<Status, string> = { error: '✕', warning: '!', info: 'i', ok: '✓' };

export function StatusBadge({ status }: { status: Status }) {
  return (
    <span class={`badge badge-${status}`}>
      <span class="glyph" aria-hidden="true">
        {GLYPH[status]}
      </span>
      {LABEL[status]}
    </span>
  );
}
