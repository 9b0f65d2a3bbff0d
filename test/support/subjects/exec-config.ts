/**
 * Subjects for the rules that read an exec section without running it (exec-plugin-missing,
 * exec-api-version-unsupported, exec-config-invalid, exec-interactive-only): a context `prod`
 * whose user `prod` has the exec fields a test gives.
 */
import type { ContextSubject } from '../../../shared/facts';
import { subjectOf } from '../rules';
import type { SnapshotInput } from '../snapshot';

export const HOME = '/home/u/.kube/config';
export const TOKEN = 'kw-canary-token-91b2c3d4e5';
export const V1 = 'client.authentication.k8s.io/v1';
export const V1BETA1 = 'client.authentication.k8s.io/v1beta1';

export interface Exec {
  command?: string;
  apiVersion?: string;
  args?: string[];
  interactiveMode?: string;
  installHint?: string;
}

/** A context `prod` whose user has this exec section (plus extra YAML user fields). */
export function config(exec: Exec, extra = '', context = 'prod'): string {
  const lines = [
    exec.command === undefined ? '' : `      command: ${exec.command}`,
    exec.apiVersion === undefined ? '' : `      apiVersion: ${exec.apiVersion}`,
    exec.args === undefined ? '' : `      args: ${JSON.stringify(exec.args)}`,
    exec.interactiveMode === undefined ? '' : `      interactiveMode: ${exec.interactiveMode}`,
    exec.installHint === undefined ? '' : `      installHint: |\n${exec.installHint.replace(/^/gm, '        ')}`,
  ].filter(Boolean);
  return `apiVersion: v1
clusters: [{name: prod, cluster: {server: "https://prod.example.com"}}]
users:
- name: prod
  user:
    exec:
${lines.join('\n')}
${extra}
contexts: [{name: ${JSON.stringify(context)}, context: {cluster: prod, user: prod}}]
`;
}

/** The context of this exec section; `commands` says what PATH lookup found (absent: nothing looked up). */
export function subject(exec: Exec, commands?: SnapshotInput['commands'], extra?: string): ContextSubject {
  return subjectOf({ sources: { [HOME]: config(exec, extra) }, commands });
}
