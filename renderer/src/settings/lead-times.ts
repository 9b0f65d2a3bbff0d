/** Notification lead times as the Settings page edits them: an amount and a unit, stored in minutes. */

export type LeadUnit = 'minutes' | 'hours' | 'days';

export interface LeadRow {
  amount: string;
  unit: LeadUnit;
}

const UNIT_MINUTES: Record<LeadUnit, number> = { minutes: 1, hours: 60, days: 24 * 60 };

export function toRows(minutes: readonly number[]): LeadRow[] {
  return minutes.map((m) => {
    const unit: LeadUnit = m % UNIT_MINUTES.days === 0 ? 'days' : m % UNIT_MINUTES.hours === 0 ? 'hours' : 'minutes';
    return { amount: String(m / UNIT_MINUTES[unit]), unit };
  });
}

/** Minutes for every row, or the first row that is not a whole positive number. */
export function toMinutes(rows: readonly LeadRow[]): { minutes: number[] } | { invalid: number } {
  const minutes: number[] = [];
  for (const [index, row] of rows.entries()) {
    const amount = Number(row.amount);
    if (!Number.isInteger(amount) || amount < 1) return { invalid: index };
    minutes.push(amount * UNIT_MINUTES[row.unit]);
  }
  return { minutes };
}
