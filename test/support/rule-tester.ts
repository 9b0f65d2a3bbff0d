/**
 * A small RuleTester in the spirit of ESLint's: a rule, the subjects on which it must report
 * nothing, and the subjects on which it must report exactly the findings listed. Each case
 * becomes one vitest `it`. Cases that need more than a table are plain `it` blocks in the
 * rule's test file, with `runRule` and `expectFindings`.
 *
 * Subjects are thunks: they are built when the case runs, after `beforeAll` made the
 * certificates and signed the tokens they carry.
 */
import { describe, expect, it } from 'vitest';
import type { Evidence, FixStep, Severity } from '../../shared/findings';
import { RULES } from '../../shared/rules';
import type { FindingDraft, Rule, RuleEnv, RuleMeta } from '../../shared/rules/types';
import { guideProblems } from './guide-conventions';
import { commandsOf, ENV, runRule, type SubjectOf } from './rules';

export interface ValidCase<S> {
  name: string;
  subject: () => S | Promise<S>;
  env?: RuleEnv;
}

/** What a finding must say; only the fields given are checked. */
interface ExpectedFinding {
  /** `undefined` asserts the draft leaves the severity to the rule's meta. */
  severity?: Severity | undefined;
  title?: string;
  /** Fragments the detail must contain. */
  detail?: readonly string[];
  expiresAt?: string | undefined;
  /** The whole evidence. */
  evidence?: Evidence;
  /** Part of the evidence (toMatchObject). */
  evidenceMatching?: Record<string, unknown>;
  /** Every command of the fix steps, in order. */
  commands?: readonly string[];
  /** The whole fix steps. */
  steps?: readonly FixStep[];
}

interface InvalidCase<S> extends ValidCase<S> {
  findings: readonly ExpectedFinding[];
  /** Strings (secrets) no finding may contain. */
  secrets?: readonly string[];
}

interface RuleTests<S> {
  /** Parts of the rule's metadata (e.g. `needs`, the default severity). */
  meta?: Partial<RuleMeta>;
  valid?: readonly ValidCase<S>[];
  invalid?: readonly InvalidCase<S>[];
}

function has<K extends keyof ExpectedFinding>(expected: ExpectedFinding, key: K): boolean {
  return Object.hasOwn(expected, key);
}

/** Checks one draft against what it must say. */
function expectFinding(draft: FindingDraft | undefined, expected: ExpectedFinding): void {
  expect(draft).toBeDefined();
  if (!draft) return;
  if (has(expected, 'severity')) expect(draft.severity).toBe(expected.severity);
  if (has(expected, 'title')) expect(draft.title).toBe(expected.title);
  for (const fragment of expected.detail ?? []) expect(draft.detail).toContain(fragment);
  if (has(expected, 'expiresAt')) expect(draft.expiresAt).toBe(expected.expiresAt);
  if (expected.evidence) expect(draft.evidence).toEqual(expected.evidence);
  if (expected.evidenceMatching) expect(draft.evidence).toMatchObject(expected.evidenceMatching);
  if (expected.commands) expect(commandsOf([draft])).toEqual(expected.commands);
  if (expected.steps) expect(draft.fix).toEqual(expected.steps);
}

/** Checks that the drafts are exactly the expected ones, in order. */
export function expectFindings(drafts: readonly FindingDraft[], expected: readonly ExpectedFinding[]): void {
  expect(drafts).toHaveLength(expected.length);
  // Every finding of every rule test is a representative subject for the guide conventions.
  expect(drafts.flatMap(guideProblems)).toEqual([]);
  expected.forEach((finding, i) => expectFinding(drafts[i], finding));
}

/** Registers the cases of one rule under a `describe` named by its id. */
export function testRule<R extends Rule>(rule: R, tests: RuleTests<SubjectOf<R>>): void {
  describe(rule.meta.id, () => {
    it('is registered', () => {
      expect(RULES).toContain(rule);
      if (tests.meta) expect(rule.meta).toMatchObject(tests.meta);
    });
    for (const valid of tests.valid ?? []) {
      it(`reports nothing: ${valid.name}`, async () => {
        expect(runRule(rule, await valid.subject(), valid.env ?? ENV)).toEqual([]);
      });
    }
    for (const invalid of tests.invalid ?? []) {
      it(invalid.name, async () => {
        const drafts = runRule(rule, await invalid.subject(), invalid.env ?? ENV);
        expectFindings(drafts, invalid.findings);
        const text = JSON.stringify(drafts);
        for (const secret of invalid.secrets ?? []) expect(text).not.toContain(secret);
      });
    }
  });
}
