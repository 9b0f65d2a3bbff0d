/**
 * The documentation generated from the rule registry: the README's rule table, one page per
 * rule (docs/rules/<id>.md) and their index (docs/rules/README.md). This test keeps them in step
 * with the rules' metadata; run it with UPDATE_DOCS=1 to rewrite them.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../shared/rules';
import { RULE_IDS } from '../../shared/rules/ids';
import type { RuleMeta, RuleNeeds } from '../../shared/rules/types';

const ROOT = path.resolve(import.meta.dirname, '../..');
const README = path.join(ROOT, 'README.md');
const RULE_DOCS = path.join(ROOT, 'docs', 'rules');
const INDEX = 'README.md';
const START = '<!-- rules:start -->';
const END = '<!-- rules:end -->';
const UPDATE = Boolean(process.env.UPDATE_DOCS);
const REGENERATE = 'UPDATE_DOCS=1 npx vitest run test/unit/rule-docs.test.ts';

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

const NEEDS: Record<RuleNeeds, string> = {
  offline: 'offline (only the kubeconfig files and the files they name: it runs with `--offline` too)',
  exec: "exec (the output of the user's exec plugin: skipped with `--offline`, and in the desktop app until the plugin is approved)",
  probe:
    'probe (a live request to the API server: skipped with `--offline`, and for a cluster whose probes are off in the settings)',
};

function rulePage(meta: RuleMeta): string {
  return [
    `# ${meta.id}: ${meta.title}`,
    '',
    `<!-- Generated from the rule's metadata by test/unit/rule-docs.test.ts; edit shared/rules/${meta.id}.ts, then run ${REGENERATE}. -->`,
    '',
    `- Default severity: ${meta.severity}`,
    `- Needs: ${NEEDS[meta.needs]}`,
    `- Code: [shared/rules/${meta.id}.ts](../../shared/rules/${meta.id}.ts)`,
    `- Tests: [test/rules/${meta.id}.test.ts](../../test/rules/${meta.id}.test.ts)`,
    '',
    '## When it fires',
    '',
    meta.description,
    '',
    '## Why this happens',
    '',
    meta.explanation,
    '',
    '## What to do',
    '',
    meta.remedy,
    '',
  ].join('\n');
}

function rulesIndex(): string {
  return [
    '# Rules',
    '',
    `<!-- Generated from the rule registry by test/unit/rule-docs.test.ts; run ${REGENERATE}. -->`,
    '',
    'Every finding kubeward reports names one of these rules, in the order a report lists them. ' +
      'Rule ids are stable: they appear in `kubeward check --json`, in `kubeward watch` lines and in notifications.',
    '',
    ...RULES.map(({ meta }) => `- [${meta.id}](${meta.id}.md): ${meta.title} (${meta.severity})`),
    '',
  ].join('\n');
}

/** The file as it should be: rewritten under UPDATE_DOCS, else compared. */
function expectCurrent(file: string, expected: string): void {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (UPDATE && current !== expected) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, expected);
  } else expect(current, `${path.relative(ROOT, file)} is stale or missing: run ${REGENERATE}`).toBe(expected);
}

describe('rule registry', () => {
  it('has one rule per id, in the order of RULE_IDS', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(RULE_IDS);
  });
});

describe('generated rule documentation', () => {
  it('is listed in the README exactly as registered', () => {
    const readme = readFileSync(README, 'utf8');
    const current = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
    const expected = `${START}\n${rulesTable()}\n${END}`;
    // Prettier pads the columns: compare cells, not spacing.
    if (UPDATE && cells(current) !== cells(expected)) {
      writeFileSync(README, readme.replace(current, expected));
    } else expect(cells(current)).toBe(cells(expected));
  });

  it.each(RULES.map((rule) => [rule.meta.id, rule.meta] as const))(
    'has a current page docs/rules/%s.md',
    (id, meta) => {
      expectCurrent(path.join(RULE_DOCS, `${id}.md`), rulePage(meta));
    },
  );

  it('has a current index, docs/rules/README.md', () => {
    expectCurrent(path.join(RULE_DOCS, INDEX), rulesIndex());
  });

  it('has no page for an id no rule has', () => {
    const pages = new Set(RULES.map(({ meta }) => `${meta.id}.md`).concat(INDEX));
    const strays = (existsSync(RULE_DOCS) ? readdirSync(RULE_DOCS) : []).filter((name) => !pages.has(name));
    if (UPDATE) for (const stray of strays) rmSync(path.join(RULE_DOCS, stray));
    else expect(strays, `pages for unknown rule ids: remove them, or run ${REGENERATE}`).toEqual([]);
  });
});
