/** Signing in to a cloud CLI again: the AWS profile an exec entry uses, as steps name it and pass it on; gcloud's sign-in. */
import type { ContextSubject } from '../facts';
import type { FixStep } from '../findings';
import { runStep } from './actions';
import { detectProvider } from './provider';
import { shellArg } from './shell';

export function profileArgs(subject: ContextSubject): string[] {
  const profile = detectProvider(subject).profile;
  return profile ? ['--profile', profile] : [];
}

/** ` --profile NAME` for a command line, or nothing for the default profile. */
export function profileFlag(subject: ContextSubject): string {
  return profileArgs(subject)
    .map((word) => ` ${shellArg(word)}`)
    .join('');
}

/** "profile NAME" or "the default profile", for a step's title. */
export function profileName(subject: ContextSubject): string {
  const profile = detectProvider(subject).profile;
  return profile ? `profile ${profile}` : 'the default profile';
}

/**
 * gcloud with no active account. Signing in always cures it; selecting an account signed in before
 * does too, without a browser, but only the user knows which: a hint in the title, not a second step.
 */
export function gcloudSignInSteps(): FixStep[] {
  return [
    runStep(
      'Sign in to the gcloud CLI (signed in before? gcloud config set account ACCOUNT selects that account instead)',
      'gcloud',
      ['auth', 'login'],
    ),
  ];
}
