import type { CloudSession, ContextSubject, PersonLogin } from '../facts';
import { commandLine, execEvidence } from '../exec/evidence';
import { execSubject } from '../exec/subject';
import { runStep } from '../guides/actions';
import { flagValue } from '../guides/provider';
import type { Evidence } from '../findings';
import type { ExecConfig } from '../kubeconfig/model';
import { formatInstant } from '../time';
import type { ContextRule } from './types';

const ID = 'exec-sign-in-required';

/** The session that ended last among the ones matched to this user, if any. */
function latest(sessions: readonly CloudSession[]): CloudSession | undefined {
  return [...sessions].sort((a, b) => b.expiresAt - a.expiresAt)[0];
}

/** Who the plugin signs in to, in its own terms. */
function loginName(login: PersonLogin, exec: ExecConfig): string {
  if (login.plugin === 'kubelogin')
    return `kubelogin's session for ${flagValue(exec.args, '--oidc-issuer-url') ?? 'its issuer'}`;
  const server = flagValue(exec.args, '--server-id');
  return `Azure kubelogin's session (login mode ${login.mode}${server ? `, server id ${server}` : ''})`;
}

function stateOf(session: CloudSession | undefined, now: number): string {
  if (!session) return 'has no login in its token cache';
  const token = session.kind === 'kubelogin' ? 'id_token' : 'access token';
  return `ended ${formatInstant(session.expiresAt, now)} (the cached ${token} expired and there is no refresh token to renew it)`;
}

function howItSignsIn(login: PersonLogin): string {
  return login.plugin === 'azure-kubelogin' && login.mode === 'devicecode'
    ? 'signing in shows a device code to enter in a browser'
    : 'signing in opens a browser';
}

function evidenceOf(
  subject: ContextSubject,
  found: { user: { name: string }; exec: ExecConfig },
  login: PersonLogin,
  session: CloudSession | undefined,
): Evidence {
  const evidence: Evidence = {
    ...execEvidence(subject.name, found.user.name, found.exec, subject.snapshot),
    plugin: login.plugin,
    loginMode: login.mode,
  };
  if (session) {
    Object.assign(evidence, session.match);
    evidence.cacheFile = session.file;
    evidence.endedAt = new Date(session.expiresAt).toISOString();
  }
  return evidence;
}

export default {
  meta: {
    id: ID,
    title: 'Sign in needed: the plugin would open a browser',
    severity: 'info',
    needs: 'exec',
    description:
      "kubelogin's token cache holds no token it can use or refresh, so its next run opens a browser or shows a " +
      'device code; kubeward does not run it unattended until you sign in.',
    explanation:
      'kubelogin (int128/kubelogin, `kubectl oidc-login`, and Azure kubelogin in devicecode or interactive mode) ' +
      'returns its cached token while it is valid and renews it with a refresh token; with neither it starts a ' +
      'login in the browser. A background checker that ran it then would open a tab every few minutes, so kubeward ' +
      'reads the cache instead and waits for you (the desktop app, `kubeward watch`, and `kubeward check` without a ' +
      'terminal; in a terminal `check` runs it as kubectl would). This is its own finding, not a path of ' +
      'exec-plugin-failed: nothing has failed, and kubectl works again as soon as someone signs in.',
    remedy:
      'Sign in now (kubectl runs the plugin, which opens the browser or shows the device code). From then on ' +
      'kubeward checks the context on its schedule again.',
  },
  scope: 'context',
  check(subject, env) {
    const found = execSubject(subject);
    if (found?.run.state !== 'skipped' || found.run.reason !== 'sign-in-required') return [];
    const { user, exec } = found;
    const { login } = found.run;
    const mine = (subject.snapshot.sessions ?? []).filter(
      (s) => s.users.includes(user.name) && s.kind === login.plugin,
    );
    const session = latest(mine);
    return [
      {
        detail:
          `${loginName(login, exec)} ${stateOf(session, env.now)}; ${howItSignsIn(login)}. Kubeward does not run the exec ` +
          `plugin of user ${user.name} (${commandLine(exec)}) in the background until you sign in, so that it never ` +
          'opens a browser with nobody there.',
        evidence: evidenceOf(subject, found, login, session),
        fix: [
          runStep(
            `Sign in now: kubectl runs the plugin of context ${subject.name}, which ${login.plugin === 'azure-kubelogin' && login.mode === 'devicecode' ? 'shows a device code' : 'opens a browser'}`,
            'kubectl',
            ['auth', 'whoami', '--context', subject.name],
          ),
        ],
      },
    ];
  },
} satisfies ContextRule;
