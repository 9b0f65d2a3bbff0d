/** The engine: every rule over a whole kubeconfig, the report per context. */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../shared/diagnose';
import { DAY, toData } from '../fixtures/pki';
import { ENV, NOW } from '../support/rules';
import { snapshotFrom } from '../support/snapshot';
import {
  CERT_FILE,
  CONFIG,
  data,
  expectNoSecret,
  HOUR,
  KEY_FILE,
  makeClientCerts,
  SERVER,
  withCa,
  type Entry,
} from '../support/subjects/client-cert';

const c = makeClientCerts();

describe('the engine', () => {
  it('reports credential kind and expiry per context over a kubeconfig mixing every client certificate case', () => {
    const users: [string, Entry][] = [
      ['fine', data(c.valid)],
      ['old', data(c.expired)],
      ['soon', data(c.expiring)],
      ['early', data(c.notYet)],
      ['broken', data('garbage', c.valid.keyPem)],
      ['wrong-key', data(c.valid, c.strangerKey)],
      ['outsider', data(c.foreign)],
      ['root', data(c.admin)],
      ['no-key', { 'client-certificate-data': toData(c.expired.certPem) }],
      ['from-file', { 'client-certificate': CERT_FILE, 'client-key': KEY_FILE }],
    ];
    const config = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'fine',
      clusters: [{ name: 'c', cluster: { server: SERVER, ...withCa(c.ca) } }],
      users: users.map(([name, user]) => ({ name, user })),
      contexts: users.map(([name]) => ({ name, context: { cluster: 'c', user: name } })),
    });
    const files = { [CERT_FILE]: c.expiring.certPem, [KEY_FILE]: c.expiring.keyPem };
    const report = diagnose(snapshotFrom({ sources: { [CONFIG]: config }, files }), ENV);
    const byName = new Map(report.contexts.map((context) => [context.name, context]));
    const rules = (name: string) => byName.get(name)?.findings.map((f) => f.rule);
    const iso = (ms: number) => new Date(ms).toISOString();

    expect(byName.get('fine')?.credential).toEqual({ kind: 'client-certificate', expiresAt: iso(NOW + 300 * DAY) });
    expect(byName.get('old')?.credential).toEqual({ kind: 'client-certificate', expiresAt: iso(NOW - 2 * HOUR) });
    expect(byName.get('from-file')?.credential).toEqual({ kind: 'client-certificate', expiresAt: iso(NOW + 5 * DAY) });
    expect(byName.get('broken')?.credential).toEqual({ kind: 'client-certificate' });
    expect(byName.get('no-key')?.credential.expiresAt).toBeUndefined();

    expect(rules('fine')).toEqual([]);
    expect(rules('old')).toContain('client-cert-expired');
    expect(rules('soon')).toContain('client-cert-expiring');
    expect(rules('from-file')).toContain('client-cert-expiring');
    expect(rules('early')).toContain('client-cert-not-yet-valid');
    expect(rules('broken')).toContain('client-cert-invalid');
    expect(rules('wrong-key')).toContain('client-cert-key-mismatch');
    expect(rules('outsider')).toContain('client-cert-untrusted-issuer');
    expect(rules('root')).toContain('client-cert-system-masters');
    expect(rules('no-key')?.filter((r) => r.startsWith('client-cert-'))).toEqual([]);
    expect(byName.get('old')?.status).toBe('error');
    expectNoSecret(report, c.valid.keyPem, c.expired.certPem, c.strangerKey.privateKeyPem);
  });
});
