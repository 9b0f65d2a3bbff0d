/**
 * Subjects for the rules that read an API server probe (server-*, clock-skew): a context
 * `prod` on cluster `prod-cluster`, user `prod-user`, with the probe result a test gives.
 */
import type { Platform, ProbeResult, Snapshot } from '../../../shared/facts';
import type { ContextSubject } from '../../../shared/facts';
import type { ContextRule } from '../../../shared/rules/types';
import { ENV, NOW, subjectOf } from '../rules';
import { snapshotFrom } from '../snapshot';
import type { ValidCase } from '../rule-tester';

const HOME = '/home/u/.kube/config';
export const CANARY = 'kw-canary-probe-7f3a9c2e1d';
export const SSR = 'POST /apis/authentication.k8s.io/v1/selfsubjectreviews';

export interface Setup {
  server?: string;
  /** YAML flow mapping of the cluster entry, beside `server`. */
  cluster?: string;
  /** YAML of the user entry (indented under `user:`). */
  user?: string;
  namespace?: string;
}

function kubeconfig(setup: Setup): string {
  const cluster = `{server: ${JSON.stringify(setup.server ?? 'https://api.prod.example.com:6443')}${setup.cluster ? `, ${setup.cluster}` : ''}}`;
  const namespace = setup.namespace ? `, namespace: ${setup.namespace}` : '';
  return `apiVersion: v1
clusters: [{name: prod-cluster, cluster: ${cluster}}]
users:
- name: prod-user
  user:
${setup.user ?? `    token: ${CANARY}`}
contexts: [{name: prod, context: {cluster: prod-cluster, user: prod-user${namespace}}}]
current-context: prod
`;
}

/** The context after the probe answered as `probe` says (undefined: offline, no probe). */
export function subjectWith(setup: Setup, probe?: ProbeResult): ContextSubject {
  const base = snapshotFrom({ sources: { [HOME]: kubeconfig(setup) } });
  const snapshot: Snapshot = probe ? { ...base, probes: new Map([['prod', probe]]) } : base;
  return subjectOf(snapshot);
}

export function run(rule: ContextRule, setup: Setup, probe?: ProbeResult, platform: Platform = 'linux') {
  return rule.check(subjectWith(setup, probe), { ...ENV, platform });
}

export function answered(
  status: number,
  extra: Partial<Extract<ProbeResult, { state: 'answered' }>> = {},
): ProbeResult {
  return { state: 'answered', request: SSR, status, localDate: NOW, durationMs: 40, ...extra };
}

/** Probes no probe rule may speak about: none (offline), skipped, or a healthy answer. */
export const QUIET_PROBES: ValidCase<ContextSubject>[] = [
  { name: 'offline (no probe)', subject: () => subjectWith({}) },
  { name: 'a probe skipped offline', subject: () => subjectWith({}, { state: 'skipped', reason: 'offline' }) },
  {
    name: 'a probe skipped for want of a credential',
    subject: () => subjectWith({}, { state: 'skipped', reason: 'no-credential' }),
  },
  {
    name: 'a healthy answer',
    subject: () =>
      subjectWith({}, answered(201, { identity: { username: 'alice', groups: [] }, serverDate: NOW - 2_000 })),
  },
];

export const SERVER_CERT = {
  subject: 'CN=kube-apiserver',
  issuer: 'CN=some-other-ca',
  notBefore: NOW - 30 * 86_400_000,
  notAfter: NOW + 300 * 86_400_000,
  subjectAltName: 'DNS:kubernetes, DNS:kubernetes.default, IP Address:10.96.0.1',
  fingerprint256: 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89',
};

export const EKS_EXEC = `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [--region, eu-west-1, eks, get-token, --cluster-name, prod]
      env: [{name: AWS_PROFILE, value: dev}]`;
