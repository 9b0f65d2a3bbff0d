import { beforeAll, describe, expect, it } from 'vitest';
import clusterCaExpired from '../../shared/rules/cluster-ca-expired';
import clusterCaInvalid from '../../shared/rules/cluster-ca-invalid';
import insecureSkipTlsVerify from '../../shared/rules/insecure-skip-tls-verify';
import type { ContextRule, FindingDraft } from '../../shared/rules/types';
import { createCa, DAY, newKeyPair, toData, type Ca } from '../fixtures/pki';
import { commandsOf, ENV, NOW, subjectOf } from '../support/rules';
import type { SnapshotInput } from '../support/snapshot';

const CONFIG = '/home/u/.kube/config';
const CA_FILE = '/home/u/.kube/ca.crt';
const SERVER = 'https://k8s.example.test:6443';
const EKS_CONTEXT = 'arn:aws:eks:eu-west-1:123456789012:cluster/shop';

type Entry = Record<string, unknown>;

function kubeconfig(cluster: Entry, context: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': context,
    clusters: [{ name: 'prod', cluster: { server: SERVER, ...cluster } }],
    users: [{ name: 'alice', user: { token: 'opaque-token' } }],
    contexts: [{ name: context, context: { cluster: 'prod', user: 'alice' } }],
  });
}

function run(rule: ContextRule, cluster: Entry, files: SnapshotInput['files'] = {}, context = 'dev'): FindingDraft[] {
  return rule.check(subjectOf({ sources: { [CONFIG]: kubeconfig(cluster, context) }, files }), ENV);
}

function caData(pem: string): Entry {
  return { 'certificate-authority-data': toData(pem) };
}

function at(ms: number): Date {
  return new Date(ms);
}

let ca: Ca; // valid for ten years
let expiredCa: Ca; // expired 3 days ago
let olderCa: Ca; // expired 30 days ago

beforeAll(() => {
  ca = createCa({ cn: 'kubernetes', notBefore: at(NOW - 365 * DAY), notAfter: at(NOW + 3650 * DAY) });
  expiredCa = createCa({ cn: 'kubernetes', notBefore: at(NOW - 3650 * DAY), notAfter: at(NOW - 3 * DAY) });
  olderCa = createCa({
    cn: 'old-root',
    key: newKeyPair(),
    notBefore: at(NOW - 3650 * DAY),
    notAfter: at(NOW - 30 * DAY),
  });
});

describe('cluster-ca-invalid', () => {
  it('fires for data that is not PEM, with the inspect step filled in', () => {
    const [finding, ...rest] = run(clusterCaInvalid, caData('garbage'));
    expect(rest).toEqual([]);
    expect(finding?.severity).toBeUndefined(); // error
    expect(finding?.evidence).toEqual({
      cluster: 'prod',
      field: 'certificate-authority-data',
      origin: 'data',
      reason: 'it holds no PEM block (kubectl: "unable to load root certificates: unable to parse bytes as PEM block")',
    });
    expect(finding?.detail).toContain('The CA certificate of cluster prod (certificate-authority-data) cannot be used');
    const commands = commandsOf(finding ? [finding] : []);
    expect(commands[0]).toBe(
      `kubectl config view --raw -o jsonpath='{.clusters[?(@.name=="prod")].cluster.certificate-authority-data}' | base64 -d | grep -a -- '-----BEGIN'`,
    );
    expect(commands).toContain('kubectl config set-cluster prod --certificate-authority=ca.crt --embed-certs=true');
  });

  it('fires for a file holding garbage, a key instead of a certificate, and a broken certificate body', () => {
    const [fromFile] = run(clusterCaInvalid, { 'certificate-authority': CA_FILE }, { [CA_FILE]: 'garbage\n' });
    expect(fromFile?.evidence).toMatchObject({ field: 'certificate-authority', origin: 'file', path: CA_FILE });
    expect(commandsOf(fromFile ? [fromFile] : [])[0]).toBe(`grep -- '-----BEGIN' ${CA_FILE}`);
    const [key] = run(clusterCaInvalid, caData(newKeyPair().privateKeyPem));
    expect(key?.evidence.reason).toContain('no valid certificate authority data seen');
    const broken = `-----BEGIN CERTIFICATE-----\n${Buffer.from('not DER').toString('base64')}\n-----END CERTIFICATE-----\n`;
    const [body] = run(clusterCaInvalid, caData(broken));
    expect(body?.evidence.reason).toContain('failed to parse certificate');
  });

  it('re-fetches an EKS-looking context', () => {
    const commands = commandsOf(run(clusterCaInvalid, caData('garbage'), {}, EKS_CONTEXT));
    expect(commands).toContain('aws eks update-kubeconfig --name shop --region eu-west-1');
  });

  it('stays quiet for a CA that parses (in data or a file), no CA, a missing file, and a bundle with one bad block', () => {
    expect(run(clusterCaInvalid, caData(ca.certPem))).toEqual([]);
    expect(run(clusterCaInvalid, { 'certificate-authority': CA_FILE }, { [CA_FILE]: ca.certPem })).toEqual([]);
    expect(run(clusterCaInvalid, {})).toEqual([]);
    expect(run(clusterCaInvalid, { 'certificate-authority': CA_FILE })).toEqual([]);
    // client-go's cert pool skips what does not parse, as long as one certificate does.
    const broken = `-----BEGIN CERTIFICATE-----\n${Buffer.from('not DER').toString('base64')}\n-----END CERTIFICATE-----\n`;
    expect(run(clusterCaInvalid, caData(`${broken}${ca.certPem}`))).toEqual([]);
  });

  it('checks the data, not the file, when both are set', () => {
    const both = { ...caData(ca.certPem), 'certificate-authority': CA_FILE };
    expect(run(clusterCaInvalid, both, { [CA_FILE]: 'garbage' })).toEqual([]);
    const [finding] = run(
      clusterCaInvalid,
      { ...caData('garbage'), 'certificate-authority': CA_FILE },
      { [CA_FILE]: ca.certPem },
    );
    expect(finding?.evidence.field).toBe('certificate-authority-data');
  });
});

describe('cluster-ca-expired', () => {
  it('fires for an expired CA, with its public facts and expiry', () => {
    const [finding, ...rest] = run(clusterCaExpired, caData(expiredCa.certPem));
    expect(rest).toEqual([]);
    expect(finding?.severity).toBeUndefined(); // error
    expect(finding?.expiresAt).toBe(new Date(NOW - 3 * DAY).toISOString());
    expect(finding?.detail).toContain('expired 2026-05-29 12:00 UTC (3 days ago)');
    expect(finding?.evidence).toMatchObject({
      cluster: 'prod',
      field: 'certificate-authority-data',
      subject: 'CN=kubernetes',
      issuer: 'CN=kubernetes',
      notAfter: new Date(NOW - 3 * DAY).toISOString(),
      certificates: 1,
    });
    expect(finding?.evidence.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(commandsOf(finding ? [finding] : [])).toContain(
      'kubectl config set-cluster prod --certificate-authority=ca.crt --embed-certs=true',
    );
  });

  it('reports the last CA to expire when every CA of a bundle has expired', () => {
    const [finding] = run(clusterCaExpired, caData(`${olderCa.certPem}${expiredCa.certPem}`));
    expect(finding?.detail).toContain('All 2 CA certificates');
    expect(finding?.expiresAt).toBe(new Date(NOW - 3 * DAY).toISOString());
    expect(finding?.evidence.certificates).toBe(2);
  });

  it('reads a CA file', () => {
    const [finding] = run(clusterCaExpired, { 'certificate-authority': CA_FILE }, { [CA_FILE]: expiredCa.certPem });
    expect(finding?.evidence).toMatchObject({ origin: 'file', path: CA_FILE });
  });

  it('stays quiet for a valid CA, a rotation bundle with one valid CA, no CA, and a CA that does not parse', () => {
    expect(run(clusterCaExpired, caData(ca.certPem))).toEqual([]);
    expect(run(clusterCaExpired, caData(`${expiredCa.certPem}${ca.certPem}`))).toEqual([]);
    expect(run(clusterCaExpired, {})).toEqual([]);
    expect(run(clusterCaExpired, caData('garbage'))).toEqual([]);
  });
});

describe('insecure-skip-tls-verify', () => {
  it('warns without a CA, with re-fetch and CA steps filled in', () => {
    const [finding, ...rest] = run(insecureSkipTlsVerify, { 'insecure-skip-tls-verify': true });
    expect(rest).toEqual([]);
    expect(finding?.severity).toBeUndefined(); // warning
    expect(finding?.evidence).toEqual({ context: 'dev', cluster: 'prod', insecureSkipTlsVerify: true, server: SERVER });
    expect(finding?.detail).toContain(`does not check who answers at ${SERVER}`);
    const commands = commandsOf(finding ? [finding] : []);
    expect(commands).toContain(
      "kubectl --context dev get configmap kube-root-ca.crt -n default -o jsonpath='{.data.ca\\.crt}' > ca.crt",
    );
    expect(commands.at(-1)).toBe('kubectl config set-cluster prod --certificate-authority=ca.crt --embed-certs=true');
  });

  it('re-fetches an EKS-looking context', () => {
    const commands = commandsOf(run(insecureSkipTlsVerify, { 'insecure-skip-tls-verify': true }, {}, EKS_CONTEXT));
    expect(commands[0]).toBe('aws eks update-kubeconfig --name shop --region eu-west-1');
  });

  it('is an error together with a CA (data or file): client-go refuses the combination', () => {
    const [data] = run(insecureSkipTlsVerify, { 'insecure-skip-tls-verify': true, ...caData(ca.certPem) });
    expect(data?.severity).toBe('error');
    expect(data?.detail).toContain('specifying a root certificates file with the insecure flag is not allowed');
    expect(data?.evidence).toMatchObject({ ca: 'certificate-authority-data' });
    expect(commandsOf(data ? [data] : [])).toEqual([
      'kubectl config set-cluster prod --insecure-skip-tls-verify=false',
    ]);
    const [file] = run(insecureSkipTlsVerify, { 'insecure-skip-tls-verify': true, 'certificate-authority': CA_FILE });
    expect(file?.severity).toBe('error');
    expect(file?.evidence.ca).toBe(`certificate-authority ${CA_FILE}`);
  });

  it('stays quiet when the flag is false or absent', () => {
    expect(run(insecureSkipTlsVerify, { 'insecure-skip-tls-verify': false })).toEqual([]);
    expect(run(insecureSkipTlsVerify, caData(ca.certPem))).toEqual([]);
  });

  it('never repeats the token it warns about', () => {
    const findings = run(insecureSkipTlsVerify, { 'insecure-skip-tls-verify': true });
    expect(JSON.stringify(findings)).not.toContain('opaque-token');
  });
});
