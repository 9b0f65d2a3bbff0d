import type { ContextSubject } from '../facts';
import type { FixStep } from '../findings';
import { recheckStep } from '../guides/probe';
import { clockSteps } from '../guides/token';
import { formatDuration } from '../time';
import { isoSeconds, probeIn, serverOf, targetEvidence } from './support/probe';
import type { ContextRule, FindingDraft, RuleEnv } from './types';
import { CLOCKS } from './support/background';

const ID = 'clock-skew';

/** Past 30 s short-lived credentials start to fail at the edges; past 5 minutes they fail outright. */
const SKEW_WARNING_MS = 30_000;
const SKEW_ERROR_MS = 5 * 60_000;

function steps(subject: ContextSubject, env: RuleEnv): FixStep[] {
  const keepSynced: FixStep[] =
    env.platform === 'linux'
      ? [{ title: 'Keep the clock synchronised from now on', command: 'sudo timedatectl set-ntp true' }]
      : [];
  return [...clockSteps(env.platform), ...keepSynced, recheckStep(subject)];
}

function verdict(subject: ContextSubject, serverDate: number, localDate: number, env: RuleEnv): FindingDraft[] {
  const offset = localDate - serverDate;
  const size = Math.abs(offset);
  if (size <= SKEW_WARNING_MS) return [];
  const error = size > SKEW_ERROR_MS;
  const direction = offset > 0 ? 'ahead of' : 'behind';
  const consequence = error
    ? 'Tokens and certificates issued now look not yet valid or already expired to one side: EKS tokens, ' +
      'OIDC id-tokens and fresh client certificates are rejected.'
    : 'Short-lived tokens and freshly issued certificates can be rejected at the edges of their validity.';
  return [
    {
      ...(error ? { severity: 'error' as const } : {}),
      detail:
        `This computer's clock is ${formatDuration(size)} ${direction} the API server ${serverOf(subject)}: ` +
        `the server's Date header said ${isoSeconds(serverDate)} when it was ${isoSeconds(localDate)} here. ` +
        `${consequence} Usually the local clock is the wrong one; synchronise it.`,
      evidence: {
        ...targetEvidence(subject),
        serverDate: isoSeconds(serverDate),
        localDate: isoSeconds(localDate),
        offsetSeconds: Math.round(offset / 1000),
      },
      fix: steps(subject, env),
    },
  ];
}

export default {
  meta: {
    id: ID,
    title: "Clock differs from the API server's",
    severity: 'warning',
    needs: 'probe',
    description:
      "The local clock differs from the API server's Date header by more than 30 s (an error past 5 minutes).",
    explanation: CLOCKS,
    remedy:
      "Synchronise this computer's clock (on Linux: sudo chronyc makestep, and timedatectl set-ntp true to " +
      "keep it so; elsewhere, the system's date and time settings), then check again.",
  },
  scope: 'context',
  check(subject, env) {
    const probe = probeIn(subject, 'answered');
    if (probe?.serverDate === undefined) return [];
    return verdict(subject, probe.serverDate, probe.localDate, env);
  },
} satisfies ContextRule;
