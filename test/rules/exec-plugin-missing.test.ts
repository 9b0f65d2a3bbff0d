import { describe, expect, it } from 'vitest';
import type { CommandLookup } from '../../shared/facts';
import execPluginMissing from '../../shared/rules/exec-plugin-missing';
import { testRule } from '../support/rule-tester';
import { commandsOf, ENV, runRule } from '../support/rules';
import { subject, TOKEN, V1, V1BETA1, type Exec } from '../support/subjects/exec-config';

const AWS: Exec = {
  command: 'aws',
  apiVersion: V1BETA1,
  args: ['--region', 'us-east-1', 'eks', 'get-token', '--cluster-name', 'prod'],
  installHint: 'Install the AWS CLI:\n  https://docs.aws.amazon.com/cli/',
};

testRule(execPluginMissing, {
  valid: [
    { name: 'a command found on PATH', subject: () => subject(AWS, { aws: '/usr/bin/aws' }) },
    {
      name: 'a command found only on the login shell PATH',
      subject: () => {
        const found = subject(AWS);
        const loginShell: CommandLookup = { command: 'aws', resolved: '/opt/homebrew/bin/aws', via: 'login-shell' };
        return { ...found, snapshot: { ...found.snapshot, commands: new Map([['aws', loginShell]]) } };
      },
    },
    { name: 'nothing looked up', subject: () => subject(AWS) },
  ],
  invalid: [
    {
      name: 'gives the gke plugin install command on macOS',
      subject: () =>
        subject({ command: 'gke-gcloud-auth-plugin', apiVersion: V1BETA1 }, { 'gke-gcloud-auth-plugin': null }),
      env: { ...ENV, platform: 'darwin' },
      findings: [{ commands: ['gcloud components install gke-gcloud-auth-plugin'] }],
    },
    {
      name: 'installs the Azure kubelogin with the az CLI',
      subject: () =>
        subject(
          { command: 'kubelogin', apiVersion: V1BETA1, args: ['get-token', '--server-id', 'abc'] },
          { kubelogin: null },
        ),
      findings: [{ commands: ['az aks install-cli'] }],
    },
    {
      name: 'installs the OIDC kubelogin with krew',
      subject: () =>
        subject(
          { command: 'kubelogin', apiVersion: V1BETA1, args: ['get-token', '--oidc-issuer-url=https://dex'] },
          { kubelogin: null },
        ),
      findings: [{ commands: ['kubectl krew install oidc-login'] }],
    },
    {
      name: 'names an unknown plugin to install',
      subject: () => subject({ command: 'vault-k8s-login', apiVersion: V1 }, { 'vault-k8s-login': null }),
      findings: [{ steps: [{ title: 'Install vault-k8s-login' }] }],
    },
    {
      name: 'is only a warning while a static token shadows the plugin',
      subject: () => subject(AWS, { aws: null }, `    token: ${TOKEN}`),
      findings: [
        {
          severity: 'warning',
          detail: ['kubectl does not run it now (the bearer token of user prod is sent instead)'],
        },
      ],
      secrets: [TOKEN],
    },
  ],
});

describe('exec-plugin-missing', () => {
  it('fires when the command is not on PATH, with the install hint verbatim and install steps', () => {
    const findings = runRule(execPluginMissing, subject(AWS, { aws: null }));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBeUndefined();
    expect(findings[0]?.detail).toContain('aws is not on PATH');
    expect(findings[0]?.detail).toContain('"getting credentials: exec: executable aws not found"');
    expect(findings[0]?.detail).toContain(
      "The kubeconfig's install hint: Install the AWS CLI:\n  https://docs.aws.amazon.com/cli/",
    );
    expect(findings[0]?.evidence.installHint).toBe('Install the AWS CLI:\n  https://docs.aws.amazon.com/cli/\n');
    expect(commandsOf(findings)).toEqual([
      'curl -sSLo awscliv2.zip "https://awscli.amazonaws.com/awscli-exe-linux-$(uname -m).zip" && unzip -q awscliv2.zip && sudo ./aws/install',
    ]);
  });

  it('for a path that does not exist, also points the entry back at PATH', () => {
    const findings = runRule(
      execPluginMissing,
      subject({ ...AWS, command: '/opt/aws/bin/aws' }, { '/opt/aws/bin/aws': null }),
    );
    expect(findings[0]?.detail).toContain('/opt/aws/bin/aws does not exist');
    expect(findings[0]?.detail).toContain('fork/exec /opt/aws/bin/aws: no such file or directory');
    expect(commandsOf(findings).at(-1)).toBe(
      'kubectl config --kubeconfig /home/u/.kube/config set-credentials prod --exec-command=aws',
    );
  });
});
