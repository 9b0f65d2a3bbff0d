/**
 * Subjects for the rules about the kubeconfig files themselves (kubeconfig-*, context-missing):
 * a KUBECONFIG list of the home config and a work file, one valid config holding a canary token.
 */
import type { Snapshot } from '../../../shared/facts';
import { snapshotFrom, type SnapshotInput } from '../snapshot';

export const HOME = '/home/u/.kube/config';
export const WORK = '/home/u/work.yaml';
export const CANARY = 'kw-canary-s3cr3t-token-0123456789';

export const CONFIG = `apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster: {server: "https://prod.example.com:6443"}
users:
- name: admin
  user: {token: ${CANARY}}
contexts:
- name: prod
  context: {cluster: prod, user: admin}
current-context: prod
`;

/** The snapshot of these files, for a table case. */
export function files(input: SnapshotInput): () => Snapshot {
  return () => snapshotFrom(input);
}
