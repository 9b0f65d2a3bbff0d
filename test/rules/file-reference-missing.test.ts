import { describe, expect, it } from 'vitest';
import fileReferenceMissing from '../../shared/rules/file-reference-missing';
import { testRule } from '../support/rule-tester';
import { commandsOf, runRule, subjectOf } from '../support/rules';
import type { SnapshotInput } from '../support/snapshot';
import { CANARY, HOME } from '../support/subjects/kubeconfig';

const KUBE = '/home/u/.kube';
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const config = (user: string, cluster = '{server: "https://k:6443", certificate-authority: ca.crt}') => `apiVersion: v1
clusters: [{name: k, cluster: ${cluster}}]
users: [{name: me, user: ${user}}]
contexts: [{name: k, context: {cluster: k, user: me}}]
`;
const subject = (input: SnapshotInput) => () => subjectOf(input);
const check = (input: SnapshotInput) => runRule(fileReferenceMissing, subjectOf(input));

testRule(fileReferenceMissing, {
  valid: [
    {
      name: 'every referenced file reads',
      subject: subject({
        sources: { [HOME]: config('{client-certificate: me.crt, client-key: me.key}') },
        files: { [`${KUBE}/ca.crt`]: PEM, [`${KUBE}/me.crt`]: PEM, [`${KUBE}/me.key`]: PEM },
      }),
    },
    {
      name: 'a key file kubectl never opens (no certificate)',
      subject: subject({
        sources: { [HOME]: config('{client-key: gone.key, tokenFile: t}') },
        files: { [`${KUBE}/ca.crt`]: PEM, [`${KUBE}/t`]: 'x' },
      }),
    },
  ],
  invalid: [
    {
      name: 'reports a missing relative CA with its resolved path and the path as written',
      subject: subject({ sources: { [HOME]: config(`{token: ${CANARY}}`) } }),
      findings: [
        {
          evidence: {
            context: 'k',
            cluster: 'k',
            field: 'certificate-authority',
            path: `${KUBE}/ca.crt`,
            written: 'ca.crt',
            state: 'missing',
          },
          detail: [`${KUBE}/ca.crt (written "ca.crt" in ${HOME}), does not exist`],
        },
      ],
      secrets: [CANARY],
    },
    {
      name: 'reports a FIFO nothing writes to, or a device, as no file: kubectl hangs on it, even with a token beside',
      subject: subject({
        sources: { [HOME]: config('{client-certificate: me.crt, client-key: me.key, tokenFile: t, token: x}') },
        files: {
          [`${KUBE}/ca.crt`]: { state: 'special', kind: 'pipe', pipe: 'no-writer' },
          [`${KUBE}/me.crt`]: { state: 'special', kind: 'character device' },
          [`${KUBE}/me.key`]: PEM,
          [`${KUBE}/t`]: { state: 'special', kind: 'socket' },
        },
      }),
      findings: [
        {
          severity: undefined,
          title: 'CA certificate file is not a file',
          detail: ['is a named pipe (FIFO) that nothing writes to (kubectl blocks opening it)', 'never gets to send'],
          evidenceMatching: { field: 'certificate-authority', state: 'special' },
          commands: [
            `ls -l ${KUBE}/ca.crt`,
            'kubectl auth whoami --context k',
            'sudo kubeadm kubeconfig user --client-name me > me.kubeconfig',
            'kubectl auth whoami --context k',
          ],
        },
        {
          severity: undefined,
          title: 'Client certificate file is not a file',
          detail: ['is a character device, not a file (kubectl reads it as one; kubeward does not open it)'],
        },
        { severity: undefined, title: 'Token file is not a file', detail: ['is a socket', 'cannot open it'] },
      ],
    },
  ],
});

describe('file-reference-missing', () => {
  it('asks first: put the file back (seeing what is at the path first), or fetch the entry again', () => {
    const findings = check({ sources: { [HOME]: config(`{token: ${CANARY}}`) } });
    expect(findings[0]?.fix).toEqual([]);
    expect(findings[0]?.paths?.map((p) => p.id)).toEqual(['restore', 'refetch']);
    expect(findings[0]?.paths?.[0]?.steps[0]).toEqual({
      title: `See what is at ${KUBE}/ca.crt`,
      command: `ls -l ${KUBE}/ca.crt`,
    });
  });

  it('reports an unreadable client key and a directory as the certificate', () => {
    const files = {
      [`${KUBE}/ca.crt`]: PEM,
      '/etc/k8s/me.crt': { state: 'directory' as const },
      '/etc/k8s/me.key': { state: 'unreadable' as const, reason: 'EACCES: permission denied' },
    };
    const findings = check({
      sources: { [HOME]: config('{client-certificate: /etc/k8s/me.crt, client-key: /etc/k8s/me.key}') },
      files,
    });
    expect(findings.map((f) => [f.evidence.field, f.evidence.state, f.evidence.written])).toEqual([
      ['client-certificate', 'directory', '/etc/k8s/me.crt'],
      ['client-key', 'unreadable', '/etc/k8s/me.key'],
    ]);
    expect(findings[1]?.detail).toContain('cannot be read (EACCES: permission denied)');
  });

  it('is an error for a missing tokenFile alone, a warning when the inline token is the fallback', () => {
    const files = { [`${KUBE}/ca.crt`]: PEM };
    const alone = check({ sources: { [HOME]: config('{tokenFile: sa/token}') }, files });
    expect(alone[0]?.severity).toBeUndefined();
    expect(alone[0]?.detail).toContain('kubectl refuses context k');
    const withFallback = check({ sources: { [HOME]: config(`{tokenFile: sa/token, token: ${CANARY}}`) }, files });
    expect(withFallback[0]?.severity).toBe('warning');
    expect(withFallback[0]?.detail).toContain('falls back to the inline token');
    expect(withFallback[0]?.paths?.map((p) => p.id)).toEqual(['restore', 'refetch', 'inline-token']);
    expect(commandsOf(withFallback)).toContain(
      'kubectl config --kubeconfig /home/u/.kube/config unset users.me.tokenFile',
    );
    expect(JSON.stringify(withFallback)).not.toContain(CANARY);
  });
});
