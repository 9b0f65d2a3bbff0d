/** How a cluster admin maps an IAM principal into an EKS cluster: an access entry, or the older aws-auth ConfigMap. */
import type { FixPath, FixStep } from '../findings';
import type { IamPrincipal } from '../exec/eks-token';
import { shellArg } from './shell';

export interface EksTarget {
  cluster?: string;
  region?: string;
  profile?: string;
}

const VIEW_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy';

/** `--cluster-name C --region R`, placeholders where the kubeconfig does not say. */
function clusterFlags(target: EksTarget): string {
  return `--cluster-name ${target.cluster ? shellArg(target.cluster) : '<CLUSTER_NAME>'} --region ${target.region ? shellArg(target.region) : '<REGION>'}`;
}

/** The Kubernetes user name aws-auth maps the principal to: the role and session, or the IAM user's name. */
function mappedUsername(principal: IamPrincipal): string {
  if (principal.kind === 'role')
    return `${principal.role ?? principal.principalArn.split('/').pop() ?? 'role'}:{{SessionName}}`;
  return principal.principalArn.split('/').pop() ?? 'user';
}

/**
 * The ways a cluster admin maps the principal, each after `lead` (finding out who it is, when kubeward
 * could not) and ending with `check`: an access entry plus a policy (read-only here: the admin picks
 * what the person needs), or eksctl's aws-auth mapping on a cluster without access entries.
 */
export function eksGrantPaths(
  target: EksTarget,
  principal: IamPrincipal | undefined,
  lead: FixStep[],
  check: FixStep,
): FixPath[] {
  const arn = principal ? shellArg(principal.principalArn) : '<PRINCIPAL_ARN>';
  const flags = clusterFlags(target);
  const kind = principal?.kind === 'user' ? 'user' : 'role';
  return [
    {
      id: 'access-entry',
      title: 'An admin adds an access entry',
      summary:
        'For a cluster whose authentication mode is API or API_AND_CONFIG_MAP, as EKS creates them now: ' +
        'access entries are managed with the AWS CLI.',
      steps: [
        ...lead,
        {
          title: `A cluster admin (an identity allowed to manage access entries) creates an access entry for ${principal?.principalArn ?? 'the principal'}`,
          command: `aws eks create-access-entry ${flags} --principal-arn ${arn}`,
        },
        {
          title:
            'Then associates an access policy with it (AmazonEKSViewPolicy is read-only; AmazonEKSEditPolicy, ' +
            'AmazonEKSAdminPolicy or AmazonEKSClusterAdminPolicy give more: pick what this principal needs)',
          command: `aws eks associate-access-policy ${flags} --principal-arn ${arn} --policy-arn ${VIEW_POLICY} --access-scope type=cluster`,
        },
        check,
      ],
    },
    {
      id: 'aws-auth',
      title: 'An admin maps it in aws-auth',
      summary:
        'For a cluster whose authentication mode is CONFIG_MAP: it has no access entries, only the aws-auth ConfigMap.',
      steps: [
        ...lead,
        {
          title: `A cluster admin maps it in the aws-auth ConfigMap (a map${kind === 'user' ? 'Users' : 'Roles'} entry; pick the groups RBAC binds)`,
          command:
            `eksctl create iamidentitymapping ${flags.replace('--cluster-name', '--cluster')} --arn ${arn} ` +
            `--username ${principal ? shellArg(mappedUsername(principal)) : '<USERNAME>'} --group <GROUP>`,
        },
        check,
      ],
    },
  ];
}
