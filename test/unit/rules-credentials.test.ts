import { describe, expect, it } from 'vitest';
import authProviderRemoved from '../../shared/rules/auth-provider-removed';
import basicAuthRemoved from '../../shared/rules/basic-auth-removed';
import credentialShadowed from '../../shared/rules/credential-shadowed';
import credentialsConflict from '../../shared/rules/credentials-conflict';
import credentialsMissing from '../../shared/rules/credentials-missing';
import clusterServerMissing from '../../shared/rules/cluster-server-missing';
import contextDangling from '../../shared/rules/context-dangling';
import execApiVersionUnsupported from '../../shared/rules/exec-api-version-unsupported';
import execConfigInvalid from '../../shared/rules/exec-config-invalid';
import execInteractiveOnly from '../../shared/rules/exec-interactive-only';
import execPluginMissing from '../../shared/rules/exec-plugin-missing';
import fileReferenceMissing from '../../shared/rules/file-reference-missing';
import type { ContextRule, RuleEnv } from '../../shared/rules/types';
import { commandsOf, ENV, runContextRule, subjectOf } from '../support/rules';

const HOME = '/home/u/.kube/config';
const TOKEN = 'kw-canary-token-7f3a9b1c2d';
const PASSWORD = 'kw-canary-password-5e6f7a';
const KEY_DATA = Buffer.from('-----BEGIN PRIVATE KEY-----\nkw-canary-key\n-----END PRIVATE KEY-----\n').toString(
  'base64',
);

/** One context `dev` on cluster `dev`, user `dev` with the given YAML body (indented by 4). */
function config(user: string, contextName = 'dev', server = 'https://dev.example.com:6443'): string {
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

function run(rule: ContextRule, user: string, env: RuleEnv = ENV, contextName?: string) {
  return rule.check(subjectOf({ sources: { [HOME]: config(user, contextName) } }), env);
}

const AWS_EXEC = `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [--region, us-east-1, eks, get-token, --cluster-name, dev]`;
const OIDC = `    auth-provider:
      name: oidc
      config: {idp-issuer-url: "https://idp.example.com", client-id: k8s, id-token: ${TOKEN}, refresh-token: ${TOKEN}}`;

describe('credentials-missing', () => {
  it('fires for an empty user entry and for a context without user', () => {
    const findings = run(credentialsMissing, '    {}');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.detail).toContain('User dev (in /home/u/.kube/config) has no credential');
    expect(findings[0]?.detail).toContain('Please enter Username');
    const noUser = `apiVersion: v1
clusters: [{name: c, cluster: {server: "https://c"}}]
users: [{name: robot, user: {token: ${TOKEN}}}]
contexts: [{name: c, context: {cluster: c}}]
`;
    const anonymous = runContextRule(credentialsMissing, subjectOf({ sources: { [HOME]: noUser } }), ENV);
    expect(anonymous[0]?.detail).toContain('Context c names no user');
    expect(commandsOf(anonymous)).toContain('kubectl config set-context c --user=robot');
    expect(JSON.stringify(anonymous)).not.toContain(TOKEN);
  });

  it('names half credentials kubectl never sends', () => {
    const [finding] = run(credentialsMissing, `    client-key-data: ${KEY_DATA}`);
    expect(finding?.evidence.ignored).toEqual(['client-key-data']);
    expect(finding?.detail).toContain('Its client-key-data alone is never sent');
    expect(JSON.stringify(finding)).not.toContain(KEY_DATA);
  });

  it('is silent for any credential, and for an undefined user (context-dangling)', () => {
    for (const body of [`    token: ${TOKEN}`, AWS_EXEC, OIDC, `    username: a\n    password: ${PASSWORD}`]) {
      expect(run(credentialsMissing, body), body).toEqual([]);
    }
    const dangling = config('    {}').replace('user: dev}', 'user: ghost}');
    expect(runContextRule(credentialsMissing, subjectOf({ sources: { [HOME]: dangling } }), ENV)).toEqual([]);
  });
});

describe('credentials-conflict', () => {
  it('is silent for entries kubectl accepts', () => {
    for (const body of [
      `    token: ${TOKEN}`,
      AWS_EXEC,
      `${AWS_EXEC}\n    token: ${TOKEN}`,
      `    client-key-data: ${KEY_DATA}`,
    ]) {
      expect(run(credentialsConflict, body), body).toEqual([]);
    }
  });

  it('quotes kubectl for token + basic auth and removes the basic auth', () => {
    const findings = run(credentialsConflict, `    token: ${TOKEN}\n    username: admin\n    password: ${PASSWORD}`);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.detail).toContain(
      '"more than one authentication method found for dev; found [token basicAuth], only one is allowed"',
    );
    expect(findings[0]?.evidence.problems).toEqual(['token-and-basic']);
    expect(commandsOf(findings)).toEqual([
      'kubectl config unset users.dev.username',
      'kubectl config unset users.dev.password',
    ]);
    const text = JSON.stringify(findings);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(PASSWORD);
  });

  it('drops a leftover certificate beside a plugin, and re-fetches a lone one', () => {
    const leftover = run(credentialsConflict, `${AWS_EXEC}\n    client-certificate-data: eA==`);
    expect(leftover[0]?.evidence.problems).toEqual(['cert-without-key']);
    expect(commandsOf(leftover)).toEqual(['kubectl config unset users.dev.client-certificate-data']);
    const lone = run(
      credentialsConflict,
      '    client-certificate: /etc/k8s/dev.crt',
      ENV,
      'arn:aws:eks:us-east-1:123456789012:cluster/dev',
    );
    expect(commandsOf(lone)).toEqual(['aws eks update-kubeconfig --name dev --region us-east-1']);
  });

  it('keeps the *-data field kubectl would use when both forms are set', () => {
    const findings = run(
      credentialsConflict,
      `    client-certificate: /c\n    client-certificate-data: eA==\n    client-key: /k\n    client-key-data: ${KEY_DATA}`,
    );
    expect(findings[0]?.evidence.problems).toEqual(['cert-file-and-data', 'key-file-and-data']);
    expect(commandsOf(findings)).toEqual([
      'kubectl config unset users.dev.client-certificate',
      'kubectl config unset users.dev.client-key',
    ]);
  });

  it('reports exec problems, but leaves interactiveMode to exec-config-invalid', () => {
    const findings = run(credentialsConflict, `${AWS_EXEC}\n${OIDC}`);
    expect(findings[0]?.evidence.problems).toEqual(['exec-and-auth-provider']);
    expect(commandsOf(findings)).toEqual(['kubectl config unset users.dev.auth-provider']);
    expect(JSON.stringify(findings)).not.toContain(TOKEN);
    const noApi = run(credentialsConflict, '    exec: {command: aws, args: [eks, get-token]}');
    expect(noApi[0]?.evidence.problems).toEqual(['exec-without-api-version']);
    expect(commandsOf(noApi)).toEqual([
      'kubectl config set-credentials dev --exec-api-version=client.authentication.k8s.io/v1beta1',
    ]);
    expect(run(credentialsConflict, '    exec: {command: aws, apiVersion: client.authentication.k8s.io/v1}')).toEqual(
      [],
    );
  });
});

describe('credential-shadowed', () => {
  it('says the token wins over the exec plugin, naming both, and removes the token', () => {
    const findings = run(credentialShadowed, `${AWS_EXEC}\n    token: ${TOKEN}`);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence).toEqual({
      context: 'dev',
      user: 'dev',
      configured: 'exec',
      command: 'aws',
      wins: ['token'],
      winningFields: ['token'],
    });
    expect(findings[0]?.detail).toContain('kubectl sends the bearer token and never runs the exec plugin aws');
    expect(commandsOf(findings)).toEqual(['kubectl config unset users.dev.token']);
    expect(JSON.stringify(findings)).not.toContain(TOKEN);
  });

  it('names a full client certificate as the winner over exec', () => {
    const [finding] = run(
      credentialShadowed,
      `${AWS_EXEC}\n    client-certificate-data: eA==\n    client-key-data: ${KEY_DATA}`,
    );
    expect(finding?.evidence.wins).toEqual(['client-certificate']);
    expect(finding?.evidence.winningFields).toEqual(['client-certificate-data', 'client-key-data']);
    expect(JSON.stringify(finding)).not.toContain(KEY_DATA);
  });

  it('shadows oidc behind basic auth but not behind a client certificate', () => {
    const [finding] = run(credentialShadowed, `${OIDC}\n    username: admin\n    password: ${PASSWORD}`);
    expect(finding?.evidence).toMatchObject({ configured: 'oidc', authProvider: 'oidc', wins: ['basic'] });
    expect(JSON.stringify(finding)).not.toContain(PASSWORD);
    expect(JSON.stringify(finding)).not.toContain(TOKEN);
    expect(
      run(credentialShadowed, `${OIDC}\n    client-certificate-data: eA==\n    client-key-data: ${KEY_DATA}`),
    ).toEqual([]);
  });

  it('is silent for a plugin alone, and for a password or certificate without its other half', () => {
    expect(run(credentialShadowed, AWS_EXEC)).toEqual([]);
    expect(run(credentialShadowed, `${AWS_EXEC}\n    password: ${PASSWORD}`)).toEqual([]);
    expect(run(credentialShadowed, `${AWS_EXEC}\n    client-certificate-data: eA==`)).toEqual([]);
  });
});

describe('auth-provider-removed', () => {
  const gcp = `    auth-provider:
      name: gcp
      config: {access-token: ${TOKEN}, cmd-path: /usr/lib/google-cloud-sdk/bin/gcloud, expiry: "2026-06-01T12:00:00Z"}`;

  it('fires for gcp with the plugin install and get-credentials, without the access token', () => {
    const findings = run(authProviderRemoved, gcp, ENV, 'gke_acme_europe-west4_shop');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.detail).toContain('The gcp auth plugin has been removed.');
    expect(findings[0]?.evidence).toEqual({
      context: 'gke_acme_europe-west4_shop',
      user: 'dev',
      authProvider: 'gcp',
      replacement: 'gke-gcloud-auth-plugin',
    });
    expect(commandsOf(findings)).toEqual([
      'gcloud components install gke-gcloud-auth-plugin',
      'sudo apt-get install google-cloud-cli-gke-gcloud-auth-plugin',
      'gcloud container clusters get-credentials shop --location europe-west4 --project acme',
    ]);
    expect(JSON.stringify(findings)).not.toContain(TOKEN);
  });

  it('fires for azure with kubelogin convert-kubeconfig for this context', () => {
    const azure = `    auth-provider:\n      name: azure\n      config: {access-token: ${TOKEN}, tenant-id: t, apiserver-id: a, client-id: c}`;
    const findings = run(authProviderRemoved, azure, { ...ENV, platform: 'darwin' });
    expect(commandsOf(findings)).toEqual([
      'az aks install-cli',
      'brew install Azure/kubelogin/kubelogin',
      'kubelogin convert-kubeconfig -l azurecli --context dev',
    ]);
    expect(JSON.stringify(findings)).not.toContain(TOKEN);
  });

  it('is silent for oidc and for no auth-provider', () => {
    expect(run(authProviderRemoved, OIDC)).toEqual([]);
    expect(run(authProviderRemoved, `    token: ${TOKEN}`)).toEqual([]);
  });
});

describe('basic-auth-removed', () => {
  it('fires for username/password and never shows the password', () => {
    const findings = run(basicAuthRemoved, `    username: admin\n    password: ${PASSWORD}`);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence).toEqual({ context: 'dev', user: 'dev', fields: ['username', 'password'] });
    expect(commandsOf(findings)).toEqual([
      'kubectl config unset users.dev.username',
      'kubectl config unset users.dev.password',
    ]);
    expect(JSON.stringify(findings)).not.toContain(PASSWORD);
  });

  it('is silent without basic auth', () => {
    expect(run(basicAuthRemoved, `    token: ${TOKEN}`)).toEqual([]);
  });
});

describe('no secret in any finding of the structural rules', () => {
  const SECRETS = [TOKEN, PASSWORD, KEY_DATA, 'kw-canary-client-secret', 'kw-canary-aws-secret', 'kw-canary-id-token'];
  const RULES: ContextRule[] = [
    contextDangling,
    clusterServerMissing,
    fileReferenceMissing,
    credentialsMissing,
    credentialsConflict,
    credentialShadowed,
    authProviderRemoved,
    basicAuthRemoved,
    execPluginMissing,
    execApiVersionUnsupported,
    execConfigInvalid,
    execInteractiveOnly,
  ];
  // Everything at once: conflicting, shadowed, removed, missing files and plugin, bad exec fields.
  const user = `    token: ${TOKEN}
    tokenFile: missing-token
    username: admin
    password: ${PASSWORD}
    client-certificate: missing.crt
    client-key-data: ${KEY_DATA}
    auth-provider:
      name: gcp
      config: {access-token: ${TOKEN}, id-token: kw-canary-id-token}
    exec:
      apiVersion: client.authentication.k8s.io/v1alpha1
      command: kubelogin
      args: [get-token, --oidc-issuer-url=https://idp, --oidc-client-secret=kw-canary-client-secret]
      interactiveMode: Always
      env:
      - {name: AWS_SECRET_ACCESS_KEY, value: kw-canary-aws-secret}
      - {value: ${TOKEN}}`;

  it('fires many rules and leaks nothing', () => {
    const subject = subjectOf({ sources: { [HOME]: config(user) }, commands: { kubelogin: null } });
    const drafts = RULES.flatMap((rule) => runContextRule(rule, subject));
    expect(drafts.length).toBeGreaterThanOrEqual(7);
    const text = JSON.stringify(drafts);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });
});
