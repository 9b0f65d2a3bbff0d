/** The AWS profile an exec entry uses, as the fix steps name it and pass it on. */
import type { ContextSubject } from '../facts';
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
