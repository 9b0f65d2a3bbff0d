/**
 * The `kubeward check` text output (docs/cli.md): a table of the contexts (name, status, headline)
 * when there are several, then one block per context, current first, a status word per context,
 * each finding as `severity rule-id: title` with its key evidence and first fix step (and, for a
 * guide with alternatives, the `kubeward fix` command that shows the others), and a summary line
 * last. On a terminal of known width, prose wraps and the table's headlines are cut to fit;
 * commands never wrap, so they can be copied whole.
 */
import type { ContextReport, CredentialKind, Finding, Report, Status } from '../findings';
import { guideSteps, SEVERITY_RANK, worstStatus } from '../findings';
import { shellArg } from '../guides/shell';
import { formatInstant } from '../time';
import { worksUntilLine } from '../works-until';
import { wrapLine } from './wrap';

export interface TextOptions {
  color: boolean;
  now: number;
  /** Printed in the summary line, e.g. "offline". */
  mode?: string;
  /** The terminal's width in columns; absent: no wrapping (not a terminal, or the width is unknown). */
  width?: number;
}

const SGR = { red: '31', yellow: '33', cyan: '36', green: '32', dim: '2', bold: '1' } as const;
type Style = keyof typeof SGR;

const STATUS_STYLE: Record<Status, Style> = {
  error: 'red',
  warning: 'yellow',
  info: 'cyan',
  ok: 'green',
  'not-checked': 'dim',
  'not-running': 'dim',
};

/** `ERROR`, `NOT CHECKED`: the status word of a context. */
function statusWord(status: Status): string {
  return status.replace('-', ' ').toUpperCase();
}
const STATUS_WIDTH = Math.max(...Object.keys(STATUS_STYLE).map((s) => statusWord(s as Status).length));

const CREDENTIAL_NOUN: Record<CredentialKind, string> = {
  'client-certificate': 'Client certificate',
  token: 'Token',
  exec: 'Exec plugin',
  oidc: 'OIDC token',
  'auth-provider': 'Auth provider',
  basic: 'Password',
  none: 'Credential',
};

type Paint = (style: Style, text: string) => string;

function painter(color: boolean): Paint {
  return (style, text) => (color ? `\u001b[${SGR[style]}m${text}\u001b[0m` : text);
}

/**
 * Where a guide has other ways than the recommended one the fix line shows: `kubeward fix`, which
 * lists them all and asks. A command, so it never wraps.
 */
function otherWays(finding: Finding, context: string | undefined): string | undefined {
  const others = (finding.fix.paths?.length ?? 0) - 1;
  if (others < 1) return undefined;
  const where = context === undefined ? '' : ` --context ${shellArg(context)}`;
  return `${others} other way${others === 1 ? '' : 's'}: kubeward fix ${finding.fix.guide}${where}`;
}

function findingLines(finding: Finding, context: string | undefined, options: TextOptions, paint: Paint): string[] {
  const indent = ' '.repeat(10);
  const prose = (line: string) => (options.width ? wrapLine(line, options.width, indent.length) : [line]);
  const lines = prose(
    `  ${paint(STATUS_STYLE[finding.severity], finding.severity.padEnd(7))} ${finding.rule}: ${finding.title}`,
  );
  if (finding.expiresAt) {
    const at = Date.parse(finding.expiresAt);
    lines.push(`${indent}${at <= options.now ? 'expired' : 'expires'} ${formatInstant(at, options.now)}`);
  }
  lines.push(...prose(`${indent}${finding.detail}`));
  const [step] = guideSteps(finding.fix) ?? [];
  if (step?.command) lines.push(`${indent}${paint('dim', 'fix:')} ${step.command}`);
  else if (step) lines.push(...prose(`${indent}${paint('dim', 'fix:')} ${step.title}`));
  const ways = otherWays(finding, context);
  if (ways) lines.push(`${indent}${paint('dim', ways)}`);
  return lines;
}

function contextHeader(context: ContextReport, options: TextOptions, paint: Paint): string[] {
  const name = context.current ? `${paint('bold', context.name)} (current)` : context.name;
  const where = [context.user && `user ${context.user}`, context.server].filter(Boolean).join(' @ ');
  const word = statusWord(context.status).padEnd(STATUS_WIDTH);
  const line = `${paint(STATUS_STYLE[context.status], word)} ${name}${where ? paint('dim', `  ${where}`) : ''}`;
  const lines = options.width ? wrapLine(line, options.width, STATUS_WIDTH + 1) : [line];
  if (context.worksUntil)
    lines.push(`${' '.repeat(STATUS_WIDTH + 1)}${worksUntilLine(context.worksUntil, options.now)}`);
  return lines;
}

/** The finding that decided a status (the worst; for not-running, the one that says so), and how many more. */
function headline(
  findings: readonly Finding[],
  status: Status,
  credential: CredentialKind | undefined,
  mode?: string,
): string {
  const lead =
    findings.find((f) => status === 'not-running' && f.rule === 'cluster-not-running') ??
    [...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity])[0];
  const more = lead && findings.length > 1 ? ` (+${findings.length - 1} more)` : '';
  if (lead) return `${lead.title}${more}`;
  if (status === 'not-checked') return `${CREDENTIAL_NOUN[credential ?? 'none']} not tested${mode ? ` (${mode})` : ''}`;
  return '';
}

function cut(text: string, room: number | undefined): string {
  if (room === undefined || text.length <= room) return text;
  return room <= 1 ? '' : `${text.slice(0, room - 1)}…`;
}

/** CONTEXT, STATUS, HEADLINE: one row per context, and one for the findings not tied to a context. */
function table(report: Report, options: TextOptions, paint: Paint): string[] {
  const rows = report.contexts.map((c) => ({
    name: c.current ? `${c.name} (current)` : c.name,
    status: c.status,
    headline:
      headline(c.findings, c.status, c.credential.kind, options.mode) ||
      (c.worksUntil ? worksUntilLine(c.worksUntil, options.now) : ''),
  }));
  if (report.findings.length > 0) {
    const status = worstStatus(report.findings);
    rows.unshift({ name: '(kubeconfig)', status, headline: headline(report.findings, status, undefined) });
  }
  const nameWidth = Math.max('CONTEXT'.length, ...rows.map((r) => r.name.length));
  const room = options.width === undefined ? undefined : options.width - nameWidth - STATUS_WIDTH - 4;
  const line = (name: string, status: string, text: string) =>
    `${name.padEnd(nameWidth)}  ${status}  ${text}`.trimEnd();
  return [
    line('CONTEXT', 'STATUS'.padEnd(STATUS_WIDTH), cut('HEADLINE', room)),
    ...rows.map((r) =>
      line(r.name, paint(STATUS_STYLE[r.status], statusWord(r.status).padEnd(STATUS_WIDTH)), cut(r.headline, room)),
    ),
  ];
}

function summaryLine(report: Report, mode: string | undefined): string {
  const { summary } = report;
  const counts = `${summary.error} error${summary.error === 1 ? '' : 's'}, ${summary.warning} warning${summary.warning === 1 ? '' : 's'}, ${summary.info} info`;
  const neutral = (['not-checked', 'not-running'] as const)
    .map((status) => [status, report.contexts.filter((c) => c.status === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status.replace('-', ' ')}`);
  const noun = summary.contexts === 1 ? 'context' : 'contexts';
  const tail = neutral.length > 0 ? `; ${neutral.join(', ')}` : '';
  return `${summary.contexts} ${noun} checked: ${counts}${tail}${mode ? ` (${mode})` : ''}`;
}

export function formatText(report: Report, options: TextOptions): string {
  const paint = painter(options.color);
  const out: string[] = [];
  // A table of one context says what its block's first line says.
  if (report.contexts.length > 1) out.push(...table(report, options, paint), '');
  for (const finding of report.findings) out.push(...findingLines(finding, undefined, options, paint));
  if (report.findings.length > 0) out.push('');
  for (const context of report.contexts) {
    out.push(...contextHeader(context, options, paint));
    for (const finding of context.findings) out.push(...findingLines(finding, context.name, options, paint));
  }
  out.push('', summaryLine(report, options.mode));
  return `${out.join('\n')}\n`;
}
