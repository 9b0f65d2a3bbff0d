/**
 * The dev bridge: the window's typed API over loopback HTTP, so the renderer runs in a
 * plain browser (Chromium in the tests, any browser while developing) against the real
 * core. POST /api/<channel> with the request as JSON answers what the IPC handler
 * answers; GET /api/events streams the IPC events as Server-Sent Events; everything
 * else is the built renderer. It listens on 127.0.0.1 only, answers only its own Host,
 * and every API call needs the per-start token the printed URL carries.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { alertLine } from '../../shared/alerts/line';
import type { Host } from '../../shared/host';
import { CHANNELS, dispatch, IpcPayloadError, type Channel } from '../../shared/ipc';
import type { MonitorPlatform } from '../../shared/monitor';
import type { EventSink, LoginItem } from '../core/desktop/api';
import { xdgLoginItem } from '../core/desktop/autostart-file';
import { openDesktopCore } from '../core/desktop/desktop';
import { errorLine } from '../../shared/error-line';
import { DEFAULT_TIMEOUT_MS } from '../../shared/defaults';

export interface DevBridgeOptions {
  kubeconfig?: string;
  host: Host;
  statePath: string;
  settingsPath: string;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  offline: boolean;
  timeoutMs?: number;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Where "Start at login" writes; defaults to the XDG entry under the host's config dir. */
  loginItem?: LoginItem;
  /** What "Choose a file…" picks: a browser has no native dialog; tests pass a file, undefined cancels. */
  pickKubeconfig?: () => Promise<string | undefined>;
  /** Notifications and log lines; the dev bridge has no tray. */
  log?: (line: string) => void;
}

export interface DevBridge {
  /** The page to open, token included. */
  url: string;
  close(): Promise<void>;
}

/** The renderer's own CSP forbids every connection; in the bridge it may reach its own origin. */
const RENDERER_CSP_CONNECT = "connect-src 'none'";
const MAX_BODY = 64 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sameSecret(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, `request body over ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'request body is not JSON');
  }
}

/** A request for `/%zz` is the client's mistake (400), not the server's. */
function decodePath(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new HttpError(400, 'malformed URL: bad percent-encoding');
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(body === undefined ? '' : JSON.stringify(body));
}

function isChannel(name: string): name is Channel {
  return (CHANNELS as string[]).includes(name);
}

export async function startDevBridge(options: DevBridgeOptions): Promise<DevBridge> {
  const log = options.log ?? ((line: string) => console.log(`kubeward dev bridge: ${line}`));
  const token = randomBytes(32).toString('base64url');
  const streams = new Set<ServerResponse>();
  const emit: EventSink = (channel, payload) => {
    const data = payload === undefined ? '' : JSON.stringify(payload);
    for (const stream of streams) stream.write(`event: ${channel}\ndata: ${data}\n\n`);
  };
  const ui: MonitorPlatform = {
    showTray: () => undefined,
    notify: (alert) => log(alertLine(alert, false)),
    openWindow: (target) => {
      if (target) emit('window:open-finding', target);
    },
  };
  const { monitor, handlers } = await openDesktopCore({
    kubeconfig: options.kubeconfig,
    host: options.host,
    offline: options.offline,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    statePath: options.statePath,
    settingsPath: options.settingsPath,
    ui,
    loginItem: options.loginItem ?? xdgLoginItem({ ...options.host, execPath: process.execPath }),
    emit,
    version: 'dev-bridge',
    log,
    pickKubeconfig: options.pickKubeconfig ?? (() => Promise.resolve(undefined)),
  });

  const rendererDir = path.resolve(options.rendererDir);

  async function serveFile(pathname: string, response: ServerResponse): Promise<void> {
    const relative = pathname === '/' ? 'index.html' : decodePath(pathname.slice(1));
    const file = path.resolve(rendererDir, relative);
    if (!file.startsWith(rendererDir + path.sep)) throw new HttpError(404, 'not found');
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch {
      throw new HttpError(404, 'not found');
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    if (file.endsWith('.html')) {
      const html = data.toString('utf8');
      if (!html.includes(RENDERER_CSP_CONNECT)) throw new HttpError(500, `${file} lacks the expected CSP`);
      data = Buffer.from(html.replace(RENDERER_CSP_CONNECT, "connect-src 'self'"));
    }
    response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    response.end(data);
  }

  function openEvents(url: URL, request: IncomingMessage, response: ServerResponse): void {
    if (!sameSecret(url.searchParams.get('token'), token)) throw new HttpError(401, 'missing or wrong token');
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    response.write(':connected\n\n');
    streams.add(response);
    request.on('close', () => streams.delete(response));
  }

  async function answerApi(channel: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST') throw new HttpError(405, 'API calls are POST');
    const authorization = request.headers.authorization ?? '';
    if (!sameSecret(authorization.replace(/^Bearer /, ''), token)) throw new HttpError(401, 'missing or wrong token');
    if (!isChannel(channel)) throw new HttpError(404, `no channel ${channel}`);
    const payload = await readBody(request);
    try {
      send(response, 200, await dispatch(handlers, channel, payload));
    } catch (error) {
      if (error instanceof IpcPayloadError) throw new HttpError(400, error.message);
      throw error;
    }
  }

  const server = createServer((request, response) => {
    void (async () => {
      const { port } = server.address() as AddressInfo;
      // A page on another name that resolves to 127.0.0.1 (DNS rebinding) is not ours.
      if (request.headers.host !== `127.0.0.1:${port}`) throw new HttpError(421, 'unexpected Host');
      const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
      if (url.pathname === '/api/events') return openEvents(url, request, response);
      if (url.pathname.startsWith('/api/')) return answerApi(url.pathname.slice('/api/'.length), request, response);
      if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpError(405, 'read only');
      return serveFile(url.pathname, response);
    })().catch((error: unknown) => {
      if (response.headersSent) return response.destroy();
      send(response, error instanceof HttpError ? error.status : 500, { error: errorLine(error) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await monitor.start();
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    async close() {
      for (const stream of streams) stream.end();
      await monitor.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
