import { credentialKind } from '../credentials/kind';
import { describeToken, identityNote, userTokens } from '../credentials/token';
import { commandLine } from '../exec/evidence';
import type { ContextSubject, ProbeCredential } from '../facts';
import type { FixPlan, FixStep } from '../findings';
import { recheckStep } from '../guides/probe';
import { detectProvider, type ProviderInfo } from '../guides/provider';
import { refetchSteps } from '../guides/refetch';
import { shellArg } from '../guides/shell';
import { oidcLoginPlan, renewTokenPlan } from '../guides/token';
import { answerEvidence, probeIn, serverOf, type ProbeOf } from './support/probe';
import type { ContextRule } from './types';
import { UNAUTHORIZED_OR_FORBIDDEN } from './support/background';
import { unmappedEksPrincipal } from './support/eks';

const ID = 'server-unauthorized';

type Sent = 'client-certificate' | 'token' | 'basic' | 'exec-token' | 'exec-client-certificate' | 'oidc' | 'none';

/** What went out, from the probe's record; for a probe that did not record it, what kubectl sends. */
function sentOf(subject: ContextSubject, credential: ProbeCredential | undefined): Sent {
  if (!credential) {
    const kind = credentialKind(subject.user?.value);
    if (kind === 'exec') return 'exec-token';
    return kind === 'auth-provider' ? 'none' : kind;
  }
  const [first] = credential.presented;
  if (!first) return 'none';
  if (credential.from === 'exec') return first === 'client-certificate' ? 'exec-client-certificate' : 'exec-token';
  if (credential.from === 'oidc') return 'oidc';
  return first;
}

/** The credential in words, as the object of "it does not accept ...". */
function what(subject: ContextSubject, sent: Sent): string {
  const user = subject.user;
  const name = user?.name ?? '(none)';
  const exec = user?.value.exec;
  switch (sent) {
    case 'none':
      return 'requests without a credential (the context sends none)';
    case 'client-certificate':
      return `the client certificate of user ${name}`;
    case 'basic':
      return `the username and password of user ${name} (kube-apiserver dropped basic auth in 1.19)`;
    case 'oidc':
      return `the OIDC id-token of user ${name}`;
    case 'exec-token':
    case 'exec-client-certificate': {
      const form = sent === 'exec-token' ? 'token' : 'client certificate';
      return exec ? `the ${form} the exec plugin of user ${name} returned (${commandLine(exec)})` : `the ${form}`;
    }
    case 'token': {
      const token = user && userTokens(subject).sent;
      const text = user && token ? describeToken(user.name, token) : `The bearer token of user ${name}`;
      return `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
    }
  }
}

/** Whose token it was, when its claims say. */
function tokenNote(subject: ContextSubject, sent: Sent): string {
  const token = sent === 'token' && subject.user ? userTokens(subject).sent : undefined;
  return token ? identityNote(token) : '';
}

function why(sent: Sent, eks: boolean, info: ProviderInfo): string {
  if (eks) {
    const cluster = info.cluster ? ` ${info.cluster}` : '';
    return (
      ` On EKS this means the token is well-formed but the IAM principal the AWS CLI signed it as is not mapped` +
      ` to a Kubernetes identity in cluster${cluster}: it has no access entry (or aws-auth ConfigMap entry).` +
      ' Usual causes: the wrong AWS profile or role, or nobody granted this principal access;' +
      ' less often a token made for another cluster name, or a clock far off.'
    );
  }
  switch (sent) {
    case 'client-certificate':
    case 'exec-client-certificate':
      return ' The certificate is expired, revoked, or signed by a CA the cluster no longer trusts (a rebuilt cluster or a rotated CA).';
    case 'token':
    case 'oidc':
      return ' The token is expired, revoked (its ServiceAccount or Secret deleted), or from another issuer.';
    case 'exec-token':
      return ' The plugin signed in, but as an account this cluster does not accept, or its token was meant for another cluster.';
    default:
      return '';
  }
}

function eksSteps(info: ProviderInfo): FixStep[] {
  const profile = info.profile ? ` --profile ${shellArg(info.profile)}` : '';
  const cluster = info.cluster ? shellArg(info.cluster) : '<CLUSTER_NAME>';
  const region = info.region ? shellArg(info.region) : '<REGION>';
  const unknown = [
    ...(info.cluster ? [] : ['<CLUSTER_NAME>: the EKS cluster name']),
    ...(info.region ? [] : ['<REGION>: its AWS region']),
  ];
  const note = unknown.length ? ` (the kubeconfig does not say; replace ${unknown.join('; ')})` : '';
  return [
    { title: 'See which IAM principal the plugin signs as', command: `aws sts get-caller-identity${profile}` },
    {
      title: `List the IAM principals the cluster admits (as an identity allowed to list access entries)${note}`,
      command: `aws eks list-access-entries --cluster-name ${cluster} --region ${region}${profile}`,
    },
    {
      title:
        'If the principal is missing, a cluster admin adds it (replace <PRINCIPAL_ARN> with the Arn from the first step)',
      command: `aws eks create-access-entry --cluster-name ${cluster} --region ${region} --principal-arn <PRINCIPAL_ARN>`,
    },
  ];
}

/** The fix: a new token or a new sign-in (their plans end with the check), else the entry written again. */
function plan(subject: ContextSubject, sent: Sent, eks: boolean, info: ProviderInfo): FixPlan {
  const user = subject.user;
  const token = sent === 'token' && user ? userTokens(subject).sent : undefined;
  if (!eks && token) return renewTokenPlan(subject, token);
  if (!eks && sent === 'oidc' && user) return oidcLoginPlan(subject, userTokens(subject).oidc);
  return { fix: [...(eks ? eksSteps(info) : refetchSteps(subject)), recheckStep(subject)] };
}

/** What the second try was, when the first 401 was asked again with a fresh credential. */
const RETRIED: Record<NonNullable<ProbeOf<'answered'>['retried']>, string> = {
  'exec-plugin':
    ' Kubeward ran the exec plugin again for a fresh credential, as kubectl does after a 401, and asked once' +
    ' more: the server refused the new credential too, so this is not a stale one.',
  file: ' The credential file had changed since the check read it; kubeward read it again and asked once more: refused too.',
};

function verdict(subject: ContextSubject, probe: ProbeOf<'answered'>) {
  const sent = sentOf(subject, probe.credential);
  const info = detectProvider(subject);
  const eks = info.provider === 'eks' && sent === 'exec-token';
  const said = probe.message && probe.message !== 'Unauthorized' ? ` The server said: "${probe.message}".` : '';
  const again = probe.retried ? RETRIED[probe.retried] : '';
  return {
    detail:
      `The API server ${serverOf(subject)} answered 401 Unauthorized to ${probe.request}: it does not accept ` +
      `${what(subject, sent)}.${tokenNote(subject, sent)}` +
      ' kubectl fails with "error: You must be logged in to the server (Unauthorized)".' +
      `${why(sent, eks, info)}${said}${again}`,
    evidence: {
      ...answerEvidence(subject, probe),
      credential: sent,
      ...(probe.retried ? { retried: probe.retried } : {}),
    },
    ...plan(subject, sent, eks, info),
  };
}

export default {
  meta: {
    id: ID,
    title: 'API server rejects the credential',
    severity: 'error',
    needs: 'probe',
    description: 'The live probe got 401 Unauthorized: the server does not accept the credential kubectl sends.',
    explanation: UNAUTHORIZED_OR_FORBIDDEN,
    remedy:
      'Renew the credential that was sent: a new token, a new login or re-fetched credentials, depending on' +
      " its kind. On EKS, a 401 that outlives a fresh token means the IAM principal is not in the cluster's" +
      ' access entries (or aws-auth): an admin adds it with aws eks create-access-entry.',
  },
  scope: 'context',
  check(subject) {
    const probe = probeIn(subject, 'answered');
    // A fresh EKS token refused is eks-principal-unmapped's: it names the principal and the grant.
    // A 401 page that is not the API (an SSO proxy's) is server-not-kubernetes'.
    return probe?.status === 401 && !probe.notApi && !unmappedEksPrincipal(subject) ? [verdict(subject, probe)] : [];
  },
} satisfies ContextRule;
