import { credentialSetup } from '../credentials/kind';
import type { ContextSubject } from '../facts';
import type { FixPlan } from '../findings';
import { repointPath } from '../guides/entries';
import { recheckStep } from '../guides/probe';
import { refetchSteps } from '../guides/refetch';
import type { ContextRule } from './types';

const ID = 'credentials-missing';

/**
 * Write the entry again; for a context without a user, first the choice of a user the kubeconfig
 * defines (the user's own call, as for a dangling one). Each way ends with asking the server.
 */
function plan(subject: ContextSubject): FixPlan {
  const refetch = [...refetchSteps(subject), recheckStep(subject)];
  const repoint = subject.user ? undefined : repointPath(subject, 'user');
  if (!repoint) return { fix: refetch };
  return {
    fix: [],
    paths: [
      repoint,
      {
        id: 'refetch',
        title: 'Fetch the credentials again',
        summary: 'The provider or your admin writes the entry afresh, user included.',
        steps: refetch,
      },
    ],
  };
}

export default {
  meta: {
    id: ID,
    title: 'No credentials',
    severity: 'warning',
    needs: 'offline',
    description: 'The context has no user, or its user entry has no credential kubectl would send.',
    explanation:
      "kubectl sends whatever credential the context's user entry holds. With none and an https server, it " +
      'does not go out anonymous: it asks "Please enter Username" and, without a terminal (a script, CI, an ' +
      'IDE), fails with EOF before any request. Over plain http its requests carry no credential, which a ' +
      'cluster answers with 401 Unauthorized or 403 as system:anonymous.',
    remedy:
      "Re-fetch the credentials from the cluster's provider, or add a credential to the user entry (kubectl" +
      ' config set-credentials); a context without a user needs one (kubectl config --kubeconfig FILE ' +
      'set-context NAME --user=USER). For an EKS cluster whose name and region the kubeconfig holds, kubeward can run aws ' +
      'eks update-kubeconfig itself.',
  },
  scope: 'context',
  check(subject) {
    const userName = subject.context.value.user;
    // A user that is named but not defined is context-dangling's finding.
    if (userName !== undefined && !subject.user) return [];
    const setup = credentialSetup(subject.user?.value);
    if (setup.wins !== 'none') return [];
    const who = subject.user
      ? `User ${subject.user.name} (in ${subject.user.source}) has`
      : `Context ${subject.name} names no user, so it has`;
    const ignored = setup.ignored.length > 0 ? ` Its ${setup.ignored.join(' and ')} alone is never sent.` : '';
    return [
      {
        detail:
          `${who} no credential kubectl would send.${ignored} Over https kubectl asks "Please enter Username" ` +
          'and, without a terminal, fails with EOF before any request; over http the server answers 401 or ' +
          '403 as system:anonymous.',
        evidence: { context: subject.name, user: subject.user?.name ?? null, ignored: setup.ignored },
        ...plan(subject),
      },
    ];
  },
} satisfies ContextRule;
