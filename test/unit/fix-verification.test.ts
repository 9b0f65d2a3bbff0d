import { describe, expect, it } from 'vitest';
import { diagnose } from '../../shared/diagnose';
import { verificationOf } from '../../shared/fix-verification';
import type { Report } from '../../shared/findings';
import { ENV } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';

const CONFIG = '/home/u/.kube/config';

/** A fresh check of this kubeconfig text, as the wizard's last step runs one (offline rules). */
function check(text: string, mode = 0o600): Report {
  return diagnose(snapshotFrom({ sources: { [CONFIG]: text }, mode }), ENV);
}

function config(contexts: string, users = '- {name: alice, user: {token: kw-canary-token-0123456789abcdef}}'): string {
  return `apiVersion: v1
clusters:
- {name: prod, cluster: {server: "https://prod.example.test:6443"}}
users:
${users}
contexts:
${contexts}
current-context: prod
`;
}

const DANGLING = config(`- {name: prod, context: {cluster: prod, user: alice}}
- {name: stale, context: {cluster: gone, user: alice}}`);

describe('verificationOf', () => {
  it('says not fixed while the rule still fires for the context, naming what is wrong', () => {
    const before = check(DANGLING);
    const result = verificationOf(before, { context: 'stale', rule: 'context-dangling' });
    expect(result.fixed).toBe(false);
    expect(result.checkedAt).toBe(before.checkedAt);
    expect(result.context?.name).toBe('stale');
    expect(result.remaining.map((f) => f.rule)).toEqual(['context-dangling']);
    expect(result.message).toBe('Not fixed yet for stale: Context names an undefined cluster');
  });

  it('says fixed once the context is repointed, or deleted', () => {
    const repointed = check(
      config(`- {name: prod, context: {cluster: prod, user: alice}}
- {name: stale, context: {cluster: prod, user: alice}}`),
    );
    const result = verificationOf(repointed, { context: 'stale', rule: 'context-dangling' });
    expect(result.fixed).toBe(true);
    expect(result.remaining).toEqual([]);
    expect(result.context?.name).toBe('stale');

    const deleted = check(config('- {name: prod, context: {cluster: prod, user: alice}}'));
    expect(verificationOf(deleted, { context: 'stale', rule: 'context-dangling' })).toEqual({
      fixed: true,
      checkedAt: deleted.checkedAt,
      remaining: [],
      message: 'Fixed: context stale is no longer in the kubeconfig',
    });
  });

  it('names the worst other problem of the context, fixed or not', () => {
    const basic = '- {name: alice, user: {username: alice, password: kw-canary-pass-0123456789}}';
    const stillDangling = check(
      config(
        `- {name: prod, context: {cluster: prod, user: alice}}
- {name: stale, context: {cluster: gone, user: alice}}`,
        basic,
      ),
    );
    const notFixed = verificationOf(stillDangling, { context: 'stale', rule: 'context-dangling' });
    const basicTitle = stillDangling.contexts[0]?.findings.find((f) => f.rule === 'basic-auth-removed')?.title;
    expect(basicTitle).toBeTruthy();
    expect(notFixed.message).toBe(
      `Not fixed yet for stale: Context names an undefined cluster; also: ${basicTitle} (error)`,
    );

    const repointed = check(
      config(
        `- {name: prod, context: {cluster: prod, user: alice}}
- {name: stale, context: {cluster: prod, user: alice}}`,
        basic,
      ),
    );
    const fixed = verificationOf(repointed, { context: 'stale', rule: 'context-dangling' });
    expect(fixed.fixed).toBe(true);
    expect(fixed.message).toBe(`Fixed; stale still has a problem: ${basicTitle} (error)`);
    expect(JSON.stringify([notFixed, fixed])).not.toMatch(/kw-canary/);
  });

  it('says kubectl can use the context again when nothing worse than info is left', () => {
    const report = check(config('- {name: prod, context: {cluster: prod, user: alice}}'));
    expect(report.contexts[0]?.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(verificationOf(report, { context: 'prod', rule: 'context-dangling' }).message).toBe(
      'Fixed: kubectl can use prod again',
    );
  });

  it('looks at config-wide findings when the ref has no context', () => {
    const text = config('- {name: prod, context: {cluster: prod, user: alice}}');
    const open = verificationOf(check(text, 0o644), { rule: 'kubeconfig-permissions' });
    expect(open.fixed).toBe(false);
    expect(open.context).toBeUndefined();
    expect(open.message).toBe('Not fixed yet: Kubeconfig readable by others');
    const closed = verificationOf(check(text, 0o600), { rule: 'kubeconfig-permissions' });
    expect(closed).toMatchObject({
      fixed: true,
      remaining: [],
      message: 'Fixed: the kubeconfig no longer has this problem',
    });
  });

  it('reports a config-wide fix that leaves another config-wide problem', () => {
    const noCurrent = config('- {name: prod, context: {cluster: prod, user: alice}}').replace(
      'current-context: prod\n',
      '',
    );
    const result = verificationOf(check(noCurrent), { rule: 'kubeconfig-permissions' });
    expect(result.fixed).toBe(true);
    expect(result.message).toBe('Fixed; the kubeconfig still has a problem: No current context (error)');
  });
});
