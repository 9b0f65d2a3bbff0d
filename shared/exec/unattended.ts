/**
 * May an exec plugin run now with nobody there? kubelogin (int128's and Azure's) opens a browser or
 * shows a device code when its token cache holds nothing it can use, and a background checker that runs
 * it on a schedule opens a tab every few minutes (int128/kubelogin#904, #1330, headlamp#4018). So such a
 * plugin runs unattended only while its cache, read offline, holds a token that is still valid or that it
 * can refresh without a person. Plugins that never prompt always may.
 */
import type { CloudSession, PersonLogin } from '../facts';
import type { Env } from '../host';
import { flagValue } from '../guides/provider';
import type { ExecConfig } from '../kubeconfig/model';
import { azureLoginMode, azureModeNeedsPerson } from '../sessions/azure-kubelogin';
import { keyringOnly, kubeloginMayNeedPerson } from '../sessions/kubelogin';

/** A token this close to its end may be gone by the time the plugin reads it; it then logs in afresh. */
const VALIDITY_MARGIN_MS = 60_000;

/** How the plugin would log in with a person, when it may need one; undefined when it never prompts. `env`: the plugin's. */
export function personLogin(exec: ExecConfig, env: Env): PersonLogin | undefined {
  if (kubeloginMayNeedPerson(exec)) {
    const mode = flagValue(exec.args, '--grant-type') ?? 'auto';
    return { plugin: 'kubelogin', mode, cacheHidden: keyringOnly(exec.args) };
  }
  const mode = azureLoginMode(exec, env);
  return mode !== undefined && azureModeNeedsPerson(mode)
    ? { plugin: 'azure-kubelogin', mode, cacheHidden: false }
    : undefined;
}

/** A cached token the plugin can use without a person: still valid, or renewable (a refresh token, an Azure record). */
function usableWithoutPerson(session: CloudSession, now: number): boolean {
  if (session.expiresAt > now + VALIDITY_MARGIN_MS) return true;
  const { renewal } = session;
  return renewal !== undefined && (renewal.until === undefined || renewal.until > now + VALIDITY_MARGIN_MS);
}

export type UnattendedVerdict = { run: true } | { run: false; reason: 'sign-in-required'; login: PersonLogin };

/**
 * The decision. `sessions`: the cloud sessions matched to this plugin's user (readCloudSessions);
 * `env`: the environment the plugin runs with. A cache kubeward cannot read (the OS keyring) does
 * not stop the plugin: a run that then shows a browser is held until someone acts (ExecPolicy).
 */
export function unattendedVerdict(
  exec: ExecConfig,
  env: Env,
  sessions: readonly CloudSession[],
  now: number,
): UnattendedVerdict {
  const login = personLogin(exec, env);
  if (!login || login.cacheHidden) return { run: true };
  const usable = sessions.some((s) => s.kind === login.plugin && usableWithoutPerson(s, now));
  return usable ? { run: true } : { run: false, reason: 'sign-in-required', login };
}
