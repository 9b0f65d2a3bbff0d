/**
 * The README's rule table is generated from the registry; this test keeps them in
 * step (run with UPDATE_README=1 to rewrite it) and checks the registry against the
 * catalogue in spec/RULES.md when that document is beside the checkout.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../shared/rules';

const ROOT = path.resolve(import.meta.dirname, '../..');
const README = path.join(ROOT, 'README.md');
const CATALOGUE = path.resolve(ROOT, '../shared/spec/RULES.md');
const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';

function rulesTable(): string {
  const rows = RULES.map(
    ({ meta }) => `| \`${meta.id}\` | ${meta.severity} | ${meta.needs} | ${meta.description.replaceAll('|', '\\|')} |`,
  );
  return ['| rule | default severity | needs | fires when |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function cells(table: string): string {
  return table
    .split('\n')
    .filter((row) => row.trim() !== '')
    .map((row) =>
      row
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/^-+$/, '---'))
        .join('|'),
    )
    .join('\n');
}

describe('rule catalogue', () => {
  it('has one rule per id', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is listed in the README exactly as registered', () => {
    const readme = readFileSync(README, 'utf8');
    const current = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
    const expected = `${START}\n${rulesTable()}\n${END}`;
    // Prettier pads the columns: compare cells, not spacing.
    if (process.env.UPDATE_README && cells(current) !== cells(expected)) {
      writeFileSync(README, readme.replace(current, expected));
    } else expect(cells(current)).toBe(cells(expected));
  });

  it.skipIf(!existsSync(CATALOGUE))('implements every rule id of spec/RULES.md and no other', () => {
    const catalogue = readFileSync(CATALOGUE, 'utf8');
    const specIds = [...catalogue.matchAll(/^\| ([a-z0-9-]+) \| (error|warning|info)/gm)].map((m) => m[1]);
    expect(RULES.map((r) => r.meta.id).sort()).toEqual(specIds.sort());
  });
});
