/* eslint-disable */
// TEMPORARY stand-in for electron/core/dev-bridge.ts (deleted before hand-off).
import { createServer, type ServerResponse } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkOnce } from '../../electron/core/check';
import { cliExecPolicy } from '../../electron/core/exec-policy';
import { FixEngine } from '../../electron/core/fix-engine';
import { verificationOf } from '../../shared/fix-verification';
import { DEFAULT_SETTINGS } from '../../shared/settings';

export async function startDevBridge(o: any) {
  const env = o.env;
  const check = async () => (await checkOnce({ kubeconfig: o.kubeconfig, selection: { kind: 'all' } as never, now: Date.now(), offline: true, timeoutMs: 1000, env, homeDir: o.homeDir, platform: o.platform, policy: cliExecPolicy })).report;
  let report = await check();
  let settings = DEFAULT_SETTINGS;
  const engine = new FixEngine({ env, homeDir: o.homeDir, platform: o.platform, kubeconfig: o.kubeconfig });
  const clients = new Set<ServerResponse>();
  const send = (ev: string, data: unknown) => { for (const c of clients) c.write(`event: ${ev}\ndata: ${data === undefined ? '' : JSON.stringify(data)}\n\n`); };
  const changed = async () => { report = await check(); send('report:changed', undefined); };
  const handlers: Record<string, (b: any) => Promise<unknown>> = {
    'report:get': async () => report,
    'check:now': async () => { report = await check(); send('report:changed', undefined); return report; },
    'fix:run': async (ref) => { const r = await engine.run(report, ref, (chunk) => send('fix:output', { ...ref, chunk })); await changed(); return r; },
    'fix:undo': async (b) => { const r = await engine.undo(b.undoId); await changed(); return r; },
    'fix:verify': async (ref) => { await changed(); return verificationOf(report, ref); },
    'settings:get': async () => settings,
    'settings:set': async (s) => { settings = s; await writeFile(o.settingsPath, JSON.stringify(s)); return s; },
    'plugins:list': async () => [],
    'plugins:approve': async () => [],
    'login-item:get': async () => false,
    'login-item:set': async (b) => b.enabled,
    'notifications:test': async () => undefined,
    'finding:snooze': async () => undefined,
  };
  const root = o.rendererDir;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/events') { res.writeHead(200, { 'content-type': 'text/event-stream' }); res.write(':ok\n\n'); clients.add(res); req.on('close', () => clients.delete(res)); return; }
    if (url.pathname.startsWith('/api/')) {
      let body = ''; for await (const c of req) body += c;
      const h = handlers[url.pathname.slice(5)];
      const out = h ? await h(body ? JSON.parse(body) : undefined) : undefined;
      res.writeHead(200, { 'content-type': 'application/json' }); res.end(out === undefined ? '' : JSON.stringify(out)); return;
    }
    const file = path.join(root, url.pathname === '/' ? 'index.html' : url.pathname);
    let data = await readFile(file).catch(() => undefined);
    if (!data) { res.writeHead(404); res.end(); return; }
    if (file.endsWith('.html')) data = Buffer.from(data.toString().replace("connect-src 'none'", "connect-src 'self'"));
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html';
    res.writeHead(200, { 'content-type': type }); res.end(data);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/?token=x`, close: () => { for (const c of clients) c.end(); server.close(); } };
}
