/** Each rule id has its tests in one place, named by the id (as ESLint's tests/lib/rules). */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../shared/rules';

const RULE_TESTS = fileURLToPath(new URL('../rules/', import.meta.url));
const SUFFIX = '.test.ts';

describe('test/rules', () => {
  const files = readdirSync(RULE_TESTS);
  const ids = RULES.map((rule) => rule.meta.id);

  it('has test/rules/<id>.test.ts for every rule id in the registry', () => {
    const missing = ids.filter((id) => !files.includes(`${id}${SUFFIX}`));
    expect(missing).toEqual([]);
  });

  it('holds only files named after a registered rule id', () => {
    const strays = files.filter((file) => !file.endsWith(SUFFIX) || !ids.includes(file.slice(0, -SUFFIX.length)));
    expect(strays).toEqual([]);
  });
});
