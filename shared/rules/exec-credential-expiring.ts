import { credentialSetup } from '../credentials/kind';
import { commandLine, execEvidence } from '../exec/evidence';
import type { CloudSession, ContextSubject, ExecRun, Platform } from '../facts';
import type { Evidence, FixStep, Severity } from '../findings';
import { runStep } from '../guides/actions';
import { verifyStep } from '../guides/exec';
import { removeFileCommand } from '../guides/shell';
import type { ExecConfig, Named, User } from '../kubeconfig/model';
import { sessionFor, type SessionEnd, warningWindow } from '../sessions/end';
import { formatInstant } from '../time';
import type { ContextRule, FindingDraft, RuleEnv } from './types';
import { CREDENTIAL_EXPIRY } from './support/background';

const ID = 'exec-credential-expiring';

/** Sessions kubeward can see the end of; the gke plugin's own token is renewed from gcloud's login, whose end is not on disk. */
const KINDS = ['aws-sso', 'kubelogin'] as const;
type Kind = (typeof KINDS)[number];

interface Found {
  subject: ContextSubject;
  user: Named<User>;
  exec: ExecConfig;
  session: CloudSession;
  end: SessionEnd;
  env: RuleEnv;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * After the end, this rule speaks only while nothing better is known: a failed run is
 * exec-plugin-failed's, with the plugin's own words, a plugin kept from opening a browser is
 * exec-sign-in-required's, and a fresh successful run shows the session was renewed or not
 * needed. A run served from kubeward's cache proves nothing.
 */
function liveRunSpeaks(run: ExecRun | undefined): boolean {
  if (run?.state === 'skipped') return run.reason === 'sign-in-required';
  return run?.state === 'failed' || (run?.state === 'ok' && !run.cached);
}

/** "The AWS SSO session of profile P (IAM Identity Center URL, account A, role R), used by the exec plugin of user U (aws ...)," */
function awsSubject({ user, exec, session }: Found): string {
  const m = session.match;
  const via = m.ssoProfile && m.ssoProfile !== m.profile ? ` through its source_profile ${m.ssoProfile}` : '';
  return (
    `The AWS SSO session of profile ${m.profile}${via} (IAM Identity Center ${m.startUrl}, account ${m.accountId}, ` +
    `role ${m.roleName}), used by the exec plugin of user ${user.name} (${commandLine(exec)}),`
  );
}

/** Why the AWS CLI cannot renew this access token by itself. */
function awsNoRenewal({ session, env }: Found): string {
  const until = session.renewal?.until;
  if (until !== undefined) {
    return ` It cannot be refreshed: the AWS CLI's client registration ends first (${formatInstant(until, env.now)}).`;
  }
  return session.match.ssoSession
    ? ' The cached token holds no refresh token, so the AWS CLI cannot refresh it.'
    : ' The profile uses the legacy sso_start_url settings (no sso-session), so the AWS CLI cannot refresh its token.';
}

function awsDetail(found: Found, ended: boolean): string {
  const { session, end, env } = found;
  const when = formatInstant(end.at, env.now);
  const failure = session.match.ssoSession
    ? 'Error when retrieving token from sso: Token has expired and refresh failed'
    : 'The SSO session associated with this profile has expired or is otherwise invalid';
  const then =
    ` ${ended ? 'Now' : 'After that'} aws fails ("${failure}") and kubectl gets no credential; ` +
    'role credentials the CLI cached from the session may carry it a little longer (an hour by default).';
  if (end.basis === 'registration') {
    return (
      `${awsSubject(found)} can be refreshed only until ${when}, when the AWS CLI's ` +
      `client registration for sso-session ${session.match.ssoSession} ${ended ? 'ended' : 'ends'}. Until then the CLI ` +
      'refreshes the access token by itself, but only while the IAM Identity Center session lasts: its length is set by ' +
      'your administrator (8 hours by default) and is not recorded on disk, so it may end sooner.' +
      then
    );
  }
  return `${awsSubject(found)} ${ended ? 'ended' : 'ends'} ${when}.` + awsNoRenewal(found) + then;
}

function kubeloginDetail(found: Found, ended: boolean): string {
  const { user, exec, session, end, env } = found;
  const when = formatInstant(end.at, env.now);
  const login = `kubelogin's login for user ${user.name} (${commandLine(exec)}; issuer ${session.match.issuer})`;
  const then = ended
    ? ' The next kubectl opens a browser to log in again, and until then kubeward cannot check this context unattended.'
    : ' After that kubelogin needs a new browser login.';
  if (end.basis === 'refresh-token') {
    return (
      `${login} renews its id_token with a refresh token that ${ended ? 'expired' : 'expires'} ${when}: the identity ` +
      `provider's session limit.${then}`
    );
  }
  const until = session.renewal?.until;
  const why =
    until === undefined
      ? 'There is no refresh token to renew it.'
      : `Its refresh token expires no later (${formatInstant(until, env.now)}), so it cannot renew it.`;
  return `${login}: the cached id_token ${ended ? 'expired' : 'expires'} ${when}. ${why}${then}`;
}

/** A copyable `rm` of the cached login, so the next kubectl starts a new one. */
function removeFileStep(file: string, platform: Platform): FixStep {
  return {
    title: 'Remove the cached login, so kubelogin starts a new one',
    command: removeFileCommand(file, platform),
  };
}

function steps(found: Found, kind: Kind, ended: boolean): FixStep[] {
  const { subject, session, env } = found;
  const verify = verifyStep(subject.name);
  if (kind === 'aws-sso') {
    const profile = session.match.ssoProfile ?? session.match.profile ?? 'default';
    return [
      runStep(`Sign in to AWS IAM Identity Center (SSO) again for profile ${profile}`, 'aws', [
        'sso',
        'login',
        '--profile',
        profile,
      ]),
      verify,
    ];
  }
  const login = { ...verify, title: 'Log in again: kubectl runs kubelogin, which opens a browser' };
  return ended ? [login] : [removeFileStep(session.file, env.platform), login];
}

function evidence(found: Found, kind: Kind): Evidence {
  const { subject, user, exec, session, end } = found;
  const out: Evidence = {
    ...execEvidence(subject.name, user.name, exec, subject.snapshot),
    ...session.match,
    sessionKind: kind,
    cacheFile: session.file,
    credentialExpiresAt: iso(session.expiresAt),
    sessionEndsAt: iso(end.at),
    endBasis: end.basis,
    renewable: session.renewal !== undefined,
  };
  if (session.renewal?.until !== undefined) out.renewableUntil = iso(session.renewal.until);
  return out;
}

const TITLES: Record<Kind, { ending: string; ended: string }> = {
  'aws-sso': { ending: 'AWS SSO session ends soon', ended: 'AWS SSO session expired' },
  kubelogin: { ending: 'kubelogin session ends soon', ended: 'kubelogin session ended' },
};

/** An ended AWS session breaks the plugin; an ended kubelogin one only asks for a browser login. */
const ENDED_SEVERITY: Record<Kind, Severity> = { 'aws-sso': 'error', kubelogin: 'info' };

function verdict(found: Found, kind: Kind): FindingDraft[] {
  const { end, env } = found;
  const ended = end.at <= env.now;
  if (ended && liveRunSpeaks(found.subject.snapshot.execRuns?.get(found.user.name))) return [];
  if (!ended && end.at - env.now > warningWindow(end, env.expiryWarningWindows)) return [];
  const draft: FindingDraft = {
    title: TITLES[kind][ended ? 'ended' : 'ending'],
    detail: kind === 'aws-sso' ? awsDetail(found, ended) : kubeloginDetail(found, ended),
    expiresAt: iso(end.at),
    evidence: evidence(found, kind),
    fix: steps(found, kind, ended),
  };
  if (ended) draft.severity = ENDED_SEVERITY[kind];
  return [draft];
}

export default {
  meta: {
    id: ID,
    title: 'Cloud session behind the exec plugin ends soon',
    severity: 'warning',
    needs: 'offline',
    description:
      'The AWS SSO or kubelogin session an exec plugin relies on (read from their caches on disk) ends inside the ' +
      "expiry warning window, or has ended; the plugin's own short-lived credential expiring never counts.",
    explanation: CREDENTIAL_EXPIRY,
    remedy:
      'Log in again before the session ends: aws sso login for the profile, or a new kubelogin login in the' +
      ' browser. Kubeward can start aws sso login itself.',
  },
  scope: 'context',
  check(subject, env) {
    const user = subject.user;
    const exec = user?.value.exec;
    // kubectl never runs a plugin that a static credential shadows.
    if (!user || !exec || credentialSetup(user.value).shadowed.includes('exec')) return [];
    const mine = (subject.snapshot.sessions ?? []).filter((s) => s.users.includes(user.name));
    return KINDS.flatMap((kind) => {
      const found = sessionFor(mine.filter((s) => s.kind === kind));
      return found?.end ? verdict({ subject, user, exec, session: found.session, end: found.end, env }, kind) : [];
    });
  },
} satisfies ContextRule;
