import { describe, expect, it } from 'vitest';
import clusterServerMissing from '../../shared/rules/cluster-server-missing';
import contextDangling from '../../shared/rules/context-dangling';
import fileReferenceMissing from '../../shared/rules/file-reference-missing';
import { commandsOf, ENV, runContextRule, subjectOf } from '../support/rules';
import type { SnapshotInput } from '../support/snapshot';

const HOME = '/home/u/.kube/config';
const CANARY = 'kw-canary-s3cr3t-token-0123456789';

describe('context-dangling', () => {
  const config = `apiVersion: v1
clusters:
- {name: prod, cluster: {server: "https://prod:6443"}}
- {name: prod-new, cluster: {server: "https://prod2:6443"}}
users:
- {name: admin, user: {token: ${CANARY}}}
contexts:
- {name: ok, context: {cluster: prod, user: admin}}
- {name: lost-cluster, context: {cluster: prod-old, user: admin}}
- {name: lost-user, context: {cluster: prod, user: ghost}}
- {name: no-cluster, context: {user: admin}}
- {name: no-user, context: {cluster: prod}}
`;
  const check = (name: string) =>
    runContextRule(contextDangling, subjectOf({ sources: { [HOME]: config } }, name), ENV);

  it('is silent for a context whose entries exist, and for one without a user (credentials-missing)', () => {
    expect(check('ok')).toEqual([]);
    expect(check('no-user')).toEqual([]);
  });

  it('names the undefined cluster and suggests the one no context uses', () => {
    const findings = check('lost-cluster');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence).toEqual({
      context: 'lost-cluster',
      source: HOME,
      missing: 'cluster',
      name: 'prod-old',
    });
    expect(findings[0]?.detail).toContain('names cluster "prod-old", which no kubeconfig file defines');
    expect(findings[0]?.detail).toContain('localhost:8080');
    expect(commandsOf(findings)).toEqual([
      'kubectl config set-context lost-cluster --cluster=prod-new',
      'kubectl config delete-context lost-cluster',
    ]);
    // Repointing first (the user's own call), deleting as the second option, which kubeward can do itself.
    expect(findings[0]?.fix.map((s) => s.action)).toEqual([
      undefined,
      { kind: 'delete-context', context: 'lost-cluster' },
    ]);
  });

  it('names the undefined user, and lists the defined ones when none is an obvious pick', () => {
    const findings = check('lost-user');
    expect(findings[0]?.detail).toContain('names user "ghost"');
    expect(findings[0]?.detail).toContain('anonymous');
    expect(findings[0]?.fix[0]).toEqual({
      title: 'Point context lost-user at a defined user (replace <USER>: one of admin)',
      command: 'kubectl config set-context lost-user --user=<USER>',
    });
  });

  it('reports a context with no cluster at all', () => {
    expect(check('no-cluster')[0]?.title).toBe('Context has no cluster');
  });

  it('adds the re-fetch command for a provider context', () => {
    const eks = `apiVersion: v1
contexts:
- name: arn:aws:eks:us-east-1:123456789012:cluster/shop
  context: {cluster: "arn:aws:eks:us-east-1:123456789012:cluster/shop", user: "arn:aws:eks:us-east-1:123456789012:cluster/shop"}
`;
    const findings = runContextRule(contextDangling, subjectOf({ sources: { [HOME]: eks } }), ENV);
    expect(findings.map((f) => f.evidence.missing)).toEqual(['cluster', 'user']);
    expect(commandsOf(findings)).toContain('aws eks update-kubeconfig --name shop --region us-east-1');
    expect(findings[0]?.fix.at(-1)?.action).toEqual({
      kind: 'run',
      program: 'aws',
      args: ['eks', 'update-kubeconfig', '--name', 'shop', '--region', 'us-east-1'],
    });
  });
});

describe('cluster-server-missing', () => {
  const config = (cluster: string) => `apiVersion: v1
clusters: [{name: gke_acme_us-central1_api, cluster: ${cluster}}]
users: [{name: u, user: {token: ${CANARY}}}]
contexts: [{name: gke_acme_us-central1_api, context: {cluster: gke_acme_us-central1_api, user: u}}]
`;

  it('fires without a server and re-fetches', () => {
    const findings = runContextRule(
      clusterServerMissing,
      subjectOf({ sources: { [HOME]: config('{certificate-authority-data: eA==}') } }),
      ENV,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence).toEqual({
      context: 'gke_acme_us-central1_api',
      cluster: 'gke_acme_us-central1_api',
      source: HOME,
    });
    expect(commandsOf(findings)).toEqual([
      'gcloud container clusters get-credentials api --location us-central1 --project acme',
      'kubectl config set-cluster gke_acme_us-central1_api --server=<SERVER_URL>',
    ]);
  });

  it('is silent with a server, and when the cluster is undefined (context-dangling)', () => {
    expect(
      runContextRule(clusterServerMissing, subjectOf({ sources: { [HOME]: config('{server: "https://x"}') } }), ENV),
    ).toEqual([]);
    const dangling = config('{server: "https://x"}').replace(
      'clusters: [{name: gke_acme_us-central1_api',
      'clusters: [{name: other',
    );
    expect(runContextRule(clusterServerMissing, subjectOf({ sources: { [HOME]: dangling } }), ENV)).toEqual([]);
  });
});

describe('file-reference-missing', () => {
  const KUBE = '/home/u/.kube';
  const config = (
    user: string,
    cluster = '{server: "https://k:6443", certificate-authority: ca.crt}',
  ) => `apiVersion: v1
clusters: [{name: k, cluster: ${cluster}}]
users: [{name: me, user: ${user}}]
contexts: [{name: k, context: {cluster: k, user: me}}]
`;
  const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  const check = (input: SnapshotInput) => runContextRule(fileReferenceMissing, subjectOf(input), ENV);

  it('is silent when every referenced file reads', () => {
    const files = { [`${KUBE}/ca.crt`]: PEM, [`${KUBE}/me.crt`]: PEM, [`${KUBE}/me.key`]: PEM };
    expect(check({ sources: { [HOME]: config('{client-certificate: me.crt, client-key: me.key}') }, files })).toEqual(
      [],
    );
  });

  it('reports a missing relative CA with its resolved path and the path as written', () => {
    const findings = check({ sources: { [HOME]: config(`{token: ${CANARY}}`) } });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence).toEqual({
      context: 'k',
      cluster: 'k',
      field: 'certificate-authority',
      path: `${KUBE}/ca.crt`,
      written: 'ca.crt',
      state: 'missing',
    });
    expect(findings[0]?.detail).toContain(`${KUBE}/ca.crt (written "ca.crt" in ${HOME}), does not exist`);
    expect(findings[0]?.fix[0]).toEqual({
      title: `See what is at ${KUBE}/ca.crt`,
      command: `ls -l ${KUBE}/ca.crt`,
    });
    expect(JSON.stringify(findings)).not.toContain(CANARY);
  });

  it('reports an unreadable client key and a directory as the certificate', () => {
    const files = {
      [`${KUBE}/ca.crt`]: PEM,
      '/etc/k8s/me.crt': { state: 'directory' as const },
      '/etc/k8s/me.key': { state: 'unreadable' as const, reason: 'EACCES: permission denied' },
    };
    const findings = check({
      sources: { [HOME]: config('{client-certificate: /etc/k8s/me.crt, client-key: /etc/k8s/me.key}') },
      files,
    });
    expect(findings.map((f) => [f.evidence.field, f.evidence.state, f.evidence.written])).toEqual([
      ['client-certificate', 'directory', '/etc/k8s/me.crt'],
      ['client-key', 'unreadable', '/etc/k8s/me.key'],
    ]);
    expect(findings[1]?.detail).toContain('cannot be read (EACCES: permission denied)');
  });

  it('ignores a key file kubectl never opens (no certificate)', () => {
    expect(
      check({
        sources: { [HOME]: config('{client-key: gone.key, tokenFile: t}') },
        files: { [`${KUBE}/ca.crt`]: PEM, [`${KUBE}/t`]: 'x' },
      }),
    ).toEqual([]);
  });

  it('is an error for a missing tokenFile alone, a warning when the inline token is the fallback', () => {
    const files = { [`${KUBE}/ca.crt`]: PEM };
    const alone = check({ sources: { [HOME]: config('{tokenFile: sa/token}') }, files });
    expect(alone[0]?.severity).toBeUndefined();
    expect(alone[0]?.detail).toContain('kubectl refuses context k');
    const withFallback = check({ sources: { [HOME]: config(`{tokenFile: sa/token, token: ${CANARY}}`) }, files });
    expect(withFallback[0]?.severity).toBe('warning');
    expect(withFallback[0]?.detail).toContain('falls back to the inline token');
    expect(commandsOf(withFallback)).toContain('kubectl config unset users.me.tokenFile');
    expect(JSON.stringify(withFallback)).not.toContain(CANARY);
  });
});
