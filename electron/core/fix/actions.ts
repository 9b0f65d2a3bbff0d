/**
 * What each SafeAction does on disk. Kubeconfig changes go through the safe writer,
 * to the file that defines the entry, as kubectl would make them; each change comes
 * back with what Undo needs.
 */
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, type Document, type YAMLMap } from 'yaml';
import type { Snapshot } from '../../../shared/facts';
import type { Named } from '../../../shared/kubeconfig/model';
import { stderrTail } from '../../../shared/exec/scrub';
import { RUNNABLE_PROGRAMS, type Report, type SafeAction } from '../../../shared/findings';
import { commandOf, createTokenArgs } from '../../../shared/guides/actions';
import { backupBeforeRun, editKubeconfig, keptIfChanged, type EditResult } from './kubeconfig-writer';
import {
  failureLine,
  resolveCommand,
  runQuiet,
  runVisible,
  type CommandContext,
  type ResolvedCommand,
} from './run-command';
import { useContext } from './use-context';
import { renewClientCert } from '../renewal/renew-client-cert';

/** How to take a change back: the writer's backup, or the mode a chmod replaced. */
export type UndoRecord =
  | { kind: 'backup'; file: string; backup: string; written: Buffer }
  | { kind: 'mode'; file: string; previous: number; applied: number };

export interface ActionOutcome {
  ok: boolean;
  message: string;
  output?: string;
  undo?: UndoRecord;
}

export interface ActionContext extends CommandContext {
  report: Report;
  snapshot: Snapshot;
  /** For `run` steps. */
  commandTimeoutMs: number;
  /** For `kubectl create token`. */
  tokenTimeoutMs: number;
  /** Backups kept of each kubeconfig file the action writes. */
  backupsKept: number;
  /** How long a certificate renewal waits for an admin's approval, polling every approvalPollMs. */
  approvalWaitMs: number;
  approvalPollMs: number;
  /** Reads the kubeconfig files again (a renewal probes what it wrote). */
  reread: () => Promise<Snapshot>;
  onOutput?: (chunk: string) => void;
  /** Something the user waited for happened (a certificate an admin approved was issued). */
  onNotice?: (message: string) => void;
  /** The desktop app's plugin approval for a kubeconfig user (absent in the CLI, which runs plugins unasked). */
  approvePlugin?: (user: string) => Promise<ActionOutcome>;
}

type ActionOf<K extends SafeAction['kind']> = Extract<SafeAction, { kind: K }>;

const CREATE_TOKEN_JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function octal(mode: number): string {
  return `0${(mode & 0o7777).toString(8).padStart(3, '0')}`;
}

function backupUndo(file: string, result: EditResult): UndoRecord {
  return { kind: 'backup', file, backup: result.backup, written: result.written };
}

/**
 * Why an action may not edit `entry` now: its file is not the one the action names (and its command
 * shows). The entry moved, or another file of the list now defines it first; the action is data.
 */
function movedEntry(
  kind: 'context' | 'user',
  entry: Named<unknown>,
  action: { kubeconfig: string },
): ActionOutcome | undefined {
  if (entry.source === action.kubeconfig) return undefined;
  return {
    ok: false,
    message: `${kind} ${entry.name} is now defined in ${entry.source}, not ${action.kubeconfig}; check again`,
  };
}

/** The entries of `section` (contexts, users) named `name` in one kubeconfig document. */
function namedEntries(doc: Document, section: 'contexts' | 'users', name: string, file: string): YAMLMap[] {
  const list = doc.get(section);
  const entries = isSeq(list)
    ? list.items.filter((item): item is YAMLMap => isMap(item) && String(item.get('name')) === name)
    : [];
  if (entries.length === 0) throw new Error(`${file} no longer defines ${section.slice(0, -1)} "${name}"`);
  return entries;
}

async function useContextAction(action: ActionOf<'use-context'>, ctx: ActionContext): Promise<ActionOutcome> {
  const result = await useContext(ctx.snapshot, action.context, { backupsKept: ctx.backupsKept });
  return {
    ok: true,
    message: `current-context is now ${action.context} in ${result.file}`,
    undo: backupUndo(result.file, result),
  };
}

async function chmodAction(action: ActionOf<'chmod'>, ctx: ActionContext): Promise<ActionOutcome> {
  // Only the kubeconfig files of the check: a step never changes the mode of anything else.
  if (!ctx.report.kubeconfig.includes(action.path) || !ctx.snapshot.kubeconfigPaths.includes(action.path)) {
    return { ok: false, message: `${action.path} is not one of the kubeconfig files; not changing its mode` };
  }
  const previous = (await fs.stat(action.path)).mode & 0o7777;
  await fs.chmod(action.path, action.mode);
  return {
    ok: true,
    message: `${action.path} now has mode ${octal(action.mode)} (was ${octal(previous)})`,
    undo: { kind: 'mode', file: action.path, previous, applied: action.mode & 0o7777 },
  };
}

/**
 * `kubectl config delete-context`: the entry goes from the file that defines it (the first
 * file naming it, as kubectl's merge sees it); current-context stays as it is, like kubectl.
 */
async function deleteContextAction(action: ActionOf<'delete-context'>, ctx: ActionContext): Promise<ActionOutcome> {
  const entry = ctx.snapshot.config.contexts.get(action.context);
  if (!entry) return { ok: false, message: `no context named "${action.context}" in the kubeconfig` };
  const moved = movedEntry('context', entry, action);
  if (moved) return moved;
  const file = entry.source;
  const result = await editKubeconfig(
    file,
    (doc) => {
      const doomed = new Set(namedEntries(doc, 'contexts', action.context, file));
      const list = doc.get('contexts');
      if (isSeq(list)) list.items = list.items.filter((item) => !doomed.has(item as YAMLMap));
    },
    { backupsKept: ctx.backupsKept },
  );
  const current =
    ctx.snapshot.config.currentContext === action.context
      ? ' (it was the current context: choose another with kubectl config use-context)'
      : '';
  return {
    ok: true,
    message: `deleted context ${action.context} from ${file}${current}`,
    undo: backupUndo(file, result),
  };
}

async function resolve(program: string, ctx: ActionContext): Promise<ResolvedCommand | ActionOutcome> {
  const command = await resolveCommand(program, ctx);
  return command ?? { ok: false, message: `${program} is not installed (not found on PATH)` };
}

async function runAction(action: ActionOf<'run'>, ctx: ActionContext): Promise<ActionOutcome> {
  // The type says so, but the report is data: check before starting anything.
  if (!(RUNNABLE_PROGRAMS as readonly string[]).includes(action.program)) {
    return { ok: false, message: `${action.program} is not a program kubeward runs` };
  }
  const command = await resolve(action.program, ctx);
  if ('ok' in command) return command;
  // aws, gcloud and az write new entries into the first kubeconfig file of the list: Undo restores it.
  const [first] = ctx.kubeconfigPaths;
  const pending = first === undefined ? undefined : await backupBeforeRun(first, ctx.backupsKept);
  const { result, tail } = await runVisible(command, action.args, ctx.commandTimeoutMs, ctx.onOutput);
  const changed = pending && (await keptIfChanged(pending));
  const output = tail || undefined;
  const undo = changed && first !== undefined ? { undo: backupUndo(first, changed) } : {};
  if (result.exitCode === 0 && !result.timedOut && !result.outputTooLarge) {
    return { ok: true, message: `done: ${commandOf(action)}`, ...(output ? { output } : {}), ...undo };
  }
  return {
    ok: false,
    message: failureLine(action.program, result, ctx.commandTimeoutMs, tail),
    ...(output ? { output } : {}),
    ...undo,
  };
}

/** What `kubectl config set-credentials USER --token=T` does to the entry: the token set, basic auth cleared. */
function setToken(user: YAMLMap, token: string): void {
  const fields = user.get('user');
  if (isMap(fields)) {
    fields.set('token', token);
    fields.delete('username');
    fields.delete('password');
  } else {
    user.set('user', { token });
  }
}

/**
 * `kubectl create token` through the `via` context, the token written into the user's
 * `token` field in the file that defines the user. The token never leaves this function
 * but into that file: not into the message, the output or an error.
 */
async function createTokenAction(action: ActionOf<'create-token'>, ctx: ActionContext): Promise<ActionOutcome> {
  const { config } = ctx.snapshot;
  const user = config.users.get(action.user);
  if (!user) return { ok: false, message: `no user named "${action.user}" in the kubeconfig` };
  if (user.value.tokenFile !== undefined) {
    return {
      ok: false,
      message:
        `user ${action.user} reads its token from ${user.value.tokenFile}, which kubectl prefers over a token in the ` +
        'kubeconfig: write the new token into that file instead',
    };
  }
  const moved = movedEntry('user', user, action);
  if (moved) return moved;
  if (!config.contexts.has(action.via))
    return { ok: false, message: `no context named "${action.via}" to create the token with` };
  const kubectl = await resolve('kubectl', ctx);
  if ('ok' in kubectl) return kubectl;
  const result = await runQuiet(kubectl, createTokenArgs(action), ctx.tokenTimeoutMs);
  const token = result.stdout.trim();
  // Scrubbed with the token itself: kubectl -v or a plugin may echo it.
  const tail = stderrTail(result.stderr, [token]);
  if (result.exitCode !== 0 || result.timedOut || result.outputTooLarge) {
    return {
      ok: false,
      message: failureLine('kubectl create token', result, ctx.tokenTimeoutMs, tail),
      ...(tail ? { output: tail } : {}),
    };
  }
  if (!CREATE_TOKEN_JWT.test(token)) {
    return {
      ok: false,
      message: 'kubectl create token printed no token (expected a JWT on stdout); nothing was written',
    };
  }
  const file = user.source;
  const written = await editKubeconfig(
    file,
    (doc) => {
      for (const entry of namedEntries(doc, 'users', action.user, file)) setToken(entry, token);
    },
    { backupsKept: ctx.backupsKept },
  );
  return {
    ok: true,
    message:
      `stored a new ${action.duration} token of ServiceAccount ${action.namespace}/${action.serviceAccount} ` +
      `in user ${action.user} in ${file}`,
    undo: backupUndo(file, written),
  };
}

/**
 * The user's exec command pinned to the path it resolves to, in the file that defines the user. Only the
 * path this check resolved the command to, and only while it is still an executable: the action is data.
 */
async function pinExecCommandAction(action: ActionOf<'pin-exec-command'>, ctx: ActionContext): Promise<ActionOutcome> {
  const user = ctx.snapshot.config.users.get(action.user);
  const exec = user?.value.exec;
  if (!user || !exec) return { ok: false, message: `user "${action.user}" has no exec plugin in the kubeconfig` };
  const resolved = ctx.snapshot.commands.get(exec.command)?.resolved;
  if (exec.command !== action.command || resolved !== action.path || !path.isAbsolute(action.path)) {
    return {
      ok: false,
      message: `the exec command of user ${action.user} no longer resolves to ${action.path}; check again`,
    };
  }
  const moved = movedEntry('user', user, action);
  if (moved) return moved;
  try {
    await fs.access(action.path, fsConstants.X_OK);
  } catch {
    return { ok: false, message: `${action.path} is not an executable any more; check again` };
  }
  const file = user.source;
  const written = await editKubeconfig(
    file,
    (doc) => {
      for (const entry of namedEntries(doc, 'users', action.user, file)) {
        const fields = entry.get('user');
        const execNode = isMap(fields) ? fields.get('exec') : undefined;
        if (!isMap(execNode)) throw new Error(`${file} no longer gives user "${action.user}" an exec plugin`);
        execNode.set('command', action.path);
      }
    },
    { backupsKept: ctx.backupsKept },
  );
  return {
    ok: true,
    message: `the exec command of user ${action.user} is now ${action.path} in ${file}`,
    undo: backupUndo(file, written),
  };
}

async function renewAction(action: ActionOf<'renew-client-cert'>, ctx: ActionContext): Promise<ActionOutcome> {
  const outcome = await renewClientCert(action, {
    snapshot: ctx.snapshot,
    reread: ctx.reread,
    backupsKept: ctx.backupsKept,
    requestTimeoutMs: ctx.tokenTimeoutMs,
    approvalWaitMs: ctx.approvalWaitMs,
    pollMs: ctx.approvalPollMs,
    now: Date.now,
    ...(ctx.onOutput ? { onOutput: ctx.onOutput } : {}),
    ...(ctx.onNotice ? { onIssued: ctx.onNotice } : {}),
  });
  const { written, ...result } = outcome;
  return { ...result, ...(written ? { undo: backupUndo(written.file, written.result) } : {}) };
}

async function approvePluginAction(action: ActionOf<'approve-plugin'>, ctx: ActionContext): Promise<ActionOutcome> {
  if (!ctx.approvePlugin) {
    return {
      ok: false,
      message: `only the desktop app keeps plugin approvals; the command line runs plugins as kubectl does: kubeward check --context ${action.context}`,
    };
  }
  const user = ctx.snapshot.config.contexts.get(action.context)?.value.user;
  const exec = user === undefined ? undefined : ctx.snapshot.config.users.get(user)?.value.exec;
  if (user === undefined || !exec) return { ok: false, message: `context ${action.context} runs no exec plugin` };
  return ctx.approvePlugin(user);
}

export async function applyAction(action: SafeAction, ctx: ActionContext): Promise<ActionOutcome> {
  switch (action.kind) {
    case 'use-context':
      return useContextAction(action, ctx);
    case 'chmod':
      return chmodAction(action, ctx);
    case 'delete-context':
      return deleteContextAction(action, ctx);
    case 'run':
      return runAction(action, ctx);
    case 'create-token':
      return createTokenAction(action, ctx);
    case 'pin-exec-command':
      return pinExecCommandAction(action, ctx);
    case 'renew-client-cert':
      return renewAction(action, ctx);
    case 'approve-plugin':
      return approvePluginAction(action, ctx);
  }
}
