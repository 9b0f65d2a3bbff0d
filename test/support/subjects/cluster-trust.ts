/**
 * Subjects for the rules about how kubectl trusts the API server (cluster-ca-*,
 * insecure-skip-tls-verify): one cluster `prod` with the CA fields a test gives, and real
 * CA certificates (test/fixtures/pki.ts) dated around NOW.
 */
import type { ContextSubject } from '../../../shared/facts';
import type { ContextRule, FindingDraft } from '../../../shared/rules/types';
import { createCa, DAY, newKeyPair, toData, type Ca } from '../../fixtures/pki';
import { ENV, NOW, subjectOf } from '../rules';
import type { SnapshotInput } from '../snapshot';

const CONFIG = '/home/u/.kube/config';
export const CA_FILE = '/home/u/.kube/ca.crt';
export const SERVER = 'https://k8s.example.test:6443';
export const EKS_CONTEXT = 'arn:aws:eks:eu-west-1:123456789012:cluster/shop';

export type Entry = Record<string, unknown>;

function kubeconfig(cluster: Entry, context: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': context,
    clusters: [{ name: 'prod', cluster: { server: SERVER, ...cluster } }],
    users: [{ name: 'alice', user: { token: 'opaque-token' } }],
    contexts: [{ name: context, context: { cluster: 'prod', user: 'alice' } }],
  });
}

export function subject(cluster: Entry, files: SnapshotInput['files'] = {}, context = 'dev'): ContextSubject {
  return subjectOf({ sources: { [CONFIG]: kubeconfig(cluster, context) }, files });
}

export function run(
  rule: ContextRule,
  cluster: Entry,
  files?: SnapshotInput['files'],
  context?: string,
): FindingDraft[] {
  return rule.check(subject(cluster, files, context), ENV);
}

export function caData(pem: string): Entry {
  return { 'certificate-authority-data': toData(pem) };
}

/** A certificate block whose body is not DER. */
export const BROKEN_CERTIFICATE = `-----BEGIN CERTIFICATE-----\n${Buffer.from('not DER').toString('base64')}\n-----END CERTIFICATE-----\n`;

export interface ClusterCas {
  /** Valid for ten years. */
  ca: Ca;
  /** Expired 3 days ago. */
  expiredCa: Ca;
  /** Expired 30 days ago. */
  olderCa: Ca;
}

/** The CAs of the cluster trust tests; call in `beforeAll`. */
export function makeClusterCas(): ClusterCas {
  const at = (ms: number) => new Date(ms);
  return {
    ca: createCa({ cn: 'kubernetes', notBefore: at(NOW - 365 * DAY), notAfter: at(NOW + 3650 * DAY) }),
    expiredCa: createCa({ cn: 'kubernetes', notBefore: at(NOW - 3650 * DAY), notAfter: at(NOW - 3 * DAY) }),
    olderCa: createCa({
      cn: 'old-root',
      key: newKeyPair(),
      notBefore: at(NOW - 3650 * DAY),
      notAfter: at(NOW - 30 * DAY),
    }),
  };
}
