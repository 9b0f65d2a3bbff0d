/**
 * tokenCreatorContext looks candidates up in an index built once per check. It must pick
 * exactly what a scan of every context picks: checked against that scan on random kubeconfigs
 * where clusters share servers, users are missing and names repeat.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContextSubject } from '../../shared/facts';
import { tokenCreatorContext } from '../../shared/guides/token';
import { subjectsOf } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';

/** The scan the index replaced, as it was. */
function scanned(subject: ContextSubject): string | undefined {
  if (subject.user?.value.tokenFile !== undefined) return undefined;
  const { config } = subject.snapshot;
  const broken = subject.context.value.user;
  const cluster = subject.context.value.cluster;
  const server = subject.cluster?.value.server;
  const candidates = [...config.contexts.values()].filter(({ name, value }) => {
    if (name === subject.name || value.user === undefined || value.user === broken) return false;
    if (!config.users.has(value.user) || value.cluster === undefined) return false;
    const sameServer = server !== undefined && config.clusters.get(value.cluster)?.value.server === server;
    return value.cluster === cluster || sameServer;
  });
  return (candidates.find((c) => c.name === config.currentContext) ?? candidates[0])?.name;
}

const name = (prefix: string) => fc.integer({ min: 0, max: 4 }).map((n) => `${prefix}${n}`);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const kubeconfig = fc
  .record({
    clusters: fc.array(fc.record({ name: name('c'), server: maybe(name('https://s')) }), { maxLength: 5 }),
    users: fc.array(fc.record({ name: name('u'), tokenFile: fc.boolean() }), { maxLength: 5 }),
    contexts: fc.array(fc.record({ name: name('x'), cluster: maybe(name('c')), user: maybe(name('u')) }), {
      maxLength: 8,
    }),
    current: maybe(name('x')),
  })
  .map(({ clusters, users, contexts, current }) => {
    const unique = <T extends { name: string }>(entries: T[]) =>
      entries.filter((e, i) => entries.findIndex((f) => f.name === e.name) === i);
    return JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      ...(current ? { 'current-context': current } : {}),
      clusters: unique(clusters).map((c) => ({ name: c.name, cluster: c.server ? { server: c.server } : {} })),
      users: unique(users).map((u) => ({
        name: u.name,
        user: u.tokenFile ? { token: 't', tokenFile: '/t' } : { token: 't' },
      })),
      contexts: unique(contexts).map((c) => ({
        name: c.name,
        context: { ...(c.cluster ? { cluster: c.cluster } : {}), ...(c.user ? { user: c.user } : {}) },
      })),
    });
  });

describe('tokenCreatorContext', () => {
  it('picks what a scan of every context picks', () => {
    fc.assert(
      fc.property(kubeconfig, (text) => {
        const snapshot = snapshotFrom({ sources: { '/k/config': text } });
        for (const subject of subjectsOf(snapshot)) expect(tokenCreatorContext(subject)).toBe(scanned(subject));
      }),
      { numRuns: 500 },
    );
  });
});
