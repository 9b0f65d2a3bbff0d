import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/facts';
import contextMissing from '../../shared/rules/context-missing';
import kubeconfigInvalid from '../../shared/rules/kubeconfig-invalid';
import kubeconfigPermissions from '../../shared/rules/kubeconfig-permissions';
import kubeconfigUnreadable from '../../shared/rules/kubeconfig-unreadable';
import type { FindingDraft, RuleEnv, SourceRule } from '../../shared/rules/types';
import { commandsOf, ENV, runConfigRule } from '../support/rules';
import { snapshotFrom, type SnapshotInput } from '../support/snapshot';

const HOME = '/home/u/.kube/config';
const WORK = '/home/u/work.yaml';
const CANARY = 'kw-canary-s3cr3t-token-0123456789';

const CONFIG = `apiVersion: v1
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

function runSource(rule: SourceRule, snapshot: Snapshot, env: RuleEnv = ENV): FindingDraft[] {
  return snapshot.sources.flatMap((source) => rule.check(source, snapshot, env));
}

function run(rule: SourceRule, input: SnapshotInput, env: RuleEnv = ENV): FindingDraft[] {
  return runSource(rule, snapshotFrom(input), env);
}

describe('kubeconfig-unreadable', () => {
  it('stays silent for files that read', () => {
    expect(run(kubeconfigUnreadable, { sources: { [HOME]: CONFIG } })).toEqual([]);
  });

  it('is an error when the only file is missing: kubectl has no config at all', () => {
    const snapshot = { ...snapshotFrom({ sources: { [HOME]: { state: 'missing' } } }), explicit: false };
    const [finding, ...rest] = runSource(kubeconfigUnreadable, snapshot);
    expect(rest).toEqual([]);
    expect(finding?.severity).toBeUndefined();
    expect(finding?.title).toBe('No kubeconfig at all');
    expect(finding?.detail).toContain('it is the default path');
    expect(finding?.detail).toContain('localhost:8080');
    expect(finding?.evidence).toEqual({ path: HOME, state: 'missing', explicit: false });
  });

  it('is only info for a missing file in a KUBECONFIG list that still has config', () => {
    const [finding] = run(kubeconfigUnreadable, { sources: { [WORK]: { state: 'missing' }, [HOME]: CONFIG } });
    expect(finding?.severity).toBe('info');
    expect(finding?.detail).toContain('kubectl skips it');
    expect(finding?.fix).toEqual([{ title: `Drop ${WORK} from KUBECONFIG`, command: `export KUBECONFIG=${HOME}` }]);
  });

  it('gives the PowerShell syntax on Windows', () => {
    const findings = run(
      kubeconfigUnreadable,
      { sources: { 'C:\\kube\\old': { state: 'missing' }, "C:\\Users\\o'neil\\config": CONFIG }, platform: 'win32' },
      { ...ENV, platform: 'win32' },
    );
    expect(commandsOf(findings)).toEqual(["$env:KUBECONFIG = 'C:\\Users\\o''neil\\config'"]);
  });

  it('leaves a missing file to be info when another file is what kubectl refuses', () => {
    const findings = run(kubeconfigUnreadable, {
      sources: { [WORK]: { state: 'missing' }, [HOME]: { state: 'unreadable', reason: 'permission denied' } },
    });
    expect(findings.map((f) => f.severity ?? 'error')).toEqual(['info', 'error']);
  });

  it('is an error for a directory and for permission denied, with fixes', () => {
    const findings = run(kubeconfigUnreadable, {
      sources: { [WORK]: { state: 'directory' }, [HOME]: { state: 'unreadable', reason: 'EACCES: permission denied' } },
    });
    expect(findings.map((f) => f.evidence.state)).toEqual(['directory', 'unreadable']);
    expect(findings[0]?.detail).toContain(`read ${WORK}: is a directory`);
    expect(findings[1]?.detail).toContain('EACCES: permission denied');
    expect(findings[1]?.detail).toContain('refuses to load any kubeconfig');
    expect(commandsOf(findings)).toEqual([
      `ls -la ${WORK}`,
      `export KUBECONFIG=${HOME}`,
      `ls -l ${HOME}`,
      `sudo chown "$(id -u):$(id -g)" ${HOME}`,
      `export KUBECONFIG=${WORK}`,
    ]);
  });

  it('warns that a file over the size limit is not checked', () => {
    const [finding] = run(kubeconfigUnreadable, {
      sources: { [HOME]: { state: 'too-large', size: 9_000_000, limit: 4_000_000 } },
    });
    expect(finding?.severity).toBe('warning');
    expect(finding?.evidence).toEqual({ path: HOME, state: 'too-large', size: 9_000_000, limit: 4_000_000 });
  });
});

describe('kubeconfig-invalid', () => {
  it('reports message, line and column of a YAML error, and that no context loads', () => {
    const broken = 'apiVersion: v1\nclusters:\n- name: a\n  cluster: {server: [\n';
    const findings = run(kubeconfigInvalid, { sources: { [WORK]: broken, [HOME]: CONFIG } });
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.evidence.path).toBe(WORK);
    expect(finding?.evidence.line).toBe(5);
    expect(typeof finding?.evidence.column).toBe('number');
    expect(finding?.detail).toMatch(/^\/home\/u\/work\.yaml:5:\d+: not valid YAML/);
    expect(finding?.detail).toContain('kubectl refuses to load ANY context while one file in the list is broken');
    expect(commandsOf(findings)).toEqual([
      '${EDITOR:-vi} +5 /home/u/work.yaml',
      'kubectl config view --kubeconfig /home/u/work.yaml >/dev/null',
    ]);
  });

  it('reports a schema error (a kubectl boolean where a string belongs) without the value', () => {
    const text = CONFIG.replace(`user: {token: ${CANARY}}`, `user: {token: ${CANARY}, username: yes}`);
    const findings = run(kubeconfigInvalid, { sources: { [HOME]: text } });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.detail).toContain('kubectl refuses to load it');
    expect(JSON.stringify(findings)).not.toContain(CANARY);
  });

  it('is silent for valid and for unread files', () => {
    expect(run(kubeconfigInvalid, { sources: { [HOME]: CONFIG, [WORK]: { state: 'missing' } } })).toEqual([]);
  });
});

describe('kubeconfig-permissions', () => {
  it.each([
    [0o644, true, true],
    [0o640, true, false],
    [0o604, false, true],
  ])('warns for mode %o', (mode, groupReadable, worldReadable) => {
    const [finding] = run(kubeconfigPermissions, { sources: { [HOME]: CONFIG }, mode });
    expect(finding?.evidence).toEqual({ path: HOME, mode: `0${mode.toString(8)}`, groupReadable, worldReadable });
    expect(finding?.fix).toEqual([
      {
        title: `Make ${HOME} readable by you only`,
        command: `chmod 600 ${HOME}`,
        action: { kind: 'chmod', path: HOME, mode: 0o600 },
      },
    ]);
  });

  it.each([0o600, 0o400, 0o700, 0o620])('is silent for mode %o', (mode) => {
    expect(run(kubeconfigPermissions, { sources: { [HOME]: CONFIG }, mode })).toEqual([]);
  });

  it('ignores file-type bits of st_mode', () => {
    expect(run(kubeconfigPermissions, { sources: { [HOME]: CONFIG }, mode: 0o100600 })).toEqual([]);
    expect(run(kubeconfigPermissions, { sources: { [HOME]: CONFIG }, mode: 0o100644 })[0]?.evidence.mode).toBe('0644');
  });

  it('is skipped on Windows', () => {
    const input: SnapshotInput = { sources: { 'C:\\kube\\config': CONFIG }, mode: 0o666, platform: 'win32' };
    expect(run(kubeconfigPermissions, input, { ...ENV, platform: 'win32' })).toEqual([]);
  });
});

describe('context-missing', () => {
  const two = `apiVersion: v1
clusters:
- {name: dev, cluster: {server: "https://dev:6443"}}
- {name: prod, cluster: {server: "https://prod:6443"}}
users:
- {name: dev, user: {token: ${CANARY}}}
- {name: prod, user: {token: ${CANARY}}}
contexts:
- {name: broken, context: {cluster: gone, user: dev}}
- {name: dev, context: {cluster: dev, user: dev}}
- {name: Prod, context: {cluster: prod, user: prod}}
`;
  const check = (input: SnapshotInput) => runConfigRule(contextMissing, snapshotFrom(input));

  it('is silent when the current context exists', () => {
    expect(check({ sources: { [HOME]: CONFIG } })).toEqual([]);
  });

  it('offers the first usable context when current-context is unset, once for the config', () => {
    const findings = check({ sources: { [HOME]: two, [WORK]: two.replace(/dev/g, 'qa') } });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.title).toBe('No current context');
    expect(findings[0]?.detail).toContain('localhost:8080');
    expect(findings[0]?.fix).toEqual([
      {
        title: 'Switch to context dev (or another one: kubectl config get-contexts)',
        command: 'kubectl config use-context dev',
        action: { kind: 'use-context', context: 'dev' },
      },
    ]);
    expect(JSON.stringify(findings)).not.toContain(CANARY);
  });

  it('says where a current-context that names no context was set, and prefers a same-named context', () => {
    const [finding] = check({ sources: { [HOME]: `${two}current-context: prod\n` } });
    expect(finding?.detail).toContain('context was not found for specified context: prod');
    expect(finding?.evidence).toEqual({ currentContext: 'prod', contexts: ['broken', 'dev', 'Prod'], source: HOME });
    expect(finding?.fix[0]?.action).toEqual({ kind: 'use-context', context: 'Prod' });
  });

  it('says so when there are no contexts, and builds one from the only cluster and user', () => {
    const bare = `apiVersion: v1
clusters: [{name: lab, cluster: {server: "https://lab:6443"}}]
users: [{name: me, user: {token: ${CANARY}}}]
`;
    const [finding] = check({ sources: { [HOME]: bare } });
    expect(finding?.title).toBe('No contexts in the kubeconfig');
    expect(commandsOf([finding as FindingDraft])).toEqual([
      'kubectl config set-context lab --cluster=lab --user=me && kubectl config use-context lab',
    ]);
    const [empty] = check({ sources: { [HOME]: '' } });
    expect(empty?.fix[0]?.command).toBeUndefined();
  });

  it('defers to kubeconfig-invalid / -unreadable when a file is broken or nothing loaded', () => {
    expect(check({ sources: { [HOME]: two, [WORK]: 'a: [' } })).toEqual([]);
    expect(check({ sources: { [HOME]: two, [WORK]: { state: 'directory' } } })).toEqual([]);
    expect(check({ sources: { [HOME]: { state: 'missing' } } })).toEqual([]);
  });
});
