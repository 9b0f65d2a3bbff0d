/**
 * The one IPC contract between the window and the main process: every channel's
 * request and response types, the validators the main process runs on what the
 * renderer sends, and the named functions the preload exposes. Only redacted data
 * crosses it (Reports and FindingRefs hold no secret by construction).
 */
import type { Report } from './findings';
import type { FindingRef } from './monitor';

export type SnoozeFor = '1h' | '1d' | 'credential';

export interface SnoozeRequest {
  context?: string;
  rule: string;
  for: SnoozeFor;
}

export interface PauseRequest {
  /** ISO 8601 instant; notifications resume after it. */
  until: string;
}

/** Renderer → main calls (ipcRenderer.invoke / ipcMain.handle). */
export interface IpcContract {
  /** The last finished check's Report, or null before the first one. */
  'report:get': { request: undefined; response: Report | null };
  /** Runs a check now; resolves with its Report (null if it could not run). */
  'check:now': { request: undefined; response: Report | null };
  'finding:snooze': { request: SnoozeRequest; response: undefined };
  'notifications:pause': { request: PauseRequest; response: undefined };
  'app:version': { request: undefined; response: string };
}

/** Main → renderer events (webContents.send / ipcRenderer.on). */
export interface IpcEvents {
  'window:open-finding': FindingRef;
}

export type Channel = keyof IpcContract;
export type EventChannel = keyof IpcEvents;
export type RequestOf<C extends Channel> = IpcContract[C]['request'];
export type ResponseOf<C extends Channel> = IpcContract[C]['response'];

/** What the main process implements; `{ [C in Channel]: ... }` makes a missing handler a compile error. */
export type IpcHandlers = { [C in Channel]: (request: RequestOf<C>) => ResponseOf<C> | Promise<ResponseOf<C>> };

export class IpcPayloadError extends Error {
  override name = 'IpcPayloadError';
}

/** Names are kubeconfig context names and rule ids: short; anything longer is not ours. */
export const MAX_STRING = 253;
const RULE_ID = /^[a-z0-9][a-z0-9-]*$/;

type Validator<T> = (payload: unknown) => T;

function record(payload: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new IpcPayloadError('expected an object');
  }
  if (Object.getPrototypeOf(payload) !== Object.prototype) throw new IpcPayloadError('expected a plain object');
  const extra = Object.keys(payload).filter((key) => !allowed.includes(key));
  if (extra.length) throw new IpcPayloadError(`unexpected field(s): ${extra.join(', ')}`);
  return payload as Record<string, unknown>;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new IpcPayloadError(`${field}: expected a non-empty string`);
  if (value.length > MAX_STRING) throw new IpcPayloadError(`${field}: longer than ${MAX_STRING} characters`);
  return value;
}

function ruleId(value: unknown): string {
  const rule = text(value, 'rule');
  if (!RULE_ID.test(rule)) throw new IpcPayloadError('rule: not a rule id');
  return rule;
}

function optionalText(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : text(value, field);
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

/** One validator per channel; returns a fresh value holding only the known fields. */
export const REQUEST_VALIDATORS: { [C in Channel]: Validator<RequestOf<C>> } = {
  'report:get': noPayload,
  'check:now': noPayload,
  'finding:snooze': validateSnooze,
  'notifications:pause': validatePause,
  'app:version': noPayload,
};

export const EVENT_VALIDATORS: { [E in EventChannel]: Validator<IpcEvents[E]> } = {
  'window:open-finding': validateFindingRef,
};

export const CHANNELS = Object.keys(REQUEST_VALIDATORS) as Channel[];

/** The preload's function names; `satisfies` keeps every channel exposed and no other. */
export const API_METHODS = {
  getReport: 'report:get',
  checkNow: 'check:now',
  snoozeFinding: 'finding:snooze',
  pauseNotifications: 'notifications:pause',
  getVersion: 'app:version',
} as const satisfies Record<string, Channel>;

type ApiMethod = keyof typeof API_METHODS;
type Unexposed = Exclude<Channel, (typeof API_METHODS)[ApiMethod]>;
// A channel with no preload function fails here at compile time.
const everyChannelExposed: [Unexposed] extends [never] ? true : Unexposed = true;
void everyChannelExposed;

type Call<C extends Channel> =
  RequestOf<C> extends undefined ? () => Promise<ResponseOf<C>> : (request: RequestOf<C>) => Promise<ResponseOf<C>>;

/** `window.kubeward` in the renderer. */
export type KubewardApi = { [M in ApiMethod]: Call<(typeof API_METHODS)[M]> } & {
  /** Subscribes to "open this finding" (a notification click); returns the unsubscribe function. */
  onOpenFinding(listener: (target: FindingRef) => void): () => void;
};
