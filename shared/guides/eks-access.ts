/** How a cluster admin maps an IAM principal into an EKS cluster: an access entry, or the older aws-auth ConfigMap. */
import type { FixStep } from '../findings';
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
 * Grant steps for the admin: create-access-entry + associate-access-policy (read-only here: the
 * admin picks the policy the person needs), or eksctl's aws-auth mapping on clusters without access entries.
 */
export function eksGrantSteps(target: EksTarget, principal: IamPrincipal | undefined): FixStep[] {
  const arn = principal ? shellArg(principal.principalArn) : '<PRINCIPAL_ARN>';
  const flags = clusterFlags(target);
  const kind = principal?.kind === 'user' ? 'user' : 'role';
  return [
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
    {
      title:
        `Or, on a cluster whose authentication mode is CONFIG_MAP (no access entries), map it in the aws-auth ConfigMap ` +
        `(a map${kind === 'user' ? 'Users' : 'Roles'} entry; pick the groups RBAC binds)`,
      command:
        `eksctl create iamidentitymapping ${flags.replace('--cluster-name', '--cluster')} --arn ${arn} ` +
        `--username ${principal ? shellArg(mappedUsername(principal)) : '<USERNAME>'} --group <GROUP>`,
    },
  ];
}
