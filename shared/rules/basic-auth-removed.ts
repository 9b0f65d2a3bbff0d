import { refetchSteps } from '../guides/refetch';
import { unsetSteps } from '../guides/user-fields';
import type { ContextRule } from './types';

const ID = 'basic-auth-removed';

export default {
  meta: {
    id: ID,
    title: 'Basic auth no longer supported',
    severity: 'error',
    needs: 'offline',
    description: 'username/password: basic auth was removed from the API server in 1.19.',
    explanation:
      'Static passwords (the API server flag --basic-auth-file) were removed from Kubernetes in 1.19. ' +
      'kubectl still sends a username and password when the kubeconfig has them, but no current API server ' +
      'accepts them, so every request is Unauthorized.',
    remedy:
      'Give the user a token, a client certificate or an exec plugin (re-fetching the credentials from the ' +
      'provider does that), then unset username and password. For an EKS cluster whose name and region the ' +
      'kubeconfig holds, kubeward can run aws eks update-kubeconfig itself.',
  },
  scope: 'context',
  check(subject) {
    const user = subject.user;
    if (!user || !(user.value.username || user.value.password)) return [];
    const fields = [user.value.username ? 'username' : '', user.value.password ? 'password' : ''].filter(Boolean);
    return [
      {
        detail:
          `User ${user.name} sets ${fields.join(' and ')}: basic auth was removed from the Kubernetes API server in 1.19, ` +
          'so a current cluster answers 401 Unauthorized. Switch to a token, a client certificate or an exec plugin.',
        evidence: { context: subject.name, user: user.name, fields },
        fix: [
          ...refetchSteps(subject),
          ...unsetSteps(user, ['username', 'password'], 'once another credential is in place'),
        ],
      },
    ];
  },
} satisfies ContextRule;
