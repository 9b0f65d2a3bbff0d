/**
 * Subjects for the client-cert-* rules: one context whose user `alice` sends a client
 * certificate to cluster `c`, and the real certificates (test/fixtures/pki.ts) the tests
 * give it, all dated around NOW.
 */
import clientCertExpired from '../../../shared/rules/client-cert-expired';
import clientCertExpiring from '../../../shared/rules/client-cert-expiring';
import clientCertInvalid from '../../../shared/rules/client-cert-invalid';
import clientCertKeyMismatch from '../../../shared/rules/client-cert-key-mismatch';
import clientCertNotYetValid from '../../../shared/rules/client-cert-not-yet-valid';
import clientCertSystemMasters from '../../../shared/rules/client-cert-system-masters';
import clientCertUntrustedIssuer from '../../../shared/rules/client-cert-untrusted-issuer';
import type { ContextSubject } from '../../../shared/facts';
import type { ContextRule, FindingDraft, RuleEnv } from '../../../shared/rules/types';
import { expect } from 'vitest';
import {
  createCa,
  DAY,
  newEcKeyPair,
  newKeyPair,
  toData,
  type Ca,
  type IssuedCert,
  type KeyPair,
} from '../../fixtures/pki';
import { ENV, NOW, subjectOf } from '../rules';
import type { SnapshotInput } from '../snapshot';

export const HOUR = 3_600_000;
export const CONFIG = '/home/u/.kube/config';
export const CERT_FILE = '/home/u/.kube/alice.crt';
export const KEY_FILE = '/home/u/.kube/alice.key';
export const SERVER = 'https://10.0.0.1:6443';
export const EKS_CONTEXT = 'arn:aws:eks:us-west-2:123456789012:cluster/prod';
export const CLIENT_CERT_RULES: ContextRule[] = [
  clientCertExpired,
  clientCertExpiring,
  clientCertNotYetValid,
  clientCertInvalid,
  clientCertKeyMismatch,
  clientCertUntrustedIssuer,
  clientCertSystemMasters,
];

export type Entry = Record<string, unknown>;

export interface Setup {
  user?: Entry;
  cluster?: Entry;
  context?: string;
  files?: SnapshotInput['files'];
}

/** A kubeconfig (JSON is YAML) with one cluster `c`, one user `alice`, one context. */
function kubeconfig({ user = {}, cluster = {}, context = 'dev' }: Setup): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': context,
    clusters: [{ name: 'c', cluster: { server: SERVER, ...cluster } }],
    users: [{ name: 'alice', user }],
    contexts: [{ name: context, context: { cluster: 'c', user: 'alice' } }],
  });
}

export function subject(setup: Setup): ContextSubject {
  return subjectOf({ sources: { [CONFIG]: kubeconfig(setup) }, files: setup.files ?? {} });
}

export function run(rule: ContextRule, setup: Setup, env: RuleEnv = ENV): FindingDraft[] {
  return rule.check(subject(setup), env);
}

function runAll(setup: Setup, env: RuleEnv = ENV): Record<string, FindingDraft[]> {
  return Object.fromEntries(CLIENT_CERT_RULES.map((rule) => [rule.meta.id, run(rule, setup, env)]));
}

/** Every finding of the client-cert-* rules on this setup. */
export function allFindings(setup: Setup): FindingDraft[] {
  return Object.values(runAll(setup)).flat();
}

/** The client-cert-* rules that fired, by id. */
export function fired(setup: Setup, env: RuleEnv = ENV): string[] {
  return Object.entries(runAll(setup, env)).flatMap(([id, drafts]) => (drafts.length > 0 ? [id] : []));
}

/** The user fields of a certificate and its key, as base64 data. */
export function data(
  cert: IssuedCert | string,
  key: KeyPair | string = typeof cert === 'string' ? '' : cert.keyPem,
): Entry {
  const certPem = typeof cert === 'string' ? cert : cert.certPem;
  const keyPem = typeof key === 'string' ? key : key.privateKeyPem;
  return { 'client-certificate-data': toData(certPem), 'client-key-data': toData(keyPem) };
}

export function withCa(ca: Ca | string): Entry {
  return { 'certificate-authority-data': toData(typeof ca === 'string' ? ca : ca.certPem) };
}

export function at(ms: number): Date {
  return new Date(ms);
}

/** The base64 body lines of a PEM: none of them may appear in a finding. */
function bodyLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----'));
}

export function expectNoSecret(findings: unknown, ...pems: string[]): void {
  const json = JSON.stringify(findings);
  for (const pem of pems) {
    // From the middle: the start of every base64 PEM is the same BEGIN line.
    expect(json).not.toContain(toData(pem).slice(120, 180));
    for (const line of bodyLines(pem)) expect(json).not.toContain(line.slice(0, 24));
  }
}

interface ClientCerts {
  ca: Ca;
  /** CN=alice, O=dev: valid 30 days ago until 300 days ahead. */
  valid: IssuedCert;
  /** Expired 2 h ago. */
  expired: IssuedCert;
  /** 5 days left. */
  expiring: IssuedCert;
  /** 20 days left: outside the default 14-day lead time. */
  later: IssuedCert;
  /** Valid from 3 h ahead. */
  notYet: IssuedCert;
  /** CN=kubernetes-admin, O=system:masters. */
  admin: IssuedCert;
  /** Same issuer name "CN=kubernetes", signed by another CA's (unrelated) key. */
  foreign: IssuedCert;
  intermediate: Ca;
  viaIntermediate: IssuedCert;
  ecKey: KeyPair;
  ecCert: IssuedCert;
  strangerKey: KeyPair;
}

/** An object whose fields are made on first read, once. */
function lazily<T extends object>(makers: { [K in keyof T]: () => T[K] }): T {
  const made = {} as T;
  for (const key of Object.keys(makers) as (keyof T)[]) {
    let value: T[keyof T] | undefined;
    Object.defineProperty(made, key, { enumerable: true, get: () => (value ??= makers[key]()) });
  }
  return made;
}

/**
 * The certificates of the client-cert tests, each signed when a test first reads it: RSA keys
 * and signatures are the slow part, and most rule files need only a few of them.
 */
export function makeClientCerts(): ClientCerts {
  const lifetime = { notBefore: at(NOW - 365 * DAY), notAfter: at(NOW + 3650 * DAY) };
  const issue = (cn: string, notBefore: number, notAfter: number, organizations = ['dev']) =>
    certs.ca.issue({ cn, organizations, notBefore: at(notBefore), notAfter: at(notAfter) });
  const certs: ClientCerts = lazily<ClientCerts>({
    ca: () => createCa({ cn: 'kubernetes', ...lifetime }),
    valid: () => issue('alice', NOW - 30 * DAY, NOW + 300 * DAY),
    expired: () => issue('alice', NOW - 400 * DAY, NOW - 2 * HOUR),
    expiring: () => issue('alice', NOW - 360 * DAY, NOW + 5 * DAY),
    later: () => issue('alice', NOW - 340 * DAY, NOW + 20 * DAY),
    notYet: () => issue('alice', NOW + 3 * HOUR, NOW + 365 * DAY),
    admin: () => issue('kubernetes-admin', NOW - DAY, NOW + 300 * DAY, ['system:masters']),
    foreign: () =>
      createCa({ cn: 'kubernetes', key: newKeyPair(), ...lifetime }).issue({
        cn: 'alice',
        organizations: ['dev'],
        notBefore: at(NOW - DAY),
        notAfter: at(NOW + 90 * DAY),
      }),
    intermediate: () => createCa({ cn: 'clients-intermediate', issuer: certs.ca, ...lifetime }),
    viaIntermediate: () =>
      certs.intermediate.issue({ cn: 'bob', notBefore: at(NOW - DAY), notAfter: at(NOW + 90 * DAY) }),
    ecKey: () => newEcKeyPair(),
    ecCert: () =>
      certs.ca.issue({ cn: 'k3s-user', key: certs.ecKey, notBefore: at(NOW - DAY), notAfter: at(NOW + 90 * DAY) }),
    strangerKey: () => newKeyPair(),
  });
  return certs;
}
