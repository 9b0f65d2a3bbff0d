/**
 * The live probe of an API server, per context: `kubectl auth whoami` done the way
 * kubectl would do it (its TLS settings, proxy and credential: probe-target), falling
 * back on 404 to the v1beta1 SelfSubjectReview and then to `GET /api`. One deadline
 * covers the whole probe (connect, TLS, every request, every byte of the answer);
 * redirects are a verdict and never followed, so a credential only ever goes to the
 * cluster's own server. What a server says back is scrubbed of the credential before
 * it becomes a fact: a hostile server may echo it.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Identity, Platform, ProbeResult, ProbeStage, Snapshot } from '../../../shared/facts';
import { DEFAULT_TIMEOUT_MS } from '../../../shared/defaults';
import { scrubSecrets } from '../../../shared/exec/scrub';
import { jsonObject } from '../../../shared/json-object';
import { openConnection, ProxyConnectError, TlsVerifyError } from './connect';
import { runBounded } from './pool';
import { proxyLabel, type ProxyEnv } from './proxy';
import { resolveTarget, type ProbeTarget } from './target';
import { systemRoots } from './trust';
import { currentHost } from '../host';

export interface ProbeOptions {
  /** The deadline of one probe, everything included. Default DEFAULT_TIMEOUT_MS (`--timeout` in docs/cli.md). */
  timeoutMs?: number;
  /** Probes in flight at once. Default 8. */
  concurrency?: number;
  /** The local clock, read when an answer arrives (the clock-skew rule compares it with the server's `Date`). */
  now?: () => number;
  /** Per-context opt-out (settings); a disabled context is `skipped: disabled`. */
  enabled?: (contextName: string) => boolean;
  /** Proxy environment (HTTPS_PROXY, NO_PROXY...) and SSL_CERT_FILE. Default: this process's. */
  env?: ProxyEnv;
  /** Which system trust store stands in for Go's. Default: this process's platform. */
  platform?: Platform;
}

const DEFAULT_CONCURRENCY = 8;
/** Whoami answers are a few hundred bytes; a server that sends megabytes is not answering that. */
const BODY_LIMIT = 1024 * 1024;
const MESSAGE_LIMIT = 500;
/** A stalled probe gives its concurrency slot up after this long (probe-pool). */
const SLOT_HOLD_MS = 250;

interface Step {
  method: 'POST' | 'GET' | 'PUT';
  path: string;
  body?: string;
}

const selfSubjectReview = (version: string): Step => ({
  method: 'POST',
  path: `/apis/authentication.k8s.io/${version}/selfsubjectreviews`,
  body: JSON.stringify({ apiVersion: `authentication.k8s.io/${version}`, kind: 'SelfSubjectReview' }),
});

/** kubectl auth whoami's order: the v1 review, the v1beta1 one on 404, then discovery as a last resort. */
const STEPS: readonly Step[] = [selfSubjectReview('v1'), selfSubjectReview('v1beta1'), { method: 'GET', path: '/api' }];

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  /** Absent when the body went past BODY_LIMIT. */
  body?: Buffer;
  localDate: number;
}

interface Run {
  target: ProbeTarget;
  signal: AbortSignal;
  now: () => number;
  stage: ProbeStage;
}

function readAnswer(socket: Socket, run: Run, step: Step, path: string): Promise<Answer> {
  const { target, signal } = run;
  return new Promise<Answer>((resolve, reject) => {
    const onAbort = () => {
      socket.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const settle =
      <T>(fn: (value: T) => void) =>
      (value: T) => {
        signal.removeEventListener('abort', onAbort);
        fn(value);
      };
    const done = settle(resolve);
    const fail = settle(reject);
    const req = httpRequest({
      createConnection: () => socket,
      method: step.method,
      path,
      setHost: false,
      headers: {
        Host: target.server.host,
        Accept: 'application/json, */*',
        'User-Agent': 'kubeward',
        ...(step.body ? { 'Content-Type': 'application/json' } : {}),
        ...(target.authorization ? { Authorization: target.authorization } : {}),
      },
    });
    req.on('error', fail);
    req.on('response', (res) => {
      const localDate = run.now();
      run.stage = 'body';
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= BODY_LIMIT) chunks.push(chunk);
        else {
          done({ status: res.statusCode ?? 0, headers: res.headers, localDate });
          res.destroy();
        }
      });
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), localDate }),
      );
      res.on('error', fail);
      // A no-op once settled; otherwise the server hung up mid-answer.
      res.on('close', () => {
        if (!res.complete) fail(Object.assign(new Error('the answer was cut off'), { code: 'ECONNRESET' }));
      });
    });
    req.end(step.body);
  });
}

/** The request path under the server URL's own path (`https://rancher/k8s/clusters/c-1` + `/api`). */
function pathOf(target: ProbeTarget, step: Step): string {
  return `${target.server.pathname.replace(/\/+$/, '')}${step.path}`;
}

async function send(run: Run, step: Step): Promise<Answer> {
  const socket = await openConnection(run.target, run.signal, (stage) => (run.stage = stage));
  run.stage = 'response';
  try {
    return await readAnswer(socket, run, step, pathOf(run.target, step));
  } finally {
    socket.destroy();
  }
}

function parseJson(body: Buffer | undefined): Record<string, unknown> | undefined {
  if (!body?.length) return undefined;
  try {
    return jsonObject(JSON.parse(body.toString('utf8')));
  } catch {
    return undefined;
  }
}

/** Server-sent text, without the credential we sent or anything that looks like a secret, at a readable length. */
function clean(text: string, target: ProbeTarget): string {
  const scrubbed = scrubSecrets(text, target.secrets).trim();
  return scrubbed.length > MESSAGE_LIMIT ? `${scrubbed.slice(0, MESSAGE_LIMIT)}…` : scrubbed;
}

function identityOf(json: Record<string, unknown> | undefined, target: ProbeTarget): Identity | undefined {
  const info = jsonObject(jsonObject(json?.status)?.userInfo);
  if (typeof info?.username !== 'string') return undefined;
  const groups = Array.isArray(info.groups) ? info.groups.filter((g): g is string => typeof g === 'string') : [];
  return {
    username: clean(info.username, target),
    ...(typeof info.uid === 'string' && info.uid ? { uid: clean(info.uid, target) } : {}),
    groups: groups.map((g) => clean(g, target)),
  };
}

function locationOf(headers: IncomingHttpHeaders, server: URL): string | undefined {
  if (!headers.location) return undefined;
  try {
    const url = new URL(headers.location, server);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'an unparseable location';
  }
}

const HTML_TYPE = /^\s*text\/html\b/i;
const HTML_START = /^\s*<(?:!doctype\s+html|html|head|body)\b/i;
const TITLE = /<title[^>]*>([^<]{1,300})<\/title>/i;

/** What the answer is when it is not the Kubernetes API's (a redirect's body is the redirect's business). */
function notApiOf(answer: Answer, json: Record<string, unknown> | undefined, target: ProbeTarget) {
  if (answer.status >= 300 && answer.status < 400) return {};
  if (!answer.body) return { notApi: 'too-large' as const };
  const head = answer.body.subarray(0, 4096).toString('utf8');
  if (HTML_TYPE.test(String(answer.headers['content-type'] ?? '')) || HTML_START.test(head)) {
    const title = TITLE.exec(head)?.[1]?.replace(/\s+/g, ' ').trim();
    const pageTitle = title ? clean(title, target).slice(0, 120) : '';
    return { notApi: 'html' as const, ...(pageTitle ? { pageTitle } : {}) };
  }
  return answer.body.length > 0 && !json ? { notApi: 'not-json' as const } : {};
}

function answered(run: Run, step: Step, path: string, answer: Answer, startedAt: number): ProbeResult {
  const json = parseJson(answer.body);
  const message = json?.kind === 'Status' && typeof json.message === 'string' ? clean(json.message, run.target) : '';
  const ok = answer.status >= 200 && answer.status < 300;
  const identity = ok && step.method === 'POST' ? identityOf(json, run.target) : undefined;
  const location = answer.status >= 300 && answer.status < 400 ? locationOf(answer.headers, run.target.server) : '';
  const serverDate = answer.headers.date ? Date.parse(answer.headers.date) : NaN;
  return {
    state: 'answered',
    request: `${step.method} ${path}`,
    status: answer.status,
    ...(message ? { message } : {}),
    ...(identity ? { identity } : {}),
    credential: run.target.credential,
    ...(location ? { location } : {}),
    ...notApiOf(answer, json, run.target),
    ...(Number.isFinite(serverDate) ? { serverDate } : {}),
    localDate: answer.localDate,
    durationMs: Math.round(performance.now() - startedAt),
  };
}

const STAGE_WORDS: Record<ProbeStage, string> = {
  dns: 'looking up the server name',
  connect: 'connecting',
  proxy: 'opening a tunnel through the proxy',
  tls: 'in the TLS handshake',
  response: 'waiting for the answer',
  body: 'reading the answer',
};

// TLS alerts a server sends about the client's certificate (OpenSSL's names, as Node reports them in `code`).
const CERT_REQUIRED = /ALERT_CERTIFICATE_REQUIRED$/;
const HANDSHAKE_FAILURE = /ALERT_HANDSHAKE_FAILURE$/;
const CERT_REFUSED =
  /ALERT_(?:BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_UNKNOWN|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|UNSUPPORTED_CERTIFICATE|ACCESS_DENIED)$/;

/** A server that wants a client certificate, in words instead of an OpenSSL alert string. */
function clientCertRefusal(error: unknown, target: ProbeTarget): { code: string; message: string } | undefined {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const sent = target.credential.presented.includes('client-certificate');
  if (CERT_REQUIRED.test(code) || (CERT_REFUSED.test(code) && !sent)) {
    return {
      code: 'CLIENT_CERT_REQUIRED',
      message: sent
        ? 'the server requires a client certificate and did not take the one sent'
        : 'the server requires a client certificate, and this context sends none',
    };
  }
  if (CERT_REFUSED.test(code)) {
    return { code: 'CLIENT_CERT_REJECTED', message: 'the server refused the client certificate in the TLS handshake' };
  }
  return undefined;
}

function isTimeout(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof Error && error.name === 'TimeoutError');
}

function failed(run: Run, error: unknown, timeoutMs: number): ProbeResult {
  if (error instanceof TlsVerifyError) {
    return {
      state: 'tls-error',
      code: error.code,
      message: error.message,
      ...(error.serverCertificate ? { serverCertificate: error.serverCertificate } : {}),
    };
  }
  const proxy = run.target.proxy.kind === 'http' ? { proxy: proxyLabel(run.target.proxy.url) } : {};
  const where = { stage: run.stage, ...proxy };
  if (isTimeout(error, run.signal)) {
    const message = `no answer within ${timeoutMs / 1000} s (${STAGE_WORDS[run.stage]})`;
    return { state: 'network-error', code: 'ETIMEDOUT', message, timedOut: true, ...where };
  }
  const refusal = clientCertRefusal(error, run.target);
  if (refusal) return { state: 'network-error', ...refusal, timedOut: false, ...where };
  const code = (error as NodeJS.ErrnoException).code ?? (error instanceof ProxyConnectError ? error.code : 'UNKNOWN');
  const text = error instanceof Error ? error.message : String(error);
  const message = code.startsWith('HPE_') ? `the answer is not HTTP (${text})` : text;
  return { state: 'network-error', code, message: clean(message, run.target), timedOut: false, ...where };
}

/** Probes a resolved target: the request sequence under one deadline. */
async function probeTarget(target: ProbeTarget, timeoutMs: number, now: () => number): Promise<ProbeResult> {
  const run: Run = { target, signal: AbortSignal.timeout(timeoutMs), now, stage: 'connect' };
  const startedAt = performance.now();
  try {
    let step = STEPS[0] as Step;
    let answer = await send(run, step);
    for (const fallback of STEPS.slice(1)) {
      if (answer.status !== 404) break;
      step = fallback;
      answer = await send(run, step);
    }
    return answered(run, step, pathOf(target, step), answer, startedAt);
  } catch (error) {
    const result = failed(run, error, timeoutMs);
    if (result.state !== 'network-error' || !hungUpOnCertificate(error, run)) return result;
    return (await refusesWithoutCertificate(run))
      ? {
          ...result,
          code: 'CLIENT_CERT_REJECTED',
          message:
            'the server hung up on the client certificate sent and refuses a connection without one: it does not accept this certificate',
        }
      : result;
  }
}

/**
 * A connection that carried a client certificate and closed without a word, in the handshake or before any
 * answer: what a server that refuses the certificate without a TLS alert (Node's, for one) looks like. In
 * TLS 1.3 the server judges the certificate after the client's handshake is done, so even an alert races
 * the request and the reset; kubectl then says "EOF" or "connection reset by peer".
 */
function hungUpOnCertificate(error: unknown, run: Run): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (
    code === 'ECONNRESET' &&
    (run.stage === 'tls' || run.stage === 'response') &&
    run.target.credential.presented.includes('client-certificate') &&
    !run.signal.aborted
  );
}

/**
 * The same handshake without the client certificate, and a request without any credential: a server that
 * then says it requires a certificate (TLS 1.3's certificate_required, TLS 1.2's handshake failure alert
 * from a server that got past it with one) refused the one sent, rather than dropping the connection.
 */
async function refusesWithoutCertificate(run: Run): Promise<boolean> {
  const tls = run.target.tls;
  if (!tls?.withoutClientCert) return false;
  const { key, server, proxy, secrets } = run.target;
  const target: ProbeTarget = {
    key,
    server,
    proxy,
    secrets,
    tls: { ...tls, secureContext: tls.withoutClientCert() },
    credential: { presented: [] },
  };
  try {
    await send({ ...run, target, stage: 'connect' }, STEPS[0] as Step);
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return CERT_REQUIRED.test(code) || HANDSHAKE_FAILURE.test(code);
  }
}

interface Resolved {
  timeoutMs: number;
  concurrency: number;
  now: () => number;
  env: ProxyEnv;
  roots: string[];
}

async function resolveOptions(options: ProbeOptions): Promise<Resolved> {
  const host = currentHost();
  const env = options.env ?? host.env;
  return {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    concurrency: Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY),
    now: options.now ?? Date.now,
    env,
    roots: await systemRoots(options.platform ?? host.platform, env),
  };
}

/** Probes one context of the snapshot. */
export async function probeContext(
  snapshot: Snapshot,
  contextName: string,
  options: Omit<ProbeOptions, 'concurrency' | 'enabled'> = {},
): Promise<ProbeResult> {
  const o = await resolveOptions(options);
  const target = resolveTarget(snapshot, contextName, { env: o.env, systemRoots: o.roots, now: o.now() });
  return 'state' in target ? target : probeTarget(target, o.timeoutMs, o.now);
}

/** What the server answered to one apiRequest: the status, the JSON body (core's only), the Status message scrubbed. */
export interface ApiAnswer {
  status: number;
  json?: Record<string, unknown>;
  /** A Status answer's message. */
  message?: string;
}

/**
 * One request to a context's API server, sent as the probe sends its own (kubectl's TLS
 * settings, proxy and credential) under one deadline: the CSR API of a certificate renewal.
 * Throws with one line when no answer came (or the context cannot send one).
 */
export async function apiRequest(
  snapshot: Snapshot,
  contextName: string,
  step: Step,
  options: Omit<ProbeOptions, 'concurrency' | 'enabled'> = {},
): Promise<ApiAnswer> {
  const o = await resolveOptions(options);
  const target = resolveTarget(snapshot, contextName, { env: o.env, systemRoots: o.roots, now: o.now() });
  if ('state' in target) throw new Error(`context ${contextName} cannot send a request (${target.reason})`);
  const run: Run = { target, signal: AbortSignal.timeout(o.timeoutMs), now: o.now, stage: 'connect' };
  try {
    const answer = await send(run, step);
    // The body stays in core (a certificate's base64 would not survive scrubbing); only the message may leave.
    const json = parseJson(answer.body);
    const message = json?.kind === 'Status' && typeof json.message === 'string' ? clean(json.message, target) : '';
    return { status: answer.status, ...(json ? { json } : {}), ...(message ? { message } : {}) };
  } catch (error) {
    const failure = failed(run, error, o.timeoutMs);
    throw new Error(`${step.method} ${step.path}: ${'message' in failure ? failure.message : failure.state}`, {
      cause: error,
    });
  }
}

/**
 * Probes every context of the snapshot, by context name. Contexts with the same
 * cluster and user share one probe; each probe has its own deadline, and a stalled
 * one gives its concurrency slot up, so a server that never answers holds up nobody.
 */
export async function probeAll(snapshot: Snapshot, options: ProbeOptions = {}): Promise<Map<string, ProbeResult>> {
  const o = await resolveOptions(options);
  const enabled = options.enabled ?? (() => true);
  const results = new Map<string, ProbeResult>();
  const byKey = new Map<string, { target: ProbeTarget; contexts: string[] }>();
  for (const name of snapshot.config.contexts.keys()) {
    if (!enabled(name)) {
      results.set(name, { state: 'skipped', reason: 'disabled' });
      continue;
    }
    const target = resolveTarget(snapshot, name, { env: o.env, systemRoots: o.roots, now: o.now() });
    if ('state' in target) results.set(name, target);
    else {
      const group = byKey.get(target.key) ?? { target, contexts: [] };
      group.contexts.push(name);
      byKey.set(target.key, group);
    }
  }
  const tasks = [...byKey.values()].map(({ target, contexts }) => async () => {
    const result = await probeTarget(target, o.timeoutMs, o.now);
    for (const name of contexts) results.set(name, result);
  });
  await runBounded(tasks, { limit: o.concurrency, holdMs: SLOT_HOLD_MS });
  // Map order = kubeconfig order, whatever order the probes finished in.
  return new Map([...snapshot.config.contexts.keys()].map((name) => [name, results.get(name) as ProbeResult]));
}
