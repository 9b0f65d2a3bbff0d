import { describe, expect, it } from 'vitest';
import kubeconfigUnreadable from '../../shared/rules/kubeconfig-unreadable';
import { testRule } from '../support/rule-tester';
import { commandsOf, ENV, runRule } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';
import { CONFIG, files, HOME, WORK } from '../support/subjects/kubeconfig';

testRule(kubeconfigUnreadable, {
  valid: [{ name: 'files that read', subject: files({ sources: { [HOME]: CONFIG } }) }],
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
      name: 'warns that a file over the size limit is not checked',
      subject: files({ sources: { [HOME]: { state: 'too-large', size: 9_000_000, limit: 4_000_000 } } }),
      findings: [
        {
          severity: 'warning',
          evidence: { path: HOME, state: 'too-large', size: 9_000_000, limit: 4_000_000 },
        },
      ],
    },
  ],
});

describe('kubeconfig-unreadable', () => {
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
});
