/**
 * No finding repeats a secret: each family of rules runs over entries full of canaries
 * (tokens, passwords, keys, client secrets) and must fire without leaking one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import authProviderRemoved from '../../shared/rules/auth-provider-removed';
import basicAuthRemoved from '../../shared/rules/basic-auth-removed';
import clusterServerMissing from '../../shared/rules/cluster-server-missing';
import contextDangling from '../../shared/rules/context-dangling';
import credentialShadowed from '../../shared/rules/credential-shadowed';
import credentialsConflict from '../../shared/rules/credentials-conflict';
import credentialsMissing from '../../shared/rules/credentials-missing';
import execApiVersionUnsupported from '../../shared/rules/exec-api-version-unsupported';
import execConfigInvalid from '../../shared/rules/exec-config-invalid';
import execInteractiveOnly from '../../shared/rules/exec-interactive-only';
import execPluginMissing from '../../shared/rules/exec-plugin-missing';
import fileReferenceMissing from '../../shared/rules/file-reference-missing';
import type { ContextRule } from '../../shared/rules/types';
import { legacyServiceAccountToken, oidcIdToken } from '../fixtures/jwt';
import { newKeyPair } from '../fixtures/pki';
import { ENV, NOW, runRule, subjectOf } from '../support/rules';
import type { SnapshotInput } from '../support/snapshot';
import {
  allFindings,
  data,
  expectNoSecret,
  makeClientCerts,
  withCa,
  type Setup,
} from '../support/subjects/client-cert';
import { config, HOME, KEY_DATA, PASSWORD, TOKEN } from '../support/subjects/credentials';
import {
  HOUR,
  makeServiceAccountTokens,
  subject as tokenSubject,
  TOKEN_FILE,
  TOKEN_RULES,
  type ServiceAccountTokens,
  type UserEntry,
} from '../support/subjects/token';

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
    const drafts = RULES.flatMap((rule) => runRule(rule, subject));
    expect(drafts.length).toBeGreaterThanOrEqual(7);
    const text = JSON.stringify(drafts);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });
});

describe('no secret in any finding of the client-cert rules', () => {
  const c = makeClientCerts();

  it('never puts the key PEM, its base64 or the certificate body in findings', () => {
    const canaryKey = newKeyPair();
    const setups: Setup[] = [
      { user: data(c.expired, canaryKey), cluster: withCa(c.ca) },
      { user: data(c.foreign), cluster: withCa(c.ca) },
      { user: data(c.admin) },
      { user: data(c.notYet) },
      { user: data(c.valid, `${canaryKey.privateKeyPem}`.replace('PRIVATE KEY-----\n', 'PRIVATE KEY-----\nX')) },
      { user: data(canaryKey.privateKeyPem, canaryKey.privateKeyPem) },
    ];
    const findings = setups.flatMap(allFindings);
    expect(findings.length).toBeGreaterThanOrEqual(6);
    expectNoSecret(
      findings,
      canaryKey.privateKeyPem,
      c.expired.keyPem,
      c.expired.certPem,
      c.foreign.certPem,
      c.admin.certPem,
    );
  });
});

describe('no secret in any finding of the token rules', () => {
  let t: ServiceAccountTokens;
  beforeAll(async () => {
    t = await makeServiceAccountTokens();
  });

  it('never puts a token, its signature, a refresh-token or a client-secret into findings', async () => {
    const canary = 'CANARY-0f1e2d3c4b5a';
    const staleOidc = await oidcIdToken({ issuedAt: NOW - 2 * HOUR, email: 'canary@example.com' });
    const cases: [UserEntry, SnapshotInput['files']][] = [
      [{ token: t.expiredSa, tokenFile: TOKEN_FILE }, { [TOKEN_FILE]: `${t.expiringSa}\n` }],
      [{ token: `${canary}.${canary}` }, {}],
      [{ token: `eyJhbGciOiJSUzI1NiJ9.${canary}.${canary}` }, {}],
      [{ token: await legacyServiceAccountToken() }, {}],
      [
        {
          'auth-provider': {
            name: 'oidc',
            config: {
              'idp-issuer-url': 'https://accounts.example.com',
              'client-id': 'kubernetes',
              'client-secret': canary,
              'refresh-token': `${canary}-refresh`,
              'id-token': staleOidc,
            },
          },
        },
        {},
      ],
    ];
    const secrets = [t.expiredSa, t.expiringSa, staleOidc, canary].flatMap((s) => [s, ...s.split('.').slice(1)]);
    let findings = 0;
    for (const [user, files] of cases) {
      const drafts = TOKEN_RULES.flatMap((rule) => rule.check(tokenSubject(user, files), ENV));
      findings += drafts.length;
      const json = JSON.stringify(drafts);
      for (const secret of secrets) expect(json).not.toContain(secret);
    }
    expect(findings).toBeGreaterThanOrEqual(6);
  });
});
