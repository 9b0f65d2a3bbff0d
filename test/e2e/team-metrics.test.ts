/**
 * Settings → Team metrics in Debian's Chromium against the real core through the dev bridge: off
 * at first, a URL with a password refused without showing it, then on with a real Pushgateway, and
 * the last push's result appearing after a check.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevBridge } from '../../electron/dev-bridge/server';
import { hostWith } from '../support/host';
import { startPushgateway } from '../support/prometheus';
import { launchChromium } from './support/browser';
import { writeE2eKubeconfig } from './support/kubeconfig';

const RENDERER = fileURLToPath(new URL('../../out/renderer', import.meta.url));

let bridge: { url: string; close(): Promise<void> | void };
let browser: Browser;

beforeAll(async () => {
  const kubeconfig = await writeE2eKubeconfig(Date.now());
  bridge = await startDevBridge({
    kubeconfig: kubeconfig.file,
    host: hostWith(kubeconfig.dir, { PATH: process.env.PATH ?? '', HOME: kubeconfig.dir }),
    statePath: path.join(kubeconfig.dir, 'state.json'),
    settingsPath: path.join(kubeconfig.dir, 'settings.json'),
    rendererDir: RENDERER,
    offline: true,
    log: () => undefined,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
});

async function callApi(channel: string): Promise<void> {
  const url = new URL(bridge.url);
  const response = await fetch(new URL(`/api/${channel}`, url), {
    method: 'POST',
    headers: { authorization: `Bearer ${url.searchParams.get('token') ?? ''}` },
    body: '',
  });
  await response.body?.cancel();
}

describe('Settings: team metrics', () => {
  it('is off by default, refuses a password in the URL, and shows the last push after a check', async () => {
    const gateway = await startPushgateway();
    const page: Page = await browser.newPage();
    await page.goto(bridge.url);
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    const enabled = page.getByRole('checkbox', { name: 'Push to a Pushgateway after each check' });
    expect(await enabled.isChecked()).toBe(false);
    expect(await page.getByTestId('last-push').textContent()).toBe('Nothing pushed yet.');

    await enabled.check();
    await page.getByLabel('Pushgateway URL').fill(gateway.url.replace('http://', 'http://team:kwE2ePassword5@'));
    await page.getByRole('button', { name: 'Apply team metrics' }).click();
    const refused = page.getByText(/^Not applied: /);
    await refused.waitFor();
    expect(await refused.textContent()).toContain('no user name or password in the URL');
    // The page's text (an input's value is not text): the refusal does not repeat the password.
    expect(await page.locator('body').innerText()).not.toContain('kwE2ePassword5');

    await page.getByLabel('Pushgateway URL').fill(gateway.url);
    await page.getByRole('button', { name: 'Apply team metrics' }).click();
    await page.getByText('Applied: the next check pushes.').waitFor();
    await callApi('check:now');
    await page.getByText(/^Last push .*: accepted\.$/).waitFor({ timeout: 15_000 });
    expect(await (await fetch(`${gateway.url}/metrics`)).text()).toContain('job="kubeward"');
    await page.close();
  });
});
