/**
 * The `kubeward check` text output (docs/cli.md): one block per context, current first,
 * a status word per context, each finding as `severity rule-id: title` with its key
 * evidence and first fix step, and a summary line last.
 */
import { guideSteps, type ContextReport, type Finding, type Report, type Status } from '../findings';
import { formatInstant } from '../time';

export interface TextOptions {
  color: boolean;
  now: number;
  /** Printed in the summary line, e.g. "offline". */
  mode?: string;
}

const SGR = { red: '31', yellow: '33', cyan: '36', green: '32', dim: '2', bold: '1' } as const;
type Style = keyof typeof SGR;

const STATUS_STYLE: Record<Status, Style> = { error: 'red', warning: 'yellow', info: 'cyan', ok: 'green' };

function painter(color: boolean) {
  return (style: Style, text: string) => (color ? `\u001b[${SGR[style]}m${text}\u001b[0m` : text);
}

function findingLines(finding: Finding, options: TextOptions): string[] {
  const paint = painter(options.color);
  const lines = [
    `  ${paint(STATUS_STYLE[finding.severity], finding.severity.padEnd(7))} ${finding.rule}: ${finding.title}`,
  ];
  const indent = ' '.repeat(10);
  if (finding.expiresAt) {
    const at = Date.parse(finding.expiresAt);
    lines.push(`${indent}${at <= options.now ? 'expired' : 'expires'} ${formatInstant(at, options.now)}`);
  }
  lines.push(`${indent}${finding.detail}`);
  const [step] = guideSteps(finding.fix) ?? [];
  if (step) lines.push(`${indent}${paint('dim', 'fix:')} ${step.command ?? step.title}`);
  return lines;
}

function contextHeader(context: ContextReport, options: TextOptions): string {
  const paint = painter(options.color);
  const name = context.current ? `${paint('bold', context.name)} (current)` : context.name;
  const where = [context.user && `user ${context.user}`, context.server].filter(Boolean).join(' @ ');
  return `${paint(STATUS_STYLE[context.status], context.status.toUpperCase().padEnd(7))} ${name}${where ? paint('dim', `  ${where}`) : ''}`;
}

export function formatText(report: Report, options: TextOptions): string {
  const out: string[] = [];
  for (const finding of report.findings) out.push(...findingLines(finding, options));
  if (report.findings.length > 0) out.push('');
  for (const context of report.contexts) {
    out.push(contextHeader(context, options));
    for (const finding of context.findings) out.push(...findingLines(finding, options));
  }
  const { summary } = report;
  const counts = `${summary.error} error${summary.error === 1 ? '' : 's'}, ${summary.warning} warning${summary.warning === 1 ? '' : 's'}, ${summary.info} info`;
  const noun = summary.contexts === 1 ? 'context' : 'contexts';
  out.push('', `${summary.contexts} ${noun} checked: ${counts}${options.mode ? ` (${options.mode})` : ''}`);
  return `${out.join('\n')}\n`;
}
