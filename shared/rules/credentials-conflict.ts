import { credentialRefusals, hasToken, sendsBasicAuth, type Refusal } from '../credentials/kind';
import type { ContextSubject } from '../facts';
import type { FixPlan, FixStep } from '../findings';
import type { Named, User } from '../kubeconfig/model';
import { recheckStep } from '../guides/probe';
import { refetchPath, refetchSteps } from '../guides/refetch';
import { shellArg } from '../guides/shell';
import { kubectlConfig } from '../guides/kubectl-config';
import { unsetSteps } from '../guides/user-fields';
import type { ContextRule } from './types';

const ID = 'credentials-conflict';

/** interactiveMode problems are exec-config-invalid's. */
const OTHER_RULES = new Set<Refusal['code']>(['exec-interactive-mode-missing', 'exec-interactive-mode-invalid']);

function hasOtherMethod(u: User): boolean {
  return hasToken(u) || sendsBasicAuth(u) || Boolean(u.exec) || Boolean(u.authProvider);
}

/** kubectl 1.32 embeds the key and keeps the certificate as it is (a file or data). */
function restoreKeyStep(user: Named<User>): FixStep {
  return {
    title: `Embed the private key of user ${user.name}'s certificate (replace <KEY_FILE> with its path)`,
    command: kubectlConfig(user.source, `set-credentials ${shellArg(user.name)} --client-key=<KEY_FILE> --embed-certs`),
  };
}

/**
 * Each refusal's repair, at once. A certificate that lost its key and is the entry's only method is
 * two ways instead: put the key back, if the user still has it, or have the entry written afresh.
 */
function plan(subject: ContextSubject, user: Named<User>, refusals: readonly Refusal[]): FixPlan {
  const [only] = refusals;
  if (refusals.length === 1 && only?.code === 'cert-without-key' && !hasOtherMethod(user.value)) {
    return {
      fix: [],
      paths: [
        {
          id: 'restore-key',
          title: 'Put the key back',
          summary: `You still have the private key of the certificate of user ${user.name}.`,
          steps: [restoreKeyStep(user), recheckStep(subject)],
        },
        refetchPath(subject, 'The provider or your admin writes the entry afresh, a certificate and its key.'),
      ],
    };
  }
  return { fix: unique(refusals.flatMap((r) => steps(subject, user, r))) };
}

function steps(subject: ContextSubject, user: Named<User>, refusal: Refusal): FixStep[] {
  const u = user.value;
  switch (refusal.code) {
    case 'token-and-basic':
    case 'token-file-and-basic':
      return unsetSteps(
        user,
        ['username', 'password'],
        'basic auth is gone from the API server since 1.19; keep the token',
      );
    case 'cert-without-key':
      // Next to another method the lone certificate is a leftover; alone, its key went missing.
      if (hasOtherMethod(u)) {
        return unsetSteps(user, ['client-certificate', 'client-certificate-data'], 'it is never used without its key');
      }
      return [restoreKeyStep(user)];
    case 'cert-file-and-data':
      return unsetSteps(user, ['client-certificate'], 'client-certificate-data is the one kubectl would use');
    case 'key-file-and-data':
      return unsetSteps(user, ['client-key'], 'client-key-data is the one kubectl would use');
    case 'exec-and-auth-provider':
      return unsetSteps(user, ['auth-provider'], 'the exec plugin replaces it');
    case 'exec-without-api-version':
      return [
        {
          title: `Set the exec plugin's apiVersion of user ${user.name}`,
          command: kubectlConfig(
            user.source,
            `set-credentials ${shellArg(user.name)} --exec-api-version=client.authentication.k8s.io/v1beta1`,
          ),
        },
      ];
    case 'exec-env-without-name':
      return [{ title: `Give every env entry of the exec plugin of user ${user.name} a name (in ${user.source})` }];
    default:
      return refetchSteps(subject);
  }
}

function unique(all: FixStep[]): FixStep[] {
  const seen = new Set<string>();
  return all.filter((s) => {
    const key = `${s.title}\n${s.command ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export default {
  meta: {
    id: ID,
    title: 'kubectl refuses the credentials',
    severity: 'error',
    needs: 'offline',
    description:
      'The user entry combines methods kubectl refuses (token with basic auth, exec with auth-provider, a cert without a key...).',
    explanation:
      'client-go validates each user entry before sending anything, and refuses one that mixes methods it ' +
      'cannot combine: a token together with a username and password, an exec plugin together with an ' +
      'auth-provider, a client certificate without its key. The command fails before it reaches the server.',
    remedy:
      'Keep one authentication method and unset the others with kubectl config unset; the finding says ' +
      'which field to drop for each conflict. When the entry is beyond repair, re-fetch the credentials.',
  },
  scope: 'context',
  check(subject) {
    const user = subject.user;
    if (!user) return [];
    const refusals = credentialRefusals(user.name, user.value).filter((r) => !OTHER_RULES.has(r.code));
    if (refusals.length === 0) return [];
    const quoted = refusals.map((r) => `"${r.message}"`).join('; ');
    return [
      {
        detail:
          `kubectl refuses user ${user.name} (in ${user.source}) before sending any request: ${quoted}. ` +
          `Every kubectl command in context ${subject.name} fails.`,
        evidence: {
          context: subject.name,
          user: user.name,
          source: user.source,
          problems: refusals.map((r) => r.code),
          messages: refusals.map((r) => r.message),
        },
        ...plan(subject, user, refusals),
      },
    ];
  },
} satisfies ContextRule;
