/** Each rule id has its tests in one place, named by the id (as ESLint's tests/lib/rules). */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULE_IDS, isRuleId } from '../../shared/rules/ids';

const RULE_TESTS = fileURLToPath(new URL('../rules/', import.meta.url));
const SUFFIX = '.test.ts';

describe('test/rules', () => {
  const files = readdirSync(RULE_TESTS);

  it('has test/rules/<id>.test.ts for every rule id in the registry', () => {
    const missing = RULE_IDS.filter((id) => !files.includes(`${id}${SUFFIX}`));
    expect(missing).toEqual([]);
  });

  it('holds only files named after a registered rule id', () => {
    const strays = files.filter((file) => !file.endsWith(SUFFIX) || !isRuleId(file.slice(0, -SUFFIX.length)));
    expect(strays).toEqual([]);
  });
});
