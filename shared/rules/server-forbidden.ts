import type { ContextSubject } from '../facts';
import type { FixStep } from '../findings';
import { recheckStep } from '../guides/probe';
import { refetchSteps } from '../guides/refetch';
import { shellArg } from '../guides/shell';
import { answerEvidence, probeIn, serverOf, type ProbeOf } from './support/probe';
import type { ContextRule, FindingDraft } from './types';
import { UNAUTHORIZED_OR_FORBIDDEN } from './support/background';

const ID = 'server-forbidden';

const ANONYMOUS = 'system:anonymous';
const SERVICE_ACCOUNT = /^system:serviceaccount:([^:]+):([^:]+)$/;

/** RBAC's 403 names the user: `... is forbidden: User "alice" cannot create resource ...`. */
function forbiddenUser(probe: ProbeOf<'answered'>): string | undefined {
  return /\bUser "([^"]+)"/.exec(probe.message ?? '')?.[1];
}

/** `--user=alice` or `--serviceaccount=ns:name`, as `kubectl create rolebinding` takes them. */
function subjectFlag(user: string): string {
  const sa = SERVICE_ACCOUNT.exec(user);
  return sa ? `--serviceaccount=${shellArg(`${sa[1]}:${sa[2]}`)}` : `--user=${shellArg(user)}`;
}

function rbacSteps(subject: ContextSubject, user: string | undefined): FixStep[] {
  const namespace = subject.context.value.namespace ?? 'default';
  const steps: FixStep[] = [
    {
      title: `List what RBAC allows ${user ?? 'this identity'} in namespace ${namespace}`,
      command: `kubectl auth can-i --list --context ${shellArg(subject.name)} -n ${shellArg(namespace)}`,
    },
  ];
  if (user) {
    const binding = `${user.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}-view`;
    steps.push({
      title: `A cluster admin grants access with a RoleBinding (the view ClusterRole here is an example; pick the role ${user} needs)`,
      command: `kubectl create rolebinding ${shellArg(binding)} --clusterrole=view ${subjectFlag(user)} -n ${shellArg(namespace)}`,
    });
  }
  return steps;
}

function verdict(subject: ContextSubject, probe: ProbeOf<'answered'>): FindingDraft {
  const user = forbiddenUser(probe);
  const said = probe.message ? ` The server said: "${probe.message}".` : '';
  const evidence = { ...answerEvidence(subject, probe), ...(user ? { username: user } : {}) };
  if (user === ANONYMOUS) {
    // Not RBAC at all: the server saw no credential it could use.
    return {
      severity: 'warning',
      title: 'API server treats requests as anonymous',
      detail:
        `The API server ${serverOf(subject)} answered 403 Forbidden to ${probe.request} as ${ANONYMOUS}: ` +
        `context ${subject.name} sends no credential the server recognises, so every request is anonymous.${said}`,
      evidence,
      fix: [...refetchSteps(subject), recheckStep(subject)],
    };
  }
  return {
    detail:
      `The API server ${serverOf(subject)} knows who you are${user ? ` (${user})` : ''} but answered 403 Forbidden ` +
      `to ${probe.request}: RBAC does not allow it. The credential works; permissions are what is missing.${said}`,
    evidence,
    fix: [...rbacSteps(subject, user), recheckStep(subject)],
  };
}

export default {
  meta: {
    id: ID,
    title: 'Authenticated, but RBAC forbids the request',
    severity: 'info',
    needs: 'probe',
    description: 'The live probe got 403 Forbidden: the server authenticated the credential, RBAC refused the request.',
    explanation: UNAUTHORIZED_OR_FORBIDDEN,
    remedy:
      'The credential is fine; its permissions are not. A cluster admin grants what you need with a ' +
      'RoleBinding or ClusterRoleBinding (kubectl auth can-i --list shows what you have now). When the ' +
      'server treats you as anonymous, re-fetch the credentials instead.',
  },
  scope: 'context',
  check(subject) {
    const probe = probeIn(subject, 'answered');
    // A 403 page that is not the API (a proxy's) is server-not-kubernetes'.
    return probe?.status === 403 && !probe.notApi ? [verdict(subject, probe)] : [];
  },
} satisfies ContextRule;
