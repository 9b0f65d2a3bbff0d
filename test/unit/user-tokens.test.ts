import { beforeAll, describe, expect, it } from 'vitest';
import { userTokens } from '../../shared/credentials/token';
import type { ContextSubject } from '../../shared/facts';
import { subjectsOf } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';
import { CONFIG, kubeconfig, makeServiceAccountTokens, type ServiceAccountTokens } from '../support/subjects/token';

let t: ServiceAccountTokens;
beforeAll(async () => {
  t = await makeServiceAccountTokens();
});

describe('userTokens', () => {
  it('decodes a user once per check however many contexts share it', () => {
    const names = Array.from({ length: 1000 }, (_, i) => `ctx-${i}`);
    const snapshot = snapshotFrom({ sources: { [CONFIG]: kubeconfig({ token: t.freshSa }, names) } });
    const subjects = subjectsOf(snapshot);
    expect(subjects.filter((s) => s.user)).toHaveLength(1000);
    const first = userTokens(subjects[0] as ContextSubject);
    expect(first.sent?.decoded.format).toBe('jwt');
    expect(subjects.every((subject) => userTokens(subject) === first)).toBe(true);
    // A new check, of the same snapshot or of a new one (a re-read kubeconfig), decodes afresh.
    expect(userTokens(subjectsOf(snapshot)[0] as ContextSubject)).not.toBe(first);
    const again = snapshotFrom({ sources: { [CONFIG]: kubeconfig({ token: t.freshSa }, names) } });
    expect(userTokens(subjectsOf(again)[0] as ContextSubject)).not.toBe(first);
  });
});
