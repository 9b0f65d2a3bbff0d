/**
 * `kubeward fix GUIDE [--context NAME] [--path PATH] [--via CONTEXT] [--yes]` (docs/cli.md):
 * check, find the finding whose guide is GUIDE, pick the path (a guide with alternatives:
 * --path, else asked, else the recommended first), run its safe steps through the fix
 * engine (asking first, unless --yes), print what was written and where the backups are,
 * check again and say whether it is fixed. Exit 0 fixed, 1 not fixed, 2 usage errors, and steps
 * to run with no terminal to ask and no --yes.
 */
import { createInterface, type Interface } from 'node:readline/promises';
import type { ContextSelection } from '../../shared/diagnose';
import {
  findingsAt,
  guideSteps,
  type Finding,
  type FindingRef,
  type FixStep,
  type Report,
  type SafeAction,
  type StepOption,
} from '../../shared/findings';
import type { FixVerification } from '../../shared/ipc';
import type { Env, Host } from '../../shared/host';
import { verificationOf } from '../../shared/fix-verification';
import { isRuleId, RULE_IDS, type RuleId } from '../../shared/rules/ids';
import { checkOnce } from '../core/check/check-once';
import { resolveLoginShellPath } from '../core/exec/login-shell-path';
import { cliExecPolicy } from '../core/exec/policy';
import { FixEngine, type StepPosition } from '../core/fix/engine';
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
  path: { type: 'string' },
  via: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  offline: { type: 'boolean' },
  timeout: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface FixRequest {
  guide: RuleId;
  context?: string;
  path?: string;
  via?: string;
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
    ...(values.path !== undefined || values.via !== undefined ? { path: values.path ?? 'via' } : {}),
    ...(values.via !== undefined ? { via: values.via } : {}),
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

function describePaths(finding: Finding, where: string): string {
  const lines = [`${finding.severity} ${finding.rule}: ${finding.title} (${where})`, '  Ways to fix it:'];
  for (const [i, path] of (finding.fix.paths ?? []).entries()) {
    lines.push(`  ${i + 1}. ${path.title} (--path ${path.id}): ${path.summary}`);
  }
  return `${lines.join('\n')}\n`;
}

function describeSteps(steps: readonly FixStep[], heading: string): string {
  const lines = [heading];
  for (const [i, step] of steps.entries()) {
    lines.push(`  ${i + 1}. ${step.title}${step.action ? '  [kubeward can run this]' : ''}`);
    if (step.choice && !step.action) {
      // The user chooses by copying: each option with its own command (--via picks only what kubeward runs).
      for (const option of step.choice.options) {
        lines.push(`     ${step.choice.label} ${option.value}:`);
        if (option.command) lines.push(`     $ ${option.command}`);
      }
      continue;
    }
    if (step.choice) lines.push(`     ${step.choice.label}: ${step.choice.options.map((o) => o.value).join(', ')}`);
    if (step.command) lines.push(`     $ ${step.command}`);
  }
  return `${lines.join('\n')}\n`;
}

interface Runnable {
  finding: Finding;
  position: StepPosition;
  /** What runs: the step's own action, or the chosen option's. */
  command: string;
  kind: SafeAction['kind'];
}

/** The chosen option of a step with a choice: --via's value, else the first. */
function chosenOption(step: FixStep, via: string | undefined): StepOption | undefined {
  const options = step.choice?.options;
  if (!options) return undefined;
  if (via === undefined) return options[0];
  const option = options.find((o) => o.value === via);
  if (!option) {
    const offered = options.map((o) => o.value).join(', ') || 'none';
    throw new UsageError(`fix: --via ${via} is not one of the contexts this step can use (${offered})`);
  }
  return option;
}

function runnableSteps(finding: Finding, path: string | undefined, via: string | undefined): Runnable[] {
  const steps = guideSteps(finding.fix, path) ?? [];
  return steps.flatMap((step, index) => {
    const option = chosenOption(step, via);
    const action = option ? option.action : step.action;
    if (!action) return [];
    const position: StepPosition = {
      ...(path ? { path } : {}),
      step: index,
      ...(option ? { option: option.value } : {}),
    };
    return [{ finding, position, command: option?.command ?? step.command ?? step.title, kind: action.kind }];
  });
}

/** The path to take: --path, else the user's answer, else (--yes, or no terminal) the recommended first. */
async function choosePath(
  finding: Finding,
  request: FixRequest,
  prompt: Interface | undefined,
): Promise<string | undefined> {
  const paths = finding.fix.paths;
  if (!paths?.length) {
    if (request.path !== undefined) throw new UsageError(`fix: guide ${finding.fix.guide} has no paths to choose from`);
    return undefined;
  }
  if (request.path !== undefined) {
    if (!paths.some((p) => p.id === request.path)) {
      throw new UsageError(
        `fix: guide ${finding.fix.guide} has no path "${request.path}" (paths: ${paths.map((p) => p.id).join(', ')})`,
      );
    }
    return request.path;
  }
  if (!prompt) return paths[0]?.id;
  const answer = (await prompt.question(`Which way? [1-${paths.length}, default 1] `)).trim();
  const chosen = answer === '' ? paths[0] : (paths[Number(answer) - 1] ?? paths.find((p) => p.id === answer));
  if (!chosen) throw new UsageError(`fix: no path "${answer}"`);
  return chosen.id;
}

/**
 * exec-plugin-gui-path is about plugins only the login shell's PATH has, so its fix looks there as the app
 * does (the shell is asked once, for at most 3 s); the other guides need only this process's PATH.
 */
async function loginShellPathFor(guide: RuleId, io: FixCommandIo): Promise<string | undefined> {
  if (guide !== 'exec-plugin-gui-path') return undefined;
  const found = await resolveLoginShellPath(io.host.env, io.host.platform);
  if (found === undefined && io.host.platform !== 'win32') {
    const { SHELL: shell } = io.host.env;
    const why = shell
      ? `your login shell (${shell}) did not say its PATH within 3 s`
      : '$SHELL is not set, so there is no login shell to ask for its PATH';
    io.stderr.write(`kubeward: fix: ${why}; looking on this PATH only\n`);
  }
  return found;
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
  const loginShellPath = await loginShellPathFor(request.guide, io);
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
        loginShellPath,
      })
    ).report;

  const report = await check(selection);
  const where = request.context === undefined ? 'the kubeconfig' : `context ${request.context}`;
  const findings = (findingsAt(report, request.context) ?? []).filter((f) => f.fix.guide === request.guide);
  if (findings.length === 0) {
    io.stdout.write(`Nothing to fix: ${where} has no ${request.guide} finding.\n`);
    return 0;
  }
  const ref: FindingRef = {
    ...(request.context !== undefined ? { context: request.context } : {}),
    rule: findings[0]?.rule ?? request.guide,
  };
  const interactive = io.stdin.isTTY === true && io.stdout.isTTY === true;
  const prompt = request.yes || !interactive ? undefined : createInterface({ input: io.stdin, output: io.stdout });
  try {
    const runnable: Runnable[] = [];
    for (const finding of findings) {
      if (finding.fix.paths?.length) io.stdout.write(describePaths(finding, where));
      const path = await choosePath(finding, request, prompt);
      const chosen = finding.fix.paths?.find((p) => p.id === path);
      const heading = chosen
        ? `${chosen.title} (--path ${chosen.id}):`
        : `${finding.severity} ${finding.rule}: ${finding.title} (${where})`;
      io.stdout.write(describeSteps(guideSteps(finding.fix, path) ?? [], heading));
      runnable.push(...runnableSteps(finding, path, request.via));
    }
    if (runnable.length === 0) {
      io.stderr.write('kubeward: none of these steps is one kubeward runs itself; run the commands above\n');
      return 1;
    }
    if (!request.yes && !interactive) {
      // The steps are listed above; the contract for "could not run" is exit 2.
      const which = io.stdin.isTTY === true ? 'stdout' : 'stdin';
      io.stderr.write(
        `kubeward: fix: ${which} is not a terminal, so there is no one to ask: add --yes to run the steps\n`,
      );
      return 2;
    }
    const verification = await runSteps(runnable, report, ref, { request, io, prompt, check, loginShellPath });
    io.stdout.write(`${verification.message}\n`);
    return verification.fixed ? 0 : 1;
  } finally {
    prompt?.close();
  }
}

interface RunContext {
  request: FixRequest;
  io: FixCommandIo;
  prompt: Interface | undefined;
  check: () => Promise<Report>;
  loginShellPath: string | undefined;
}

/** Runs the steps in order (each asked first, unless --yes) until one fails or a check finds it fixed. */
async function runSteps(
  runnable: readonly Runnable[],
  report: Report,
  ref: FindingRef,
  { request, io, prompt, check, loginShellPath }: RunContext,
): Promise<FixVerification> {
  const engine = new FixEngine({
    host: io.host,
    ...(loginShellPath !== undefined ? { loginShellPath } : {}),
    ...(request.kubeconfig !== undefined ? { kubeconfig: request.kubeconfig } : {}),
    onNotice: (message) => io.stdout.write(`${message}\n`),
  });
  let verification = verificationOf(report, ref);
  for (const { finding, position, command, kind } of runnable) {
    const label = `step ${position.step + 1}: ${command}`;
    if (prompt && !(await ask(prompt, `Run ${label}? [y/N] `))) {
      io.stdout.write(`skipped ${label}\n`);
      continue;
    }
    io.stdout.write(`running ${label}\n`);
    // A command's output was printed as it came; the others' output is printed once they are done.
    const streamed = kind === 'run';
    const result = await engine.runFindingStep(report, finding, position, (chunk) => io.stdout.write(chunk));
    io.stdout.write(`${result.ok ? 'done' : 'failed'}: ${result.message}\n`);
    if (result.output && !streamed) io.stdout.write(`${indent(result.output, '  | ')}\n`);
    const backup = result.undoId === undefined ? undefined : engine.backupOf(result.undoId);
    if (backup) io.stdout.write(`backup of ${backup.file}: ${backup.backup}\n`);
    if (!result.ok) break;
    verification = verificationOf(await check(), ref);
    if (verification.fixed) break;
  }
  return verification;
}
