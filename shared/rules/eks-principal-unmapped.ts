import type { ContextSubject } from '../facts';
import type { Evidence, FixPath, FixPlan, FixStep } from '../findings';
import { iamPrincipal, type EksTokenPrincipal, type IamPrincipal } from '../exec/eks-token';
import { eksGrantPaths } from '../guides/eks-access';
import { recheckStep } from '../guides/probe';
import { detectProvider } from '../guides/provider';
import { eksCommand } from '../guides/refetch';
import { shellArg } from '../guides/shell';
import { answerEvidence, serverOf } from './support/probe';
import { unmappedEksPrincipal } from './support/eks';
import type { ContextRule } from './types';

const ID = 'eks-principal-unmapped';

function keyWords(principal: EksTokenPrincipal): string {
  return principal.keyKind === 'temporary'
    ? `temporary credentials (access key ${principal.accessKeyId}: a role session, e.g. from AWS SSO or assume-role)`
    : `the long-term access key ${principal.accessKeyId} of an IAM user`;
}

function who(subject: ContextSubject, principal: EksTokenPrincipal, iam: IamPrincipal | undefined): string {
  const identity = subject.user ? subject.snapshot.awsIdentities?.get(subject.user.name) : undefined;
  const signed = `The token was signed in ${principal.region} with ${keyWords(principal)}`;
  if (identity?.state === 'ok') {
    const session = iam?.session ? ` (role ${iam.role}, session ${iam.session})` : '';
    const grant = iam && iam.principalArn !== identity.arn ? `; the access entry names ${iam.principalArn}` : '';
    return `${signed}: AWS STS says that is ${identity.arn}${session}${grant}.`;
  }
  const why = identity?.state === 'failed' ? ` (aws sts get-caller-identity failed: ${identity.reason})` : '';
  return `${signed}. Its ARN is not known${why}: the first step below shows it.`;
}

function evidence(subject: ContextSubject, principal: EksTokenPrincipal, iam: IamPrincipal | undefined): Evidence {
  const identity = subject.user ? subject.snapshot.awsIdentities?.get(subject.user.name) : undefined;
  const out: Evidence = {
    accessKeyId: principal.accessKeyId,
    keyKind: principal.keyKind,
    stsRegion: principal.region,
    clusterBound: principal.clusterBound,
  };
  if (principal.signedAt) out.signedAt = principal.signedAt;
  if (identity?.state === 'ok') {
    out.callerArn = identity.arn;
    out.account = identity.account;
  } else if (identity?.state === 'failed') out.callerIdentityError = identity.reason;
  if (iam) out.principalArn = iam.principalArn;
  if (iam?.session) out.roleSession = iam.session;
  return out;
}

/**
 * Ask first: an admin maps this principal (two ways, by the cluster's authentication mode), or the
 * context should sign as another one, which no grant fixes. Each way ends by asking the server again.
 */
function plan(subject: ContextSubject, iam: IamPrincipal | undefined): FixPlan {
  const info = detectProvider(subject);
  const profile = info.profile ? ` --profile ${shellArg(info.profile)}` : '';
  const whoAmI = `aws sts get-caller-identity${profile}`;
  const lead: FixStep[] = iam
    ? []
    : [
        {
          title:
            'See which IAM principal the plugin signs as (its Arn is the <PRINCIPAL_ARN> below; for an assumed-role Arn use the role: arn:aws:iam::ACCOUNT:role/ROLE)',
          command: whoAmI,
        },
      ];
  const target = {
    ...(info.cluster ? { cluster: info.cluster } : {}),
    ...(info.region ? { region: info.region } : {}),
  };
  const check = recheckStep(subject);
  const otherIdentity: FixPath = {
    id: 'other-identity',
    title: 'Sign as another identity',
    summary: `Another AWS profile or role should sign for context ${subject.name}: a grant for this one would be the wrong fix.`,
    steps: [
      // The detail names the principal when STS did; else the user looks first.
      ...(iam ? [] : [{ title: 'See which identity signs now', command: whoAmI }]),
      {
        title:
          'Write the entry again with the profile that should sign (replace <PROFILE>; aws configure list-profiles lists them)',
        command: eksCommand(subject, info.cluster ?? '<CLUSTER_NAME>', info.region ?? '<REGION>', '<PROFILE>'),
      },
      check,
    ],
  };
  return { fix: [], paths: [...eksGrantPaths(target, iam, lead, check), otherIdentity] };
}

export default {
  meta: {
    id: ID,
    title: 'EKS does not know the IAM principal',
    severity: 'error',
    needs: 'probe',
    description:
      'aws eks get-token gave a fresh, well-formed token and the EKS API server still answered 401: the IAM principal has no access entry or aws-auth mapping.',
    explanation:
      'An EKS token is a presigned AWS STS request: the cluster runs it to learn which IAM principal you are, then ' +
      'looks that principal up in its access entries (or the older aws-auth ConfigMap). A principal that is in ' +
      'neither is refused with 401 Unauthorized, however valid the AWS credentials are: a new login does not help. ' +
      'It happens after switching profile or role, with SSO permission sets (each is its own role), and on new clusters ' +
      'where only the creator has access.',
    remedy:
      'Check that the plugin signs as the identity you expect (profile, role); if it does, a cluster admin adds it ' +
      'with aws eks create-access-entry and associate-access-policy, or an aws-auth mapping. Kubeward names the ' +
      'principal from the token and, when the plugin is approved to run, asks AWS STS for its ARN.',
  },
  scope: 'context',
  check(subject) {
    const found = unmappedEksPrincipal(subject);
    if (!found) return [];
    const { probe, principal } = found;
    const identity = subject.user ? subject.snapshot.awsIdentities?.get(subject.user.name) : undefined;
    const iam = identity?.state === 'ok' ? iamPrincipal(identity.arn) : undefined;
    const info = detectProvider(subject);
    const cluster = info.cluster ? `EKS cluster ${info.cluster}` : 'the EKS cluster';
    return [
      {
        detail:
          `${cluster} (${serverOf(subject)}) answered 401 Unauthorized to a fresh token from aws eks get-token: ` +
          'kubeward ran the plugin again and asked once more, and the cluster refused that token too. The AWS ' +
          `credentials work (the plugin signed), but ${cluster} does not map the IAM principal to a Kubernetes ` +
          `identity: it has no access entry and no aws-auth entry. ${who(subject, principal, iam)}`,
        evidence: { ...answerEvidence(subject, probe), retried: 'exec-plugin', ...evidence(subject, principal, iam) },
        ...plan(subject, iam),
      },
    ];
  },
} satisfies ContextRule;
