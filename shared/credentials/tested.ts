/**
 * Whether anything showed that a context's credential works, or when it stops working: a `Not
 * checked` context (docs/cli.md) is one where nothing did, so it must never read "OK".
 */
import type { ContextSubject } from '../facts';
import type { ContextReport } from '../findings';

/**
 * Tested: the API server answered a probe sent with it, its exec plugin ran and handed one out, or
 * the files say when it expires (a client certificate, a JWT). Not tested: an exec plugin that did
 * not run (`--offline`, not approved in the app), or a token that is not a JWT with an expiry,
 * when no probe got an answer.
 */
export function credentialTested(subject: ContextSubject, credential: ContextReport['credential']): boolean {
  const { snapshot, user } = subject;
  if (snapshot.probes?.get(subject.name)?.state === 'answered') return true;
  if (credential.kind === 'exec') return user !== undefined && snapshot.execRuns?.get(user.name)?.state === 'ok';
  return credential.expiresAt !== undefined;
}
