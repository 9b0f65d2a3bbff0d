import { decodeJwt } from '../credentials/jwt';
import { commandLine, execEvidence } from '../exec/evidence';
import { execSubject } from '../exec/subject';
import type { ContextSubject, Platform } from '../facts';
import type { FixStep } from '../findings';
import { verifyStep } from '../guides/exec';
import { commandName, detectProvider } from '../guides/provider';
import { shellArg } from '../guides/shell';
import { clockSteps } from '../guides/token';
import { gkePluginCacheFile } from '../sessions/gke';
import type { ExecConfig } from '../kubeconfig/model';
import { formatInstant } from '../time';
import type { ContextRule } from './types';
import { CREDENTIAL_EXPIRY } from './support/background';

const ID = 'exec-credential-expired';

/** How to make the plugin drop the stale credential it keeps handing out. */
function clearCacheSteps(subject: ContextSubject, exec: ExecConfig, platform: Platform): FixStep[] {
  const name = commandName(exec.command);
  // The gke plugin keeps its cache beside the kubeconfig it was started for (GetDefaultFilename).
  const { snapshot } = subject;
  const existing = new Set(snapshot.sources.filter((s) => s.read.state !== 'missing').map((s) => s.path));
  const gkeCache =
    name === 'gke-gcloud-auth-plugin' ? gkePluginCacheFile(snapshot.kubeconfigPaths, existing, platform) : undefined;
  if (gkeCache) {
    const command = platform === 'win32' ? `del "${gkeCache}"` : `rm -f ${shellArg(gkeCache)}`;
    return [{ title: "Delete the plugin's token cache, so it asks gcloud for a fresh token", command }];
  }
  if (name === 'kubelogin' && detectProvider(subject).provider === 'aks') {
    return [
      {
        title: "Clear kubelogin's token cache (older kubelogin: kubelogin remove-tokens)",
        command: 'kubelogin remove-cache-dir',
      },
    ];
  }
  if (name === 'kubelogin' || name === 'kubectl-oidc_login') {
    return [
      {
        title: "Clear kubelogin's token cache, then log in again",
        command: name === 'kubelogin' ? 'kubelogin clean' : 'kubectl oidc-login clean',
      },
    ];
  }
  return [{ title: `Log in again with whatever ${name} gets its credentials from` }];
}

export default {
  meta: {
    id: ID,
    title: 'Exec plugin returned an expired credential',
    severity: 'error',
    needs: 'exec',
    description: 'The credential the plugin returned had already expired when it was returned: a stale cache.',
    explanation: CREDENTIAL_EXPIRY,
    remedy:
      "Clear the plugin's token cache (the finding gives the command for gke-gcloud-auth-plugin and " +
      "kubelogin) and log in again; if this computer's clock is off, synchronise it.",
  },
  scope: 'context',
  check(subject, env) {
    const found = execSubject(subject);
    if (found?.run.state !== 'ok') return [];
    const { user, exec } = found;
    const run = found.run;
    // Judged at the time of the run, not `--at`: a plugin re-issues its short-lived credentials.
    const at = run.checkedAt ?? env.now;
    const { credential } = run;
    const decoded = credential.token ? decodeJwt(credential.token) : undefined;
    const jwtExp = decoded?.format === 'jwt' ? decoded.claims.exp : undefined;
    const expiries = [credential.expirationTimestamp, jwtExp].filter((t): t is number => t !== undefined);
    const expiredAt = Math.min(...expiries);
    // Expired once the check is after it, as client-go's credsExpired and the exec credential cache judge: at the
    // very instant, kubectl still sends the credential (and the cache still hands it out).
    if (expiries.length === 0 || expiredAt >= at) return [];
    const which =
      credential.expirationTimestamp !== undefined && credential.expirationTimestamp <= at
        ? 'its expirationTimestamp'
        : "the token's exp claim";
    return [
      {
        expiresAt: new Date(expiredAt).toISOString(),
        detail:
          `The exec plugin of user ${user.name} (${commandLine(exec)}) returned a credential that had already expired ` +
          `(${which}: ${formatInstant(expiredAt, at)}). The API server rejects it with 401 Unauthorized. ` +
          "A plugin hands out an expired credential when its own cache is stale, or when this computer's clock is wrong.",
        evidence: {
          ...execEvidence(subject.name, user.name, exec, subject.snapshot),
          expirationTimestamp:
            credential.expirationTimestamp === undefined
              ? null
              : new Date(credential.expirationTimestamp).toISOString(),
          ...(jwtExp === undefined ? {} : { exp: new Date(jwtExp).toISOString() }),
          ...(decoded?.format === 'jwt' && decoded.claims.iss ? { iss: decoded.claims.iss } : {}),
          ...(decoded?.format === 'jwt' && decoded.claims.sub ? { sub: decoded.claims.sub } : {}),
          checkedAt: new Date(at).toISOString(),
          cached: run.cached,
        },
        fix: [],
        // A stale cache is the likelier cause: a clock off by the credential's lifetime is rare.
        paths: [
          {
            id: 'clear-cache',
            title: 'Get a fresh credential',
            summary: "The plugin's cache is stale: clear it, and the plugin fetches a new credential.",
            steps: [...clearCacheSteps(subject, exec, env.platform), verifyStep(subject.name)],
          },
          {
            id: 'clock',
            title: 'Set the clock',
            summary: "This computer's clock is off, so a fresh credential already looks expired.",
            steps: [...clockSteps(env.platform), verifyStep(subject.name)],
          },
        ],
      },
    ];
  },
} satisfies ContextRule;
