/**
 * The one IPC contract between the window and the main process: every channel's
 * request and response types, the validators the main process runs on what the
 * renderer sends, and the named functions the preload exposes. Only redacted data
 * crosses it (Reports and FindingRefs hold no secret by construction).
 */
import type { ContextReport, Finding, FindingRef, Report } from './findings';
import { DEFAULT_BACKUPS_KEPT } from './defaults';
import { isRuleId, type RuleId } from './rules/ids';
import type { ExecPluginEntry, Settings, TeamMetricsSettings } from './settings';
import { pushUrlProblem } from './metrics/push-url';

export type SnoozeFor = '1h' | '1d' | 'credential';

interface SnoozeRequest {
  context?: string;
  rule: RuleId;
  for: SnoozeFor;
}

interface PauseRequest {
  /** ISO 8601 instant; notifications resume after it. */
  until: string;
}

/**
 * One step of a finding's fix guide, by position. The main process looks the step up
 * in its own latest Report: the renderer names a step, it never sends a command.
 */
export interface FixStepRef extends FindingRef {
  /** The path the user chose, for a guide with alternatives (FixPath.id); absent for one without. */
  path?: string;
  step: number;
  /** The value chosen in a step that offers a choice (StepOption.value); absent: the step's own action. */
  option?: string;
}

export interface FixStepResult {
  ok: boolean;
  /** One line: what was done ("current-context is now prod in /home/u/.kube/config"), or why not. */
  message: string;
  /** The tail of a command's output (stdout and stderr, secrets scrubbed), for steps that run one. */
  output?: string;
  /** Set when a kubeconfig file was written: `fix:undo` with it restores the backup. */
  undoId?: string;
}

interface UndoRequest {
  undoId: string;
}

export interface FixVerification {
  /** The finding is gone after a fresh check (rules and, where allowed, the probe). */
  fixed: boolean;
  checkedAt: string;
  /** The context as the fresh check sees it (absent for config-wide findings or a deleted context). */
  context?: ContextReport;
  /** The same rule's findings that remain (empty when fixed). */
  remaining: Finding[];
  /** One line for the wizard's last step: "Fixed: kubectl can use prod again" or what is still wrong. */
  message: string;
}

/** Output of a running fix step, as it arrives: login commands run for minutes. */
export interface FixOutput extends FixStepRef {
  chunk: string;
}

interface PluginApproval {
  key: string;
  approved: boolean;
}

interface StartAtLoginRequest {
  enabled: boolean;
}

/** Each rule's background text ("why this happens"), from the rule's metadata. */
export type Explanations = Partial<Record<RuleId, string>>;

/**
 * A Report as the window gets it: with the explanations of the rules its findings name. The window
 * never loads rule code, and the CLI's Report (`--json`) does not carry them.
 */
export interface WindowReport extends Report {
  explanations: Explanations;
}

/** Renderer → main calls (ipcRenderer.invoke / ipcMain.handle). */
interface IpcContract {
  /** The last finished check's Report, or null before the first one. */
  'report:get': { request: undefined; response: WindowReport | null };
  /** Runs a check now; resolves with its Report (null if it could not run). */
  'check:now': { request: undefined; response: WindowReport | null };
  'finding:snooze': { request: SnoozeRequest; response: undefined };
  'notifications:pause': { request: PauseRequest; response: undefined };
  /** Shows a sample notification, so the user sees what alerts look like and that the OS lets them through. */
  'notifications:test': { request: undefined; response: undefined };
  'app:version': { request: undefined; response: string };
  /** Runs a step's safe action (after the user confirmed it in the window). */
  'fix:run': { request: FixStepRef; response: FixStepResult };
  'fix:undo': { request: UndoRequest; response: FixStepResult };
  /** The wizard's last step: a fresh check, then whether the finding is gone. */
  'fix:verify': { request: FindingRef; response: FixVerification };
  'settings:get': { request: undefined; response: Settings };
  /** Saves and applies at once; resolves with what was stored. */
  'settings:set': { request: Settings; response: Settings };
  /** Every exec plugin in the kubeconfig, with whether it may run unattended. */
  'plugins:list': { request: undefined; response: ExecPluginEntry[] };
  'plugins:approve': { request: PluginApproval; response: ExecPluginEntry[] };
  'login-item:get': { request: undefined; response: boolean };
  'login-item:set': { request: StartAtLoginRequest; response: boolean };
  /**
   * With no kubeconfig at all: the user picks one in a native open dialog and it is copied to the
   * path kubectl looked for (never over an existing file); ok false when cancelled or refused.
   */
  'kubeconfig:choose': { request: undefined; response: FixStepResult };
  /** The last push of team metrics to the Pushgateway, or null before the first. */
  'metrics:last-push': { request: undefined; response: PushStatus | null };
}

/** How the last push of team metrics went; `error` is one line without the URL's userinfo. */
export interface PushStatus {
  at: string;
  ok: boolean;
  error?: string;
}

/** Main → renderer events (webContents.send / ipcRenderer.on). */
export interface IpcEvents {
  'window:open-finding': FindingRef;
  'fix:output': FixOutput;
  /** A check finished (schedule, file change, another window action): the renderer re-reads the report. */
  'report:changed': undefined;
  /** Team metrics were pushed (or the push failed) after a check. */
  'metrics:pushed': PushStatus;
}

export type Channel = keyof IpcContract;
export type EventChannel = keyof IpcEvents;
export type RequestOf<C extends Channel> = IpcContract[C]['request'];
type ResponseOf<C extends Channel> = IpcContract[C]['response'];

/** What the main process implements; `{ [C in Channel]: ... }` makes a missing handler a compile error. */
export type IpcHandlers = { [C in Channel]: (request: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>> };

export class IpcPayloadError extends Error {
  override name = 'IpcPayloadError';
}

/** Names are kubeconfig context names and rule ids: short; anything longer is not ours. */
export const MAX_STRING = 253;

type Validator<T> = (payload: unknown) => T;

function plainObject(payload: unknown): Record<string, unknown> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new IpcPayloadError('expected an object');
  }
  if (Object.getPrototypeOf(payload) !== Object.prototype) throw new IpcPayloadError('expected a plain object');
  return payload as Record<string, unknown>;
}

function record(payload: unknown, allowed: readonly string[]): Record<string, unknown> {
  const object = plainObject(payload);
  const extra = Object.keys(object).filter((key) => !allowed.includes(key));
  if (extra.length) throw new IpcPayloadError(`unexpected field(s): ${extra.join(', ')}`);
  return object;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new IpcPayloadError(`${field}: expected a non-empty string`);
  if (value.length > MAX_STRING) throw new IpcPayloadError(`${field}: longer than ${MAX_STRING} characters`);
  return value;
}

function ruleId(value: unknown, field = 'rule'): RuleId {
  const rule = text(value, field);
  if (!isRuleId(rule)) throw new IpcPayloadError(`${field}: not a rule id`);
  return rule;
}

function optionalText(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : text(value, field);
}

function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new IpcPayloadError(`${field}: expected an integer from ${min} to ${max}`);
  }
  return value;
}

function bool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new IpcPayloadError(`${field}: expected true or false`);
  return value;
}

/** A list of strings, each as `item` checks it; `max` bounds the count. */
function list<T>(value: unknown, field: string, max: number, item: (v: unknown, f: string) => T): T[] {
  if (!Array.isArray(value)) throw new IpcPayloadError(`${field}: expected a list`);
  if (value.length > max) throw new IpcPayloadError(`${field}: more than ${max} entries`);
  return value.map((v, i) => item(v, `${field}[${i}]`));
}

const noPayload: Validator<undefined> = (payload) => {
  if (payload !== undefined) throw new IpcPayloadError('expected no payload');
  return undefined;
};

export const validateFindingRef: Validator<FindingRef> = (payload) => {
  const p = record(payload, ['context', 'rule']);
  const context = optionalText(p.context, 'context');
  return context === undefined ? { rule: ruleId(p.rule) } : { context, rule: ruleId(p.rule) };
};

const SNOOZE_FOR: readonly SnoozeFor[] = ['1h', '1d', 'credential'];

const validateSnooze: Validator<SnoozeRequest> = (payload) => {
  const p = record(payload, ['context', 'rule', 'for']);
  const ref = validateFindingRef({ context: p.context, rule: p.rule });
  if (!SNOOZE_FOR.includes(p.for as SnoozeFor)) throw new IpcPayloadError(`for: one of ${SNOOZE_FOR.join(', ')}`);
  return { ...ref, for: p.for as SnoozeFor };
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

const validatePause: Validator<PauseRequest> = (payload) => {
  const p = record(payload, ['until']);
  const until = text(p.until, 'until');
  if (!ISO_INSTANT.test(until) || Number.isNaN(Date.parse(until))) {
    throw new IpcPayloadError('until: expected an ISO 8601 instant');
  }
  return { until };
};

/** Fix guides have a handful of steps. */
const MAX_STEP = 31;

/** A path id: lowercase words joined by '-' (FixPath.id). */
const PATH_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const validateFixStep: Validator<FixStepRef> = (payload) => {
  const p = record(payload, ['context', 'rule', 'path', 'step', 'option']);
  const ref = validateFindingRef({ context: p.context, rule: p.rule });
  if (p.path !== undefined && !PATH_ID.test(text(p.path, 'path'))) throw new IpcPayloadError('path: not a path id');
  return {
    ...ref,
    ...(p.path !== undefined ? { path: p.path as string } : {}),
    step: integer(p.step, 'step', 0, MAX_STEP),
    // A value from the step's own list, which the main process looks up in its report: never run as given.
    ...(p.option !== undefined ? { option: text(p.option, 'option') } : {}),
  };
};

const UNDO_ID = /^[A-Za-z0-9_-]{8,64}$/;

const validateUndo: Validator<UndoRequest> = (payload) => {
  const p = record(payload, ['undoId']);
  const undoId = text(p.undoId, 'undoId');
  if (!UNDO_ID.test(undoId)) throw new IpcPayloadError('undoId: not an undo id');
  return { undoId };
};

/** pluginFingerprint(): a base64url HMAC-SHA256 of a plugin's command and arguments under the install key. */
const PLUGIN_KEY = /^[A-Za-z0-9_-]{43}$/;
const MAX_LIST = 1000;
/** A year: a longer notification lead time is not a reminder any more. */
const MAX_LEAD_MINUTES = 366 * 24 * 60;
/** Notification lead times a settings payload may hold: the Settings page offers no more rows. */
export const MAX_LEAD_TIMES = 8;
export const MAX_BACKUPS_KEPT = 1000;

/** `scheme://userinfo@`: the part of a URL that holds credentials. */
const USERINFO_IN_URL = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i;

/** Longest Pushgateway URL taken: a URL is short; a longer one is not a URL someone typed. */
const MAX_URL = 2048;

const validateTeamMetrics: Validator<TeamMetricsSettings> = (payload) => {
  // Settings saved before there was a choice have none: off.
  if (payload === undefined) return { enabled: false, url: '' };
  const p = record(payload, ['enabled', 'url']);
  const enabled = bool(p.enabled, 'teamMetrics.enabled');
  if (typeof p.url !== 'string' || p.url.length > MAX_URL)
    throw new IpcPayloadError(`teamMetrics.url: expected a URL of at most ${MAX_URL} characters`);
  const url = p.url.trim();
  if (enabled && url === '') throw new IpcPayloadError('teamMetrics.url: a Pushgateway URL is needed to push');
  // The URL is never repeated: it may hold a password.
  const problem = url === '' ? undefined : pushUrlProblem(url);
  if (problem) throw new IpcPayloadError(`teamMetrics.url: ${problem}`);
  // The settings file is no place for a password, and the window would show it.
  if (USERINFO_IN_URL.test(url))
    throw new IpcPayloadError('teamMetrics.url: no user name or password in the URL: kubeward stores no credentials');
  return { enabled, url };
};

const validateSettings: Validator<Settings> = (payload) => {
  const p = record(payload, [
    'version',
    'leadTimesMinutes',
    'schedule',
    'probesOff',
    'approvedPlugins',
    'backupsKept',
    'welcomed',
    'teamMetrics',
  ]);
  if (p.version !== 1) throw new IpcPayloadError('version: expected 1');
  const leadTimesMinutes = list(p.leadTimesMinutes, 'leadTimesMinutes', MAX_LEAD_TIMES, (v, f) =>
    integer(v, f, 1, MAX_LEAD_MINUTES),
  );
  if (leadTimesMinutes.length === 0) throw new IpcPayloadError('leadTimesMinutes: at least one lead time');
  return {
    version: 1,
    // Largest first, no repeats: the alert policy fires the tightest one crossed.
    leadTimesMinutes: [...new Set(leadTimesMinutes)].sort((a, b) => b - a),
    schedule: text(p.schedule, 'schedule'),
    probesOff: list(p.probesOff, 'probesOff', MAX_LIST, text),
    approvedPlugins: list(p.approvedPlugins, 'approvedPlugins', MAX_LIST, pluginKey),
    // Settings saved before there was a choice have none: the default. At least one: Undo restores the newest.
    backupsKept:
      p.backupsKept === undefined ? DEFAULT_BACKUPS_KEPT : integer(p.backupsKept, 'backupsKept', 1, MAX_BACKUPS_KEPT),
    // Settings saved before the welcome existed belong to someone who has used the app: no welcome for them.
    welcomed: p.welcomed === undefined ? true : bool(p.welcomed, 'welcomed'),
    teamMetrics: validateTeamMetrics(p.teamMetrics),
  };
};

function pluginKey(value: unknown, field: string): string {
  if (typeof value !== 'string' || !PLUGIN_KEY.test(value))
    throw new IpcPayloadError(`${field}: expected a plugin key`);
  return value;
}

const validatePluginApproval: Validator<PluginApproval> = (payload) => {
  const p = record(payload, ['key', 'approved']);
  return { key: pluginKey(p.key, 'key'), approved: bool(p.approved, 'approved') };
};

const validateStartAtLogin: Validator<StartAtLoginRequest> = (payload) => {
  const p = record(payload, ['enabled']);
  return { enabled: bool(p.enabled, 'enabled') };
};

/** Output chunks are cut by the main process; a longer one is not from it. */
const MAX_CHUNK = 64 * 1024;

const validateFixOutput: Validator<FixOutput> = (payload) => {
  const p = record(payload, ['context', 'rule', 'path', 'step', 'option', 'chunk']);
  const step = validateFixStep({ context: p.context, rule: p.rule, path: p.path, step: p.step, option: p.option });
  if (typeof p.chunk !== 'string' || p.chunk.length > MAX_CHUNK) throw new IpcPayloadError('chunk: expected text');
  return { ...step, chunk: p.chunk };
};

/** An explanation is a few sentences; a longer one is not from a rule. */
const MAX_EXPLANATION = 4096;

/**
 * The window's check of a report it is sent: explanations keyed by known rule ids only. The rest
 * is the main process's own check result, which the window shows as text and never runs.
 */
const validateWindowReport: Validator<WindowReport | null> = (payload) => {
  if (payload === null) return null;
  const report = plainObject(payload) as unknown as WindowReport;
  const checked: Explanations = {};
  for (const [rule, explanation] of Object.entries(plainObject(report.explanations))) {
    if (typeof explanation !== 'string' || explanation.length > MAX_EXPLANATION) {
      throw new IpcPayloadError(`explanations.${rule}: expected text`);
    }
    checked[ruleId(rule, 'explanations')] = explanation;
  }
  return { ...report, explanations: checked };
};

/** Main → renderer answers the window checks before it uses them. */
const RESPONSE_VALIDATORS: { [C in Channel]?: Validator<ResponseOf<C>> } = {
  'report:get': validateWindowReport,
  'check:now': validateWindowReport,
  'metrics:last-push': (payload) => (payload === null ? null : validatePushStatus(payload)),
};

/** One validator per channel; returns a fresh value holding only the known fields. */
export const REQUEST_VALIDATORS: { [C in Channel]: Validator<RequestOf<C>> } = {
  'report:get': noPayload,
  'check:now': noPayload,
  'finding:snooze': validateSnooze,
  'notifications:pause': validatePause,
  'notifications:test': noPayload,
  'app:version': noPayload,
  'fix:run': validateFixStep,
  'fix:undo': validateUndo,
  'fix:verify': validateFindingRef,
  'settings:get': noPayload,
  'settings:set': validateSettings,
  'plugins:list': noPayload,
  'plugins:approve': validatePluginApproval,
  'login-item:get': noPayload,
  'login-item:set': validateStartAtLogin,
  'kubeconfig:choose': noPayload,
  'metrics:last-push': noPayload,
};

const validatePushStatus: Validator<PushStatus> = (payload) => {
  const p = record(payload, ['at', 'ok', 'error']);
  const at = text(p.at, 'at');
  if (!ISO_INSTANT.test(at)) throw new IpcPayloadError('at: expected an ISO 8601 instant');
  const ok = bool(p.ok, 'ok');
  return p.error === undefined ? { at, ok } : { at, ok, error: text(p.error, 'error') };
};

const EVENT_VALIDATORS: { [E in EventChannel]: Validator<IpcEvents[E]> } = {
  'window:open-finding': validateFindingRef,
  'fix:output': validateFixOutput,
  'report:changed': noPayload,
  'metrics:pushed': validatePushStatus,
};

export const CHANNELS = Object.keys(REQUEST_VALIDATORS) as Channel[];

/** The preload's function names; `satisfies` keeps every channel exposed and no other. */
export const API_METHODS = {
  getReport: 'report:get',
  checkNow: 'check:now',
  snoozeFinding: 'finding:snooze',
  pauseNotifications: 'notifications:pause',
  testNotification: 'notifications:test',
  getVersion: 'app:version',
  runFixStep: 'fix:run',
  undoFix: 'fix:undo',
  verifyFix: 'fix:verify',
  getSettings: 'settings:get',
  setSettings: 'settings:set',
  listPlugins: 'plugins:list',
  approvePlugin: 'plugins:approve',
  getStartAtLogin: 'login-item:get',
  setStartAtLogin: 'login-item:set',
  chooseKubeconfig: 'kubeconfig:choose',
  getLastPush: 'metrics:last-push',
} as const satisfies Record<string, Channel>;

type ApiMethod = keyof typeof API_METHODS;
type Unexposed = Exclude<Channel, (typeof API_METHODS)[ApiMethod]>;
// A channel with no preload function fails here at compile time.
const everyChannelExposed: [Unexposed] extends [never] ? true : Unexposed = true;
void everyChannelExposed;

/**
 * Validates a renderer's payload for `channel`, then runs its handler: the one path every
 * call takes into the main process, whether it came over ipcMain or the dev bridge.
 */
export function dispatch<C extends Channel>(handlers: IpcHandlers, channel: C, payload: unknown): unknown {
  const validate = REQUEST_VALIDATORS[channel] as Validator<RequestOf<C>>;
  const handle = handlers[channel] as (request: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>>;
  return handle(validate(payload));
}

type Call<C extends Channel> =
  RequestOf<C> extends undefined ? () => Promise<ResponseOf<C>> : (request: RequestOf<C>) => Promise<ResponseOf<C>>;

/** `window.kubeward` in the renderer. */
export type KubewardApi = { [M in ApiMethod]: Call<(typeof API_METHODS)[M]> } & {
  /** Subscribes to "open this finding" (a notification click); returns the unsubscribe function. */
  onOpenFinding(listener: (target: FindingRef) => void): () => void;
  /** Subscribes to a running fix step's output. */
  onFixOutput(listener: (output: FixOutput) => void): () => void;
  /** Subscribes to "a check finished". */
  onReportChanged(listener: () => void): () => void;
  /** Subscribes to "team metrics were pushed, or the push failed". */
  onMetricsPushed(listener: (status: PushStatus) => void): () => void;
};

/**
 * `window.kubeward` from two transports: the preload's ipcRenderer and the dev bridge's
 * fetch + EventSource. Subscribers get validated payloads only, and so do callers of the
 * channels with a response validator.
 */
export function buildKubewardApi(transport: {
  invoke(channel: Channel, request: unknown): Promise<unknown>;
  /** Adds a listener for raw event payloads; returns the function that removes it. */
  listen(channel: EventChannel, listener: (payload: unknown) => void): () => void;
}): KubewardApi {
  const subscriber =
    <E extends EventChannel>(channel: E) =>
    (listener: (payload: IpcEvents[E]) => void) =>
      transport.listen(channel, (payload) => listener(EVENT_VALIDATORS[channel](payload)));
  const calls = Object.fromEntries(
    Object.entries(API_METHODS).map(([method, channel]) => {
      const validate: Validator<unknown> | undefined = RESPONSE_VALIDATORS[channel];
      // A call with no payload sends none: the main side refuses extra arguments.
      const call = async (request?: unknown) => {
        const response = await transport.invoke(channel, request);
        return validate ? validate(response) : response;
      };
      return [method, call];
    }),
  ) as unknown as Omit<KubewardApi, 'onOpenFinding' | 'onFixOutput' | 'onReportChanged' | 'onMetricsPushed'>;
  return {
    ...calls,
    onOpenFinding: subscriber('window:open-finding'),
    onFixOutput: subscriber('fix:output'),
    onReportChanged: subscriber('report:changed'),
    onMetricsPushed: subscriber('metrics:pushed'),
  };
}
