import { beforeAll, describe, expect, it } from 'vitest';
import { userTokens } from '../../shared/credentials/token';
import { subjectsOf } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';
import { CONFIG, kubeconfig, makeServiceAccountTokens, type ServiceAccountTokens } from '../support/subjects/token';

let t: ServiceAccountTokens;
beforeAll(async () => {
  t = await makeServiceAccountTokens();
});

describe('userTokens', () => {
  it('decodes a user once per snapshot however many contexts share it', () => {
    const names = Array.from({ length: 1000 }, (_, i) => `ctx-${i}`);
    const snapshot = snapshotFrom({ sources: { [CONFIG]: kubeconfig({ token: t.freshSa }, names) } });
    const subjects = subjectsOf(snapshot);
    const users = subjects.flatMap((s) => (s.user ? [s.user] : []));
    expect(users).toHaveLength(1000);
    const first = userTokens(snapshot, users[0] as (typeof users)[0]);
    expect(first.sent?.decoded.format).toBe('jwt');
    expect(users.every((user) => userTokens(snapshot, user) === first)).toBe(true);
    // A new snapshot (a re-read kubeconfig) is decoded afresh.
    const again = snapshotFrom({ sources: { [CONFIG]: kubeconfig({ token: t.freshSa }, names) } });
    const againUser = subjectsOf(again)[0]?.user;
    expect(againUser && userTokens(again, againUser)).not.toBe(first);
  });
});
