/**
 * Subjects for the token-* and oidc-token-expired rules: contexts whose user `u` sends a
 * token (inline, from a tokenFile, or an oidc id-token), and real signed JWTs
 * (test/fixtures/jwt.ts) dated around NOW.
 */
import oidcTokenExpired from '../../../shared/rules/oidc-token-expired';
import tokenExpired from '../../../shared/rules/token-expired';
import tokenExpiring from '../../../shared/rules/token-expiring';
import tokenInvalid from '../../../shared/rules/token-invalid';
import tokenLegacyServiceaccount from '../../../shared/rules/token-legacy-serviceaccount';
import tokenNotYetValid from '../../../shared/rules/token-not-yet-valid';
import tokenOpaque from '../../../shared/rules/token-opaque';
import type { ContextSubject } from '../../../shared/facts';
import type { ContextRule, FindingDraft, RuleEnv } from '../../../shared/rules/types';
import { serviceAccountToken } from '../../fixtures/jwt';
import { commandsOf, ENV, NOW, subjectOf } from '../rules';
import type { SnapshotInput } from '../snapshot';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const CONFIG = '/home/u/.kube/config';
export const TOKEN_FILE = '/home/u/.kube/sa-token';
export const TOKEN_RULES: ContextRule[] = [
  tokenExpired,
  tokenExpiring,
  tokenNotYetValid,
  tokenInvalid,
  tokenOpaque,
  tokenLegacyServiceaccount,
  oidcTokenExpired,
];

export type UserEntry = Record<string, unknown>;

/** A kubeconfig (JSON is YAML) with one context per name, all using user `u` in namespace prod. */
export function kubeconfig(user: UserEntry, contexts = ['dev']): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': contexts[0],
    clusters: [{ name: 'c', cluster: { server: 'https://api.example.test:6443' } }],
    users: [{ name: 'u', user }],
    contexts: contexts.map((name) => ({ name, context: { cluster: 'c', user: 'u', namespace: 'prod' } })),
  });
}

export function subject(user: UserEntry, files: SnapshotInput['files'] = {}): ContextSubject {
  return subjectOf({ sources: { [CONFIG]: kubeconfig(user) }, files });
}

export function run(rule: ContextRule, user: UserEntry, files: SnapshotInput['files'] = {}, env: RuleEnv = ENV) {
  return rule.check(subject(user, files), env);
}

/** The commands of the drafts given (a destructured first finding may be undefined). */
export function commands(drafts: (FindingDraft | undefined)[]): string[] {
  return commandsOf(drafts.flatMap((d) => (d ? [d] : [])));
}

export interface ServiceAccountTokens {
  /** Issued 2 h ago for 1 h. */
  expiredSa: string;
  /** Issued 5 min ago for 1 h. */
  freshSa: string;
  /** A 1 h token with 5 min left. */
  expiringSa: string;
}

/** ServiceAccount prod/deployer tokens; await in `beforeAll`. */
export async function makeServiceAccountTokens(): Promise<ServiceAccountTokens> {
  const deployer = { namespace: 'prod', name: 'deployer' };
  return {
    expiredSa: await serviceAccountToken({ ...deployer, issuedAt: NOW - 2 * HOUR }),
    freshSa: await serviceAccountToken({ ...deployer, issuedAt: NOW - 5 * 60_000 }),
    expiringSa: await serviceAccountToken({ ...deployer, issuedAt: NOW - 55 * 60_000 }),
  };
}
