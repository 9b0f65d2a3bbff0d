import { describe, expect, it } from 'vitest';
import type { CommandLookup } from '../../shared/facts';
import execApiVersionUnsupported from '../../shared/rules/exec-api-version-unsupported';
import execConfigInvalid from '../../shared/rules/exec-config-invalid';
import execInteractiveOnly from '../../shared/rules/exec-interactive-only';
import execPluginMissing from '../../shared/rules/exec-plugin-missing';
import type { ContextRule, RuleEnv } from '../../shared/rules/types';
import { commandsOf, ENV, runContextRule, subjectOf } from '../support/rules';
import type { SnapshotInput } from '../support/snapshot';

const HOME = '/home/u/.kube/config';
const TOKEN = 'kw-canary-token-91b2c3d4e5';
const V1 = 'client.authentication.k8s.io/v1';
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';

interface Exec {
  command?: string;
  apiVersion?: string;
  args?: string[];
  interactiveMode?: string;
  installHint?: string;
}

/** A context `prod` whose user has this exec section (plus extra YAML user fields). */
function config(exec: Exec, extra = '', context = 'prod'): string {
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

function run(rule: ContextRule, input: SnapshotInput, env: RuleEnv = ENV) {
  return rule.check(subjectOf(input), env);
}

describe('exec-plugin-missing', () => {
  const aws: Exec = {
    command: 'aws',
    apiVersion: V1BETA1,
    args: ['--region', 'us-east-1', 'eks', 'get-token', '--cluster-name', 'prod'],
    installHint: 'Install the AWS CLI:\n  https://docs.aws.amazon.com/cli/',
  };

  it('fires when the command is not on PATH, with the install hint verbatim and install steps', () => {
    const findings = run(execPluginMissing, { sources: { [HOME]: config(aws) }, commands: { aws: null } });
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

  it('gives per-plugin, per-platform install commands', () => {
    const gke: Exec = { command: 'gke-gcloud-auth-plugin', apiVersion: V1BETA1 };
    const onMac = run(
      execPluginMissing,
      { sources: { [HOME]: config(gke) }, commands: { 'gke-gcloud-auth-plugin': null } },
      { ...ENV, platform: 'darwin' },
    );
    expect(commandsOf(onMac)).toEqual(['gcloud components install gke-gcloud-auth-plugin']);
    const azure: Exec = { command: 'kubelogin', apiVersion: V1BETA1, args: ['get-token', '--server-id', 'abc'] };
    expect(
      commandsOf(run(execPluginMissing, { sources: { [HOME]: config(azure) }, commands: { kubelogin: null } })),
    ).toEqual(['az aks install-cli']);
    const oidc: Exec = {
      command: 'kubelogin',
      apiVersion: V1BETA1,
      args: ['get-token', '--oidc-issuer-url=https://dex'],
    };
    expect(
      commandsOf(run(execPluginMissing, { sources: { [HOME]: config(oidc) }, commands: { kubelogin: null } })),
    ).toEqual(['kubectl krew install oidc-login']);
    const unknown = run(execPluginMissing, {
      sources: { [HOME]: config({ command: 'vault-k8s-login', apiVersion: V1 }) },
      commands: { 'vault-k8s-login': null },
    });
    expect(unknown[0]?.fix).toEqual([{ title: 'Install vault-k8s-login' }]);
  });

  it('for a path that does not exist, also points the entry back at PATH', () => {
    const findings = run(execPluginMissing, {
      sources: { [HOME]: config({ ...aws, command: '/opt/aws/bin/aws' }) },
      commands: { '/opt/aws/bin/aws': null },
    });
    expect(findings[0]?.detail).toContain('/opt/aws/bin/aws does not exist');
    expect(findings[0]?.detail).toContain('fork/exec /opt/aws/bin/aws: no such file or directory');
    expect(commandsOf(findings).at(-1)).toBe('kubectl config set-credentials prod --exec-command=aws');
  });

  it('is only a warning while a static token shadows the plugin', () => {
    const findings = run(execPluginMissing, {
      sources: { [HOME]: config(aws, `    token: ${TOKEN}`) },
      commands: { aws: null },
    });
    expect(findings[0]?.severity).toBe('warning');
    expect(findings[0]?.detail).toContain(
      'kubectl does not run it now (the bearer token of user prod is sent instead)',
    );
    expect(JSON.stringify(findings)).not.toContain(TOKEN);
  });

  it('is silent when found (on PATH or only on the login shell PATH), or when nothing was looked up', () => {
    expect(run(execPluginMissing, { sources: { [HOME]: config(aws) }, commands: { aws: '/usr/bin/aws' } })).toEqual([]);
    const subject = subjectOf({ sources: { [HOME]: config(aws) } });
    const loginShell: CommandLookup = { command: 'aws', resolved: '/opt/homebrew/bin/aws', via: 'login-shell' };
    const snapshot = { ...subject.snapshot, commands: new Map([['aws', loginShell]]) };
    expect(runContextRule(execPluginMissing, { ...subject, snapshot }, ENV)).toEqual([]);
    expect(run(execPluginMissing, { sources: { [HOME]: config(aws) } })).toEqual([]);
  });
});

describe('exec-api-version-unsupported', () => {
  it('fires for v1alpha1 with kubectl`s message and regenerates an EKS entry', () => {
    const exec: Exec = {
      command: 'aws-iam-authenticator',
      apiVersion: 'client.authentication.k8s.io/v1alpha1',
      args: ['token', '-i', 'prod'],
    };
    const findings = run(execApiVersionUnsupported, {
      sources: { [HOME]: config(exec, '', 'arn:aws:eks:eu-west-1:123456789012:cluster/prod') },
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.detail).toContain('removed from kubectl/client-go in 1.24');
    expect(findings[0]?.detail).toContain(
      'kubectl fails before running it: exec plugin: invalid apiVersion "client.authentication.k8s.io/v1alpha1".',
    );
    expect(commandsOf(findings)).toEqual(['aws eks update-kubeconfig --name prod --region eu-west-1']);
  });

  it('fires for an unknown version, offering v1beta1 for a generic plugin', () => {
    const findings = run(execApiVersionUnsupported, {
      sources: { [HOME]: config({ command: 'my-plugin', apiVersion: 'client.authentication.k8s.io/v2' }) },
    });
    expect(findings[0]?.detail).toContain('kubectl knows only client.authentication.k8s.io/v1 and');
    expect(commandsOf(findings)).toEqual([
      'kubectl config set-credentials prod --exec-api-version=client.authentication.k8s.io/v1beta1',
    ]);
  });

  it('is silent for v1, v1beta1 and a missing apiVersion (credentials-conflict)', () => {
    for (const apiVersion of [V1, V1BETA1, undefined]) {
      const exec = { command: 'x', apiVersion, interactiveMode: 'Never' };
      expect(run(execApiVersionUnsupported, { sources: { [HOME]: config(exec) } })).toEqual([]);
    }
  });
});

describe('exec-config-invalid', () => {
  it('fires for v1 without interactiveMode', () => {
    const findings = run(execConfigInvalid, { sources: { [HOME]: config({ command: 'x', apiVersion: V1 }) } });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.detail).toContain(
      'kubectl refuses the entry: interactiveMode must be specified for prod to use exec authentication plugin.',
    );
    expect(commandsOf(findings)[0]).toBe('kubectl config set-credentials prod --exec-interactive-mode=IfAvailable');
  });

  it('fires for a value other than Never/IfAvailable/Always', () => {
    const findings = run(execConfigInvalid, {
      sources: { [HOME]: config({ command: 'x', apiVersion: V1BETA1, interactiveMode: 'Sometimes' }) },
    });
    expect(findings[0]?.detail).toContain('kubectl refuses the entry: invalid interactiveMode for prod: "Sometimes".');
    expect(findings[0]?.evidence.interactiveMode).toBe('Sometimes');
  });

  it('is silent for v1beta1 without interactiveMode (it defaults), valid values, and unknown apiVersions', () => {
    const cases: Exec[] = [
      { command: 'x', apiVersion: V1BETA1 },
      { command: 'x', apiVersion: V1, interactiveMode: 'Never' },
      { command: 'x', apiVersion: V1, interactiveMode: 'IfAvailable' },
      { command: 'x', apiVersion: V1, interactiveMode: 'Always' },
      { command: 'x', apiVersion: 'client.authentication.k8s.io/v1alpha1' },
      { command: 'x' },
    ];
    for (const exec of cases)
      expect(run(execConfigInvalid, { sources: { [HOME]: config(exec) } }), JSON.stringify(exec)).toEqual([]);
  });
});

describe('exec-interactive-only', () => {
  it('is info for interactiveMode Always, with a command to try it', () => {
    const findings = run(execInteractiveOnly, {
      sources: { [HOME]: config({ command: 'kubelogin', apiVersion: V1, interactiveMode: 'Always' }) },
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.evidence).toEqual({
      context: 'prod',
      user: 'prod',
      command: 'kubelogin',
      interactiveMode: 'Always',
    });
    expect(commandsOf(findings)).toEqual(['kubectl auth whoami --context prod']);
  });

  it('is silent for other modes and when a static credential shadows the plugin', () => {
    expect(
      run(execInteractiveOnly, {
        sources: { [HOME]: config({ command: 'x', apiVersion: V1, interactiveMode: 'IfAvailable' }) },
      }),
    ).toEqual([]);
    const shadowed = config({ command: 'x', apiVersion: V1, interactiveMode: 'Always' }, `    token: ${TOKEN}`);
    expect(run(execInteractiveOnly, { sources: { [HOME]: shadowed } })).toEqual([]);
  });
});
