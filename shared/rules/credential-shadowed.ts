import { credentialSetup, kindName, type DynamicKind, type StaticKind } from '../credentials/kind';
import type { Named, User } from '../kubeconfig/model';
import { presentFields, unsetSteps, type UserField } from '../guides/user-fields';
import type { ContextRule, FindingDraft } from './types';

const ID = 'credential-shadowed';

const STATIC_FIELDS: Record<StaticKind, UserField[]> = {
  'client-certificate': ['client-certificate', 'client-certificate-data', 'client-key', 'client-key-data'],
  token: ['tokenFile', 'token'],
  basic: ['username', 'password'],
};

/** The oidc auth-provider only stands aside for an Authorization header; a client cert is sent beside it. */
function shadowers(kind: DynamicKind, sent: readonly StaticKind[]): StaticKind[] {
  return kind === 'exec' ? [...sent] : sent.filter((s) => s !== 'client-certificate');
}

function describeDynamic(kind: DynamicKind, user: User): string {
  // Never the arguments: some plugins take a client secret there.
  if (kind === 'exec' && user.exec) return `the exec plugin ${user.exec.command}`;
  return `the ${user.authProvider?.name ?? ''} auth-provider`;
}

function draft(user: Named<User>, context: string, kind: DynamicKind, sent: readonly StaticKind[]): FindingDraft {
  const winners = shadowers(kind, sent);
  const fields = winners.flatMap((w) => presentFields(user.value, STATIC_FIELDS[w]));
  const names = winners.map(kindName);
  const winnerText = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? '');
  const dynamic = describeDynamic(kind, user.value);
  const since = kind === 'exec' ? ' (client-go since 1.22)' : '';
  return {
    detail:
      `User ${user.name} configures ${dynamic}, but its ${fields.join(', ')} ${fields.length > 1 ? 'are' : 'is'} set too: ` +
      `kubectl sends the ${winnerText} and never runs ${dynamic}${since}. ` +
      `Whether requests work depends on the ${winnerText}, not on the ${kind === 'exec' ? 'plugin' : 'auth-provider'}; ` +
      'a stale static credential left behind by an old kubeconfig is the usual cause.',
    evidence: {
      context,
      user: user.name,
      configured: kind,
      ...(kind === 'exec'
        ? { command: user.value.exec?.command ?? null }
        : { authProvider: user.value.authProvider?.name ?? null }),
      wins: winners,
      winningFields: fields,
    },
    fix: unsetSteps(user, fields, `so kubectl uses ${dynamic} again`),
  };
}

export default {
  meta: {
    id: ID,
    title: 'Credential plugin never runs',
    severity: 'warning',
    needs: 'offline',
    description:
      'An exec plugin or oidc auth-provider is configured, but a static token, basic auth or client cert is sent instead.',
    explanation:
      'kubectl sends one credential per request, and a static one wins: when a user entry holds a token, ' +
      'basic auth or a client certificate besides an exec plugin or oidc auth-provider, client-go sends the' +
      ' static credential and never runs the plugin. The entry then works only as long as that leftover ' +
      'credential does.',
    remedy:
      'Unset the leftover static credential (the finding gives the kubectl config unset commands), so that ' +
      'kubectl runs the plugin again. Until then, the findings about the credential that is actually sent ' +
      'are the ones that matter.',
  },
  scope: 'context',
  check(subject) {
    const user = subject.user;
    if (!user) return [];
    const setup = credentialSetup(user.value);
    return setup.shadowed.map((kind) => draft(user, subject.name, kind, setup.sent));
  },
} satisfies ContextRule;
