/** Fix steps for the known plugin failures of shared/exec/signatures.ts, filled in from the kubeconfig. */
import type { ContextSubject } from '../facts';
import type { FixStep } from '../findings';
import type { ExecConfig } from '../kubeconfig/model';
import { missingTool, type SignatureMatch } from '../exec/signatures';
import { runStep } from './actions';
import { commandName, detectProvider, flagValue } from './provider';
import { shellArg } from './shell';
import { gcloudSignInSteps, profileArgs, profileFlag, profileName } from './cloud-sign-in';

function azLogin(title: string): FixStep[] {
  return [
    runStep(title, 'az', ['login']),
    {
      title: 'Then clear kubelogin’s cached tokens so it takes the new sign-in',
      command: 'kubelogin remove-cache-dir',
    },
  ];
}

function executablePath(subject: ContextSubject, exec: ExecConfig): string {
  return subject.snapshot.commands.get(exec.command)?.resolved ?? exec.command;
}

/** The steps for a recognised failure; the caller ends them with the check. */
export function signatureSteps(match: SignatureMatch, subject: ContextSubject, exec: ExecConfig): FixStep[] {
  const flag = profileFlag(subject);
  switch (match.signature.id) {
    case 'aws-sso-token-invalid':
    case 'aws-sso-refresh-failed':
      return [
        runStep(`Sign in to AWS IAM Identity Center (SSO) again for ${profileName(subject)}`, 'aws', [
          'sso',
          'login',
          ...profileArgs(subject),
        ]),
      ];
    case 'aws-expired-token':
      return [
        {
          title:
            'Renew the temporary credentials: unset stale AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN ' +
            `(in the shell or the exec entry's env) and sign in again for ${profileName(subject)}`,
        },
        runStep(`Sign in again for ${profileName(subject)} (IAM Identity Center)`, 'aws', [
          'sso',
          'login',
          ...profileArgs(subject),
        ]),
        { title: 'Check which AWS identity the plugin will use', command: `aws sts get-caller-identity${flag}` },
      ];
    case 'aws-profile-not-found': {
      const profile = /\(([^)\n]{1,200})\)/.exec(match.line)?.[1] ?? detectProvider(subject).profile;
      const named = profile ? ` --profile ${shellArg(profile)}` : flag;
      return [
        { title: 'List the profiles the AWS CLI knows', command: 'aws configure list-profiles' },
        {
          title: `Create ${profile ? `profile ${profile}` : 'the profile'} (IAM Identity Center), or point the exec entry's --profile / AWS_PROFILE at one that exists`,
          command: `aws configure sso${named}`,
        },
      ];
    }
    case 'aws-invalid-client-token-id':
      return [
        {
          title: `Replace the access key of ${profileName(subject)} with an active one (IAM console: Security credentials)`,
          command: `aws configure${flag}`,
        },
        { title: 'Check which AWS identity the plugin will use', command: `aws sts get-caller-identity${flag}` },
      ];
    case 'aws-assume-role-denied': {
      const role = flagValue(exec.args, '--role-arn', '--role');
      return [
        { title: 'See which identity tries to assume the role', command: `aws sts get-caller-identity${flag}` },
        {
          title:
            `An IAM admin allows it: the trust policy of ${role ?? 'the role'} must trust this identity, and its own ` +
            'policy must allow sts:AssumeRole; or use the profile that is meant to assume it',
          ...(role
            ? {
                command: `aws iam get-role --role-name ${shellArg(role.split('/').pop() ?? role)} --query Role.AssumeRolePolicyDocument`,
              }
            : {}),
        },
      ];
    }
    case 'oauth-invalid-grant':
      return commandName(exec.command) === 'gke-gcloud-auth-plugin' || /gcloud/i.test(match.line)
        ? [runStep('Sign in to the gcloud CLI again', 'gcloud', ['auth', 'login'])]
        : [{ title: 'Log in once in a terminal: the plugin opens a browser or shows a device code' }];
    case 'gcloud-invalid-rapt':
    case 'gcloud-reauth-required':
      return [runStep('Sign in to the gcloud CLI again', 'gcloud', ['auth', 'login'])];
    case 'gcloud-no-active-account':
      return gcloudSignInSteps();
    case 'azure-grant-revoked':
    case 'azure-refresh-token-inactive':
    case 'azure-sign-in-frequency':
      return azLogin('Sign in to Azure again');
    case 'azure-mfa-required':
      return azLogin('Sign in to Azure with multi-factor authentication (it opens a browser)');
    case 'tool-not-found': {
      const tool = missingTool(match.line);
      return [
        {
          title: `Install ${tool ?? 'the program it calls'}, or put the directory that has it on the PATH the plugin gets (the exec entry's env can set PATH)`,
          ...(tool ? { command: `command -v ${shellArg(tool)}` } : {}),
        },
      ];
    }
    case 'exec-format-error': {
      const file = executablePath(subject, exec);
      return [
        {
          title: `See what ${file} is built for, and install the build for this system`,
          command: `file ${shellArg(file)}`,
        },
      ];
    }
    case 'permission-denied': {
      const file = executablePath(subject, exec);
      return [{ title: `Let ${file} be executed`, command: `chmod +x ${shellArg(file)}` }];
    }
  }
}
