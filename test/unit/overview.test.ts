/** The overview's lead, from reports the engine made: findings folded by cause, counts that agree with the chips. */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../shared/diagnose';
import type { ProbeResult } from '../../shared/facts';
import { headline, missingKubeconfig, nextProblem, overviewItems, statusCounts } from '../../shared/overview';
import { ENV } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';
import { SERVER_CERT } from '../support/subjects/probe';

const CONFIG = '/home/u/.kube/config';

/** One cluster per context, each its own server; every user an opaque token (an info finding at most). */
function kubeconfig(names: readonly string[], current?: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    ...(current ? { 'current-context': current } : {}),
    clusters: names.map((name, i) => ({ name, cluster: { server: `https://10.0.0.${i + 1}:6443` } })),
    users: names.map((name) => ({ name, user: { token: `opaque-${name}-token-value` } })),
    contexts: names.map((name) => ({ name, context: { cluster: name, user: name } })),
  });
}

function untrusted(issuer: string): ProbeResult {
  return {
    state: 'tls-error',
    code: 'SELF_SIGNED_CERT_IN_CHAIN',
    message: 'self-signed certificate in certificate chain',
    serverCertificate: { ...SERVER_CERT, issuer },
  };
}

function reportWith(probes: Record<string, ProbeResult>, names: readonly string[]) {
  const snapshot = snapshotFrom({ sources: { [CONFIG]: kubeconfig(names, names[0]) } });
  return diagnose({ ...snapshot, probes: new Map(Object.entries(probes)) }, ENV);
}

const PROXY = 'CN=Corp TLS Inspection CA, O=Example Corp';

describe('the overview', () => {
  const names = ['eks-prod', 'gke-stage', 'kubeadm-lab', 'oidc-dev', 'other'];
  const report = reportWith(
    {
      'eks-prod': untrusted(PROXY),
      'gke-stage': untrusted(PROXY),
      'kubeadm-lab': untrusted(PROXY),
      'oidc-dev': untrusted(PROXY),
      other: untrusted('CN=other-ca'),
    },
    names,
  );

  it('folds the clusters that answered with one issuer into one line, and leaves a lone one alone', () => {
    const items = overviewItems(report);
    expect(items).toHaveLength(2);
    const [group, single] = items;
    expect(group).toMatchObject({
      kind: 'group',
      rule: 'server-tls-untrusted',
      severity: 'error',
      title: `4 clusters answered with a certificate from the same issuer (${PROXY}): probably a TLS-inspecting proxy or VPN`,
    });
    expect(group?.kind === 'group' && group.problems.map((p) => p.context)).toEqual([
      'eks-prod',
      'gke-stage',
      'kubeadm-lab',
      'oidc-dev',
    ]);
    expect(single).toMatchObject({ kind: 'problem', context: 'other' });
  });

  it('counts contexts in the headline as the filter chips do', () => {
    const counts = statusCounts(report);
    expect(counts.get('error')).toBe(5);
    expect(headline(report)).toBe('5 of 5 contexts have errors');
    const calm = reportWith({}, names);
    expect(headline(calm)).toBe('All 5 contexts look fine');
  });

  it('offers the next problem after one is fixed', () => {
    expect(nextProblem(report, { context: 'eks-prod', rule: 'server-tls-untrusted' })?.context).toBe('gke-stage');
    expect(nextProblem(reportWith({}, names), { context: 'eks-prod', rule: 'server-tls-untrusted' })).toBeUndefined();
  });

  it('knows when there is no kubeconfig at all, and never calls it "1 error in 0 contexts"', () => {
    const none = diagnose(snapshotFrom({ sources: { [CONFIG]: { state: 'missing' } } }), ENV);
    expect(missingKubeconfig(none)).toBe(CONFIG);
    expect(headline(none)).toBe('1 problem in the kubeconfig itself');
    expect(missingKubeconfig(report)).toBeUndefined();
  });
});
