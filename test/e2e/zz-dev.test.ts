// TEMPORARY dev harness (deleted before hand-off): a stand-in bridge until electron/core/dev-bridge.ts lands.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { it } from 'vitest';
import { chromium } from 'playwright-core';
import { checkOnce } from '../../electron/core/check';
import { cliExecPolicy } from '../../electron/core/exec-policy';
import { FixEngine } from '../../electron/core/fix-engine';
import { verificationOf } from '../../shared/fix-verification';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { writeE2eKubeconfig } from './support/kubeconfig';

it('dev', async () => {
  const now = Date.now();
  const kc = await writeE2eKubeconfig(now);
  const env = { PATH: process.env.PATH };
  const check = async () =>
    (
      await checkOnce({
        kubeconfig: kc.file,
        selection: { kind: 'all' } as never,
        now: Date.now(),
        offline: true,
        timeoutMs: 1000,
        env,
        homeDir: kc.dir,
        platform: 'linux',
        policy: cliExecPolicy,
      })
    ).report;
  let report = await check();
  const engine = new FixEngine({ env, homeDir: kc.dir, platform: 'linux', kubeconfig: kc.file });
  const clients = new Set<import('node:http').ServerResponse>();
  const send = (ev: string, data: unknown) => {
    for (const c of clients) c.write(`event: ${ev}\ndata: ${data === undefined ? '' : JSON.stringify(data)}\n\n`);
  };
  const handlers: Record<string, (b: any) => Promise<unknown>> = {
    'report:get': async () => report,
    'check:now': async () => {
      await new Promise((r) => setTimeout(r, 800));
      report = await check();
      return report;
    },
    'fix:run': async (ref) => engine.run(report, ref, (chunk) => send('fix:output', { ...ref, chunk })),
    'fix:undo': async (b) => engine.undo(b.undoId),
    'fix:verify': async (ref) => {
      report = await check();
      send('report:changed', undefined);
      return verificationOf(report, ref);
    },
    'settings:get': async () => DEFAULT_SETTINGS,
    'settings:set': async (s) => s,
    'plugins:list': async () => [
      {
        key: '["aws","eks","get-token"]',
        command: 'aws',
        args: ['eks', 'get-token', '--cluster-name', 'prod'],
        users: ['eks-admin'],
        approved: false,
      },
    ],
    'plugins:approve': async (b) => [
      {
        key: b.key,
        command: 'aws',
        args: ['eks', 'get-token', '--cluster-name', 'prod'],
        users: ['eks-admin'],
        approved: b.approved,
      },
    ],
    'login-item:get': async () => false,
    'login-item:set': async (b) => b.enabled,
    'notifications:test': async () => undefined,
    'finding:snooze': async () => undefined,
  };
  const root = '/tmp/kw-renderer';
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/api/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(':ok\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      let body = '';
      for await (const c of req) body += c;
      const h = handlers[url.pathname.slice(5)];
      const out = h ? await h(body ? JSON.parse(body) : undefined) : undefined;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(out === undefined ? '' : JSON.stringify(out));
      return;
    }
    const file = path.join(root, url.pathname === '/' ? 'index.html' : url.pathname);
    let data = await readFile(file).catch(() => undefined);
    if (!data) {
      res.writeHead(404);
      res.end();
      return;
    }
    if (file.endsWith('.html')) data = Buffer.from(data.toString().replace("connect-src 'none'", "connect-src 'self'"));
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html';
    res.writeHead(200, { 'content-type': type });
    res.end(data);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const out = '/tmp/kw-shots';
  for (const scheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, colorScheme: scheme });
    page.on('console', (m) => console.log('console', m.text()));
    page.on('pageerror', (e) => console.log('pageerror', e.message));
    await page.goto(`http://127.0.0.1:${port}/?token=x`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.screenshot({ path: `${out}/overview-${scheme}.png`, fullPage: true });
    if (scheme === 'dark') {
      await page.getByRole('navigation').getByRole('button', { name: 'Expiry timeline' }).click();
      await page.screenshot({ path: `${out}/timeline-dark.png`, fullPage: true });
      await page.getByRole('navigation').getByRole('button', { name: 'Overview' }).click();
      await page.getByRole('button', { name: 'Bearer token expires soon' }).first().click();
      await page.getByRole('button', { name: 'Run…' }).first().click().catch(() => {});
      await page.screenshot({ path: `${out}/finding-dark.png`, fullPage: true });
      break;
    }
    await page.getByRole('button', { name: 'Expiry timeline' }).click();
    await page.screenshot({ path: `${out}/timeline.png`, fullPage: true });
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await page.getByText('Used by').waitFor();
    await page.screenshot({ path: `${out}/settings.png`, fullPage: true });
    await page.getByRole('navigation').getByRole('button', { name: 'Overview' }).click();
    await page.getByRole('button', { name: 'Current context does not exist' }).click();
    await page.screenshot({ path: `${out}/finding.png`, fullPage: true });
    await page.getByRole('button', { name: 'Run…' }).click();
    await page.screenshot({ path: `${out}/wizard-confirm.png`, fullPage: true });
    await page.getByRole('button', { name: 'Yes, run it' }).click();
    await page.getByRole('button', { name: 'Undo' }).waitFor();
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('Fixed.').waitFor();
    await page.screenshot({ path: `${out}/fixed.png`, fullPage: true });
    await page.getByRole('navigation').getByRole('button', { name: 'Overview' }).click();
    await page
      .getByRole('button', { name: 'Certificate expired' })
      .first()
      .click()
      .catch(() => {});
    await page.screenshot({ path: `${out}/finding2.png`, fullPage: true });
  }
  await browser.close();
  server.close();
}, 120_000);
