/**
 * `kubeward fix GUIDE [--context NAME] [--yes]` (docs/cli.md): check, find the finding
 * whose guide is GUIDE, run its safe steps through the fix engine (asking first,
 * unless --yes), print what was written and where the backups are, check again and
 * say whether it is fixed. Exit 0 fixed, 1 not fixed, 2 usage errors, and steps to run with no
 * terminal to ask and no --yes.
 */
import { createInterface, type Interface } from 'node:readline/promises';
import type { ContextSelection } from '../../shared/diagnose';
import { findingsAt, type Finding, type FindingRef, type FixStep, type Report } from '../../shared/findings';
import type { Env, Host } from '../../shared/host';
import { verificationOf } from '../../shared/fix-verification';
import { isRuleId, RULE_IDS, type RuleId } from '../../shared/rules/ids';
import { checkOnce } from '../core/check/check-once';
import { cliExecPolicy } from '../core/exec/policy';
import { FixEngine } from '../core/fix/engine';
import { COMMAND_HELP } from './help';
import { didYouMean } from './suggest';
import { parseCommandArgs, parseTimeoutMs, UsageError } from './usage';

export interface FixCommandIo {
  host: Host;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

const FIX_OPTIONS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  offline: { type: 'boolean' },
  timeout: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface FixRequest {
  guide: RuleId;
  context?: string;
  yes: boolean;
  kubeconfig: string | undefined;
  offline: boolean;
  timeoutMs: number;
}

function parseRequest(args: string[], env: Env): FixRequest | 'help' {
  const { values, positionals } = parseCommandArgs('fix', { args, options: FIX_OPTIONS, allowPositionals: true });
  if (values.help) return 'help';
  const [guide, ...extra] = positionals;
  if (guide === undefined || extra.length > 0) {
    throw new UsageError('fix: name one guide, e.g. kubeward fix context-missing (try: kubeward fix --help)');
  }
  if (!isRuleId(guide)) {
    throw new UsageError(
      `fix: no guide named "${guide}"${didYouMean(guide, RULE_IDS) || ' (guides are named like the rule ids a check prints)'}`,
      `Guides:\n${RULE_IDS.map((id) => `  ${id}`).join('\n')}`,
    );
  }
  return {
    guide,
    ...(values.context !== undefined ? { context: values.context } : {}),
    yes: values.yes ?? false,
    kubeconfig: values.kubeconfig ?? env.KUBECONFIG,
    offline: values.offline ?? false,
    timeoutMs: parseTimeoutMs(values.timeout),
  };
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

function describeSteps(finding: Finding, where: string): string {
  const lines = [`${finding.severity} ${finding.rule}: ${finding.title} (${where})`];
  for (const [i, step] of finding.fix.steps.entries()) {
    lines.push(`  ${i + 1}. ${step.title}${step.action ? '  [kubeward can run this]' : ''}`);
    if (step.command) lines.push(`     $ ${step.command}`);
  }
  return `${lines.join('\n')}\n`;
}

interface Runnable {
  finding: Finding;
  index: number;
  step: FixStep;
}

function runnableSteps(findings: readonly Finding[]): Runnable[] {
  return findings.flatMap((finding) =>
    finding.fix.steps.flatMap((step, index) => (step.action ? [{ finding, index, step }] : [])),
  );
}

async function ask(prompt: Interface, question: string): Promise<boolean> {
  const answer = await prompt.question(question);
  return /^y(es)?$/i.test(answer.trim());
}

export async function runFixCommand(args: string[], io: FixCommandIo): Promise<number> {
  const request = parseRequest(args, io.host.env);
  if (request === 'help') {
    io.stdout.write(COMMAND_HELP.fix);
    return 0;
  }
  const selection: ContextSelection =
    request.context === undefined ? { kind: 'all' } : { kind: 'named', name: request.context };
  // Re-checks cover every context: deleting the context is one way a finding goes away.
  const check = async (only: ContextSelection = { kind: 'all' }): Promise<Report> =>
    (
      await checkOnce({
        kubeconfig: request.kubeconfig,
        selection: only,
        now: Date.now(),
        offline: request.offline,
        timeoutMs: request.timeoutMs,
        host: io.host,
        policy: cliExecPolicy,
      })
    ).report;

  const report = await check(selection);
  const where = request.context === undefined ? 'the kubeconfig' : `context ${request.context}`;
  const findings = (findingsAt(report, request.context) ?? []).filter((f) => f.fix.guide === request.guide);
  if (findings.length === 0) {
    io.stdout.write(`Nothing to fix: ${where} has no ${request.guide} finding.\n`);
    return 0;
  }
  for (const finding of findings) io.stdout.write(describeSteps(finding, where));
  const ref: FindingRef = {
    ...(request.context !== undefined ? { context: request.context } : {}),
    rule: findings[0]?.rule ?? request.guide,
  };

  const runnable = runnableSteps(findings);
  if (runnable.length === 0) {
    io.stderr.write('kubeward: none of these steps is one kubeward runs itself; run the commands above\n');
    return 1;
  }
  const interactive = io.stdin.isTTY === true && io.stdout.isTTY === true;
  if (!request.yes && !interactive) {
    // The steps are listed above; the contract for "could not run" is exit 2.
    const which = io.stdin.isTTY === true ? 'stdout' : 'stdin';
    io.stderr.write(
      `kubeward: fix: ${which} is not a terminal, so there is no one to ask: add --yes to run the steps\n`,
    );
    return 2;
  }

  const engine = new FixEngine({
    host: io.host,
    ...(request.kubeconfig !== undefined ? { kubeconfig: request.kubeconfig } : {}),
  });
  const prompt = request.yes ? undefined : createInterface({ input: io.stdin, output: io.stdout });
  let verification = verificationOf(report, ref);
  try {
    for (const { finding, index, step } of runnable) {
      const label = `step ${index + 1}: ${step.command ?? step.title}`;
      if (prompt && !(await ask(prompt, `Run ${label}? [y/N] `))) {
        io.stdout.write(`skipped ${label}\n`);
        continue;
      }
      io.stdout.write(`running ${label}\n`);
      const streamed = step.action?.kind === 'run';
      const result = await engine.runFindingStep(report, finding, index, (chunk) => io.stdout.write(chunk));
      io.stdout.write(`${result.ok ? 'done' : 'failed'}: ${result.message}\n`);
      if (result.output && !streamed) io.stdout.write(`${indent(result.output, '  | ')}\n`);
      const backup = result.undoId === undefined ? undefined : engine.backupOf(result.undoId);
      if (backup) io.stdout.write(`backup of ${backup.file}: ${backup.backup}\n`);
      if (!result.ok) break;
      verification = verificationOf(await check(), ref);
      if (verification.fixed) break;
    }
  } finally {
    prompt?.close();
  }
  io.stdout.write(`${verification.message}\n`);
  return verification.fixed ? 0 : 1;
}
