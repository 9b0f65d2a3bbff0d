/**
 * The one-line credential summary of a context (`credential` in docs/cli.md): which kind
 * kubectl sends and when it stops working, read from the decoders' memoized
 * results rather than decoding again.
 */
import type { ContextSubject } from '../facts';
import type { CredentialKind } from '../findings';
import { clientCertificate } from './client-cert';
import { isoTime } from '../time';
import { credentialKind } from './kind';
import { userTokens } from './token';

function iso(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : isoTime(ms);
}

function expiryOf(subject: ContextSubject, kind: CredentialKind): number | undefined {
  const { user, snapshot } = subject;
  if (!user) return undefined;
  switch (kind) {
    case 'client-certificate': {
      const certificate = clientCertificate(subject)?.certificate?.decoded;
      return certificate?.ok ? certificate.value[0]?.info.notAfter : undefined;
    }
    case 'token': {
      const decoded = userTokens(subject).sent?.decoded;
      return decoded?.format === 'jwt' ? decoded.claims.exp : undefined;
    }
    case 'oidc': {
      const decoded = userTokens(subject).oidc?.idToken?.decoded;
      return decoded?.format === 'jwt' ? decoded.claims.exp : undefined;
    }
    case 'exec': {
      const run = snapshot.execRuns?.get(user.name);
      return run?.state === 'ok' ? run.credential.expirationTimestamp : undefined;
    }
    default:
      return undefined;
  }
}

export function describeCredential(subject: ContextSubject): { kind: CredentialKind; expiresAt?: string } {
  const kind = credentialKind(subject.user?.value);
  const expiresAt = iso(expiryOf(subject, kind));
  return expiresAt === undefined ? { kind } : { kind, expiresAt };
}
