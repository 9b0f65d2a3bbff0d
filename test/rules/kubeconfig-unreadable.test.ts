import { describe, expect, it } from 'vitest';
import type { FileRead } from '../../shared/facts';
import kubeconfigUnreadable from '../../shared/rules/kubeconfig-unreadable';
import { testRule } from '../support/rule-tester';
import { commandsOf, ENV, runRule } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';
import { CONFIG, files, HOME, WORK } from '../support/subjects/kubeconfig';

testRule(kubeconfigUnreadable, {
  valid: [
    { name: 'files that read', subject: files({ sources: { [HOME]: CONFIG } }) },
    // kubectl reads a pipe that is written (process substitution) like a file: no claim that it refuses it.
    { name: 'a pipe that read, such as /dev/fd/63', subject: files({ sources: { '/dev/fd/63': CONFIG } }) },
  ],
  invalid: [
    {
      name: 'is an error when the only file is missing: kubectl has no config at all',
      subject: () => ({ ...snapshotFrom({ sources: { [HOME]: { state: 'missing' } } }), explicit: false }),
      findings: [
        {
          severity: undefined,
          title: 'No kubeconfig at all',
          detail: ['it is the default path', 'localhost:8080'],
          evidence: { path: HOME, state: 'missing', explicit: false },
          commands: [
            `kubectl config get-contexts --kubeconfig ${HOME}`,
            'export KUBECONFIG=<KUBECONFIG_FILE>',
            'kubectl config get-contexts --kubeconfig "$KUBECONFIG"',
          ],
        },
      ],
    },
    {
      name: 'is only info for a missing file in a KUBECONFIG list that still has config',
      subject: files({ sources: { [WORK]: { state: 'missing' }, [HOME]: CONFIG } }),
      findings: [
        {
          severity: 'info',
          detail: ['kubectl skips it'],
          steps: [{ title: `Drop ${WORK} from KUBECONFIG`, command: `export KUBECONFIG=${HOME}` }],
        },
      ],
    },
    {
      name: 'gives the PowerShell syntax on Windows',
      subject: files({
        sources: { 'C:\\kube\\old': { state: 'missing' }, "C:\\Users\\o'neil\\config": CONFIG },
        platform: 'win32',
      }),
      env: { ...ENV, platform: 'win32' },
      findings: [{ commands: ["$env:KUBECONFIG = 'C:\\Users\\o''neil\\config'"] }],
    },
    {
      name: 'leaves a missing file to be info when another file is what kubectl refuses',
      subject: files({
        sources: { [WORK]: { state: 'missing' }, [HOME]: { state: 'unreadable', reason: 'permission denied' } },
      }),
      findings: [{ severity: 'info' }, { severity: undefined }],
    },
    {
      name: 'is an error that a file over the size limit is not checked: nothing it defines was',
      subject: files({ sources: { [HOME]: { state: 'too-large', size: 9_000_000, limit: 4_000_000 } } }),
      findings: [
        {
          severity: undefined,
          detail: ['nothing it defines is checked'],
          evidence: { path: HOME, state: 'too-large', size: 9_000_000, limit: 4_000_000 },
          commands: [`ls -l ${HOME}`],
        },
      ],
    },
    {
      name: 'is an error for a FIFO nothing writes to: kubectl hangs on it, and says so',
      subject: files({ sources: { [WORK]: { state: 'special', kind: 'pipe', pipe: 'no-writer' }, [HOME]: CONFIG } }),
      findings: [
        {
          severity: undefined,
          title: 'Kubeconfig is a pipe nothing finishes writing',
          detail: ['named pipe (FIFO)', 'kubectl blocks opening it', 'forever if none does'],
          evidence: { path: WORK, state: 'special', kind: 'pipe', pipe: 'no-writer' },
          commands: [`ls -l ${WORK}`, `export KUBECONFIG=${HOME}`],
        },
      ],
    },
    {
      name: 'is an error for a device or a socket, never opened',
      subject: files({
        sources: {
          [WORK]: { state: 'special', kind: 'character device' },
          [HOME]: { state: 'special', kind: 'socket' },
        },
      }),
      findings: [
        { severity: undefined, title: 'Kubeconfig path is not a file', detail: ['a character device', 'never end'] },
        { severity: undefined, detail: ['a socket', 'no such device or address'] },
      ],
    },
  ],
});

describe('kubeconfig-unreadable', () => {
  it('stays linear in the number of entries: 12,000 missing files, each finding the size of one', () => {
    const sources: Record<string, FileRead | string> = {};
    for (let i = 0; i < 12_000; i++) sources[`/gone/${String(i).padStart(5, '0')}`] = { state: 'missing' };
    sources[HOME] = CONFIG;
    const snapshot = snapshotFrom({ sources });
    const started = performance.now();
    const findings = runRule(kubeconfigUnreadable, snapshot);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(findings).toHaveLength(12_000);
    // Each drop step drops every missing file at once, so no command repeats the list.
    expect(new Set(commandsOf(findings))).toEqual(new Set([`export KUBECONFIG=${HOME}`]));
  });

  it('is an error for a directory and for permission denied, with fixes', () => {
    const findings = runRule(
      kubeconfigUnreadable,
      snapshotFrom({
        sources: {
          [WORK]: { state: 'directory' },
          [HOME]: { state: 'unreadable', reason: 'EACCES: permission denied' },
        },
      }),
    );
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

  it('with no kubeconfig at all, asks first: write one (recommended) or point KUBECONFIG at yours, in the shell of the platform', () => {
    const none = { ...snapshotFrom({ sources: { [HOME]: { state: 'missing' } } }), explicit: false };
    const [posix] = runRule(kubeconfigUnreadable, none);
    expect(posix?.fix).toEqual([]);
    expect(posix?.paths?.map((p) => [p.id, p.steps.length])).toEqual([
      ['write', 2],
      ['point', 2],
    ]);
    const [windows] = runRule(kubeconfigUnreadable, none, { ...ENV, platform: 'win32' });
    expect(windows?.paths?.[1]?.steps.map((step) => step.command)).toEqual([
      "$env:KUBECONFIG = '<KUBECONFIG_FILE>'",
      'kubectl config get-contexts --kubeconfig $env:KUBECONFIG',
    ]);
  });
});
