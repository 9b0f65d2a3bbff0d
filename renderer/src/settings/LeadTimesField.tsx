import { MAX_LEAD_TIMES } from '../../../shared/ipc';
import type { LeadRow, LeadUnit } from './lead-times';

export function LeadTimesField({ rows, onChange }: { rows: LeadRow[]; onChange: (rows: LeadRow[]) => void }) {
  function update(index: number, row: LeadRow) {
    onChange(rows.map((r, i) => (i === index ? row : r)));
  }
  return (
    <fieldset class="field">
      <legend>Notify me before a credential expires</legend>
      <ul class="lead-times">
        {rows.map((row, index) => (
          <li key={index}>
            <input
              type="number"
              min={1}
              step={1}
              class="amount"
              aria-label={`Lead time ${index + 1}: amount`}
              value={row.amount}
              onInput={(e) => update(index, { ...row, amount: e.currentTarget.value })}
            />
            <select
              aria-label={`Lead time ${index + 1}: unit`}
              value={row.unit}
              onChange={(e) => update(index, { ...row, unit: e.currentTarget.value as LeadUnit })}
            >
              <option value="minutes">minutes before</option>
              <option value="hours">hours before</option>
              <option value="days">days before</option>
            </select>
            <button
              type="button"
              class="button small quiet"
              aria-label={`Remove lead time ${index + 1}`}
              disabled={rows.length === 1}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        class="button small"
        disabled={rows.length >= MAX_LEAD_TIMES}
        onClick={() => onChange([...rows, { amount: '2', unit: 'hours' }])}
      >
        Add a lead time
      </button>
    </fieldset>
  );
}
