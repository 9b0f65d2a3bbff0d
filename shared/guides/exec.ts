/**
 * Fix steps for exec plugin problems, per failure cause, filled in from the
 * kubeconfig: the AWS profile from `--profile` or AWS_PROFILE, the context name for
 * the final check. Every guide ends with the command that proves the fix: kubectl
 * running the plugin itself.
 */
import type { ContextSubject, ExecFailureCause } from '../facts';
import type { FixPlan, FixStep } from '../findings';
import type { ExecConfig } from '../kubeconfig/model';
import { formatDuration } from '../time';
import { choiceStep, runStep } from './actions';
import { pluginInstallSteps } from './plugins';
import { commandName, detectProvider } from './provider';
import { refetchSteps } from './refetch';
import { shellArg } from './shell';
import { gcloudSignInSteps, profileArgs, profileFlag, profileName } from './cloud-sign-in';

/** The final step of every exec guide: kubectl runs the plugin exactly as configured. */
export function verifyStep(context: string): FixStep {
  return {
    title: 'Check that kubectl gets credentials from the plugin again',
    command: `kubectl auth whoami --context ${shellArg(context)}`,
  };
}

function awsSsoLogin(subject: ContextSubject): FixStep[] {
  return [
    runStep(`Sign in to AWS IAM Identity Center (SSO) again for ${profileName(subject)}`, 'aws', [
      'sso',
      'login',
      ...profileArgs(subject),
    ]),
  ];
}

function noCloudCredentials(subject: ContextSubject, exec: ExecConfig): FixStep[] {
  const name = commandName(exec.command);
  if (name !== 'aws' && name !== 'aws-iam-authenticator') {
    return [{ title: `Sign in to the cloud account ${name} gets its credentials from` }];
  }
  const flag = profileFlag(subject);
  // How the user signs in to AWS is theirs to say: one step, a choice between the two set-ups.
  return [
    choiceStep(`Set up ${profileName(subject)} once, the way you sign in to AWS`, 'You sign in with', [
      { value: 'IAM Identity Center (SSO)', command: `aws configure sso${flag}` },
      { value: 'access keys', command: `aws configure${flag}` },
    ]),
    { title: 'Check which AWS identity the plugin will use', command: `aws sts get-caller-identity${flag}` },
  ];
}

function interactiveLogin(subject: ContextSubject): FixStep[] {
  const info = detectProvider(subject);
  if (info.provider === 'aks' && (info.loginMode ?? 'azurecli') === 'azurecli') {
    return [{ title: 'Sign in to the Azure CLI, which kubelogin takes its tokens from', command: 'az login' }];
  }
  // kubectl runs the plugin as configured, so its browser or device-code login can complete with you there.
  return [
    runStep('Sign in now: kubectl runs the plugin, which opens a browser or shows a device code', 'kubectl', [
      'auth',
      'whoami',
      '--context',
      subject.name,
    ]),
  ];
}

function runByHand(): FixStep[] {
  return [{ title: "Run the check below in a terminal to see the plugin's full error output" }];
}

function causeSteps(cause: ExecFailureCause, subject: ContextSubject, exec: ExecConfig, timeoutMs: number): FixStep[] {
  switch (cause) {
    case 'aws-sso-expired':
      return awsSsoLogin(subject);
    case 'no-cloud-credentials':
      return noCloudCredentials(subject, exec);
    case 'gcloud-no-account':
      return gcloudSignInSteps();
    case 'gcloud-reauth':
      return [
        runStep('Sign in to the gcloud CLI again (its refresh token was revoked or expired)', 'gcloud', [
          'auth',
          'login',
        ]),
      ];
    case 'interactive-login-required':
      return interactiveLogin(subject);
    case 'timeout':
      return [
        {
          title: `The plugin did not finish within ${formatDuration(timeoutMs)}: check the network or VPN to your identity provider`,
        },
        ...runByHand(),
      ];
    case 'crashed':
    case 'output-too-large':
    case 'spawn-failed': {
      const install = pluginInstallSteps(exec, subject.snapshot.platform);
      const reinstall = install.map((s) => ({ ...s, title: `Reinstall or update: ${s.title}` }));
      return [
        ...runByHand(),
        ...(reinstall.length > 0 ? reinstall : [{ title: `Reinstall or update ${commandName(exec.command)}` }]),
      ];
    }
    case 'unknown':
      return runByHand();
  }
}

/** Causes a new cloud session cures: the entry itself may be fine. */
const SIGN_IN_CAUSES: ReadonlySet<ExecFailureCause> = new Set([
  'aws-sso-expired',
  'gcloud-no-account',
  'gcloud-reauth',
  'interactive-login-required',
]);

/**
 * A failed plugin run: for a managed cluster whose plugin needs a new session, sign in again, or sign in
 * and let the cloud CLI write the entry again (stale plugin arguments, a renamed profile). Otherwise one way.
 */
export function failurePlan(
  cause: ExecFailureCause,
  subject: ContextSubject,
  exec: ExecConfig,
  timeoutMs: number,
): FixPlan {
  const signIn = causeSteps(cause, subject, exec, timeoutMs);
  const verify = verifyStep(subject.name);
  // Signing in by running the plugin through kubectl is the check itself.
  const signedIn = signIn.some((step) => step.command === verify.command) ? signIn : [...signIn, verify];
  if (!SIGN_IN_CAUSES.has(cause) || detectProvider(subject).provider === 'generic') return { fix: signedIn };
  return {
    fix: [],
    paths: [
      {
        id: 'sign-in',
        title: 'Sign in again',
        summary: 'The plugin needs a new cloud session; the kubeconfig entry stays as it is.',
        steps: signedIn,
      },
      {
        id: 'regenerate',
        title: 'Sign in and write the entry again',
        // The cloud CLI needs the session too: it asks the cloud for the cluster before it writes the entry.
        summary: "The cloud CLI writes this context's entry afresh, for an entry whose plugin arguments went stale.",
        steps: [...signIn, ...refetchSteps(subject), verify],
      },
    ],
  };
}
