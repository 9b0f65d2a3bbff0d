/**
 * Subjects for the rules about the credential fields of a user entry (credentials-*,
 * credential-shadowed, *-removed): one context `dev` on cluster `dev`, user `dev` with the
 * YAML body a test gives, and canary secrets no finding may repeat.
 */
import type { ContextSubject } from '../../../shared/facts';
import type { ContextRule, RuleEnv } from '../../../shared/rules/types';
import { ENV, subjectOf } from '../rules';

export const HOME = '/home/u/.kube/config';
export const TOKEN = 'kw-canary-token-7f3a9b1c2d';
export const PASSWORD = 'kw-canary-password-5e6f7a';
export const KEY_DATA = Buffer.from('-----BEGIN PRIVATE KEY-----\nkw-canary-key\n-----END PRIVATE KEY-----\n').toString(
  'base64',
);

/** One context `dev` on cluster `dev`, user `dev` with the given YAML body (indented by 4). */
export function config(user: string, contextName = 'dev', server = 'https://dev.example.com:6443'): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: dev
  cluster: {server: "${server}"}
users:
- name: dev
  user:
${user}
contexts:
- name: ${contextName}
  context: {cluster: dev, user: dev}
current-context: ${contextName}
`;
}

export function subject(user: string, contextName?: string): ContextSubject {
  return subjectOf({ sources: { [HOME]: config(user, contextName) } });
}

export function run(rule: ContextRule, user: string, env: RuleEnv = ENV, contextName?: string) {
  return rule.check(subject(user, contextName), env);
}

export const AWS_EXEC = `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [--region, us-east-1, eks, get-token, --cluster-name, dev]`;
export const OIDC = `    auth-provider:
      name: oidc
      config: {idp-issuer-url: "https://idp.example.com", client-id: k8s, id-token: ${TOKEN}, refresh-token: ${TOKEN}}`;
