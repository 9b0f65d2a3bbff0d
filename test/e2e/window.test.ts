/**
 * The window in Debian's Chromium against the real core through the dev bridge. It starts
 * as a first launch with no kubeconfig (the welcome, the empty state), then "Choose a file…"
 * brings in a kubeconfig with an expired client certificate, a token that expires within the
 * day and a current-context that names no context. The tests run in order: the fix comes
 * after everything that looks at the broken file. Every screen is checked with axe at
 * 1280×800 and 420×640, light and dark, and photographed into test-output/screenshots/.
 */
import AxeBuilder from '@axe-core/playwright';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDevBridge } from '../../electron/dev-bridge/server';
import { RULE_BY_ID } from '../../shared/rules';
import { launchChromium, saveScreenshot } from './support/browser';
import { writeE2eKubeconfig, type E2eKubeconfig } from './support/kubeconfig';
import { hostWith } from '../support/host';

const RENDERER = fileURLToPath(new URL('../../out/renderer', import.meta.url));

let kubeconfig: E2eKubeconfig;
/** The kubeconfig the user picks in "Choose a file…"; the bridge's own path starts out missing. */
let chosen: string;
let bridge: { url: string; close(): Promise<void> | void };
let browser: Browser;
/** Every API answer the pages received: the secrets scan covers what reached the renderer, not only what it drew. */
const answers: string[] = [];
/** What the bridge logged: its notifications stand in for the desktop's, and are scanned for secrets too. */
const bridgeLog: string[] = [];
/** Script errors and failed loads in any page of the current test. */
let pageErrors: string[] = [];

type Scheme = 'light' | 'dark';
const SIZES = { wide: { width: 1280, height: 800 }, narrow: { width: 420, height: 640 } } as const;
type Size = keyof typeof SIZES;
const LOOKS = (['wide', 'narrow'] as const).flatMap((size) =>
  (['light', 'dark'] as const).map((scheme) => ({ size, scheme })),
);

/** `aborts`: the test cuts the page off from the core on purpose; the failed loads it logs are expected. */
async function openPage(scheme: Scheme = 'light', size: Size = 'wide', aborts = false): Promise<Page> {
  // A context of its own per page (axe injects itself through the context); it goes with the page.
  const context = await browser.newContext({ viewport: SIZES[size], colorScheme: scheme });
  const page = await context.newPage();
  // When the browser itself closes (afterAll), its contexts are gone already: nothing left to close.
  page.on('close', () => void context.close().catch(() => undefined));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (aborts && message.text() === 'Failed to load resource: net::ERR_FAILED') return;
    pageErrors.push(message.text());
  });
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/api/') && response.request().method() === 'POST') {
      void response.text().then(
        (body) => answers.push(body),
        () => undefined,
      );
    }
  });
  await page.goto(bridge.url);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

/** No serious or critical axe violation, no horizontal scrolling; then a full-page screenshot to look at. */
async function checkScreen(page: Page, screen: string, look: { size: Size; scheme: Scheme }): Promise<void> {
  // Legacy mode runs axe in the page itself: no extra blank page per run to merge frame results (the window
  // has no frames), which halves the time. Only violations are collected.
  const { violations } = await new AxeBuilder({ page })
    .setLegacyMode(true)
    .options({ resultTypes: ['violations'] })
    .analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `${screen} at ${look.size} ${look.scheme}`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${screen} at ${look.size}: horizontal scrolling`).toBeLessThanOrEqual(0);
  await saveScreenshot(page, `${screen}-${look.size}-${look.scheme}`);
}

function contextRows(page: Page) {
  return page.locator('.context-table tbody tr');
}

beforeAll(async () => {
  kubeconfig = await writeE2eKubeconfig(Date.now());
  chosen = path.join(kubeconfig.dir, 'downloaded-kubeconfig.yaml');
  await rename(kubeconfig.file, chosen);
  bridge = await startDevBridge({
    pickKubeconfig: () => Promise.resolve(chosen),
    kubeconfig: kubeconfig.file,
    host: hostWith(kubeconfig.dir, { PATH: process.env.PATH ?? '', HOME: kubeconfig.dir }),
    statePath: path.join(kubeconfig.dir, 'state.json'),
    settingsPath: path.join(kubeconfig.dir, 'settings.json'),
    rendererDir: RENDERER,
    offline: true,
    log: (line) => bridgeLog.push(line),
  });
  browser = await launchChromium();
});

afterEach(() => {
  const errors = pageErrors;
  pageErrors = [];
  expect(errors, 'errors in the page').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await bridge?.close();
});

describe('the window', () => {
  it.each(LOOKS)(
    'welcomes a first launch and, with no kubeconfig, says where it looked and how to get one ($size, $scheme)',
    async (look) => {
      const page = await openPage(look.scheme, look.size);
      const heading = page.getByRole('heading', { level: 1 });
      await expect.poll(() => heading.textContent()).toBe(`No kubeconfig found at ${kubeconfig.file}`);
      expect(await page.locator('.get-credentials code').allInnerTexts()).toEqual([
        'aws eks update-kubeconfig --name CLUSTER --region REGION',
        'gcloud container clusters get-credentials CLUSTER --location LOCATION',
        'az aks get-credentials --resource-group RESOURCE_GROUP --name CLUSTER',
      ]);
      expect(await page.getByRole('button', { name: 'Copy command' }).count()).toBe(3);
      expect(await page.locator('main').innerText()).not.toMatch(/0 contexts/);
      const welcome = page.getByRole('region', { name: 'Welcome to Kubeward' });
      expect(await welcome.innerText()).toMatch(/top bar or system tray/);
      await checkScreen(page, 'empty', look);
      await page.close();
    },
    120_000,
  );

  it('remembers the welcome once dismissed', async () => {
    const page = await openPage();
    await page.getByRole('button', { name: 'Got it' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Welcome to Kubeward' }).count()).toBe(0);
    const stored = JSON.parse(await readFile(path.join(kubeconfig.dir, 'settings.json'), 'utf8')) as {
      welcomed: boolean;
    };
    expect(stored.welcomed).toBe(true);
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('region', { name: 'Welcome to Kubeward' }).count()).toBe(0);
    await page.close();
  });

  it('copies a chosen kubeconfig where kubectl looks, owner-only, and checks it', async () => {
    const page = await openPage();
    await page.getByRole('button', { name: 'Choose a file…' }).click();
    await expect.poll(() => page.locator('#summary-heading').textContent()).toMatch(/^1 of 3 contexts has errors/);
    expect(await readFile(kubeconfig.file)).toEqual(await readFile(chosen));
    if (process.platform !== 'win32') {
      const { stat } = await import('node:fs/promises');
      expect((await stat(kubeconfig.file)).mode & 0o777).toBe(0o600);
    }
    await page.close();
  });

  it.each(LOOKS)(
    'passes axe on every screen and keeps each usable ($size, $scheme)',
    async (look) => {
      const page = await openPage(look.scheme, look.size);
      await page.locator('#summary-heading').waitFor();
      await checkScreen(page, 'overview', look);
      // "Check now" stays in reach at every width.
      expect(await page.getByRole('button', { name: 'Check now' }).isVisible()).toBe(true);
      if (look.size === 'narrow') {
        // Cards, not a table: each context's facts stacked in its own box.
        const row = contextRows(page).first();
        expect(await row.evaluate((tr) => getComputedStyle(tr).display)).toBe('block');
        expect(await row.innerText()).toMatch(/Client certificate/);
        expect(
          await row.locator('td[data-label="Credential"]').evaluate((td) => getComputedStyle(td, '::before').content),
        ).toBe('"Credential: "');
      }

      await page.locator('.problems').getByRole('button', { name: 'Client certificate expired' }).click();
      await page.getByRole('heading', { level: 1, name: 'Client certificate expired' }).waitFor();
      await page.getByText('Technical details').click();
      await checkScreen(page, 'finding', look);

      await page.getByRole('button', { name: '← Overview' }).click();
      await page.locator('.problems').getByRole('button', { name: 'Current context does not exist' }).click();
      await page.locator('.step').first().getByRole('button', { name: 'Run…' }).click();
      await page.getByRole('button', { name: 'Yes, run it' }).waitFor();
      await checkScreen(page, 'wizard', look);
      await page.getByRole('button', { name: 'Cancel' }).click();

      await page.getByRole('navigation').getByRole('button', { name: 'Expiry timeline' }).click();
      await page.locator('.timeline-table').waitFor();
      // The table alternative: every credential with an absolute date.
      expect(await page.locator('.timeline-table tbody th').allInnerTexts()).toEqual([
        'alpha-admin',
        'beta-deploy',
        'gamma-carol',
      ]);
      expect(await page.locator('.timeline-table time').first().innerText()).toMatch(/\d{4}/);
      expect(await page.locator('.chart-card').isVisible()).toBe(look.size === 'wide');
      await checkScreen(page, 'timeline', look);

      await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
      await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
      await page.getByRole('checkbox', { name: 'alpha' }).waitFor();
      await checkScreen(page, 'settings', look);
      await page.close();
    },
    120_000,
  );

  it.each(LOOKS)(
    'says the checker is not responding, marks the results stale, recovers on Try again ($size, $scheme)',
    async (look) => {
      const page = await openPage(look.scheme, look.size, true);
      await page.locator('#summary-heading').waitFor();
      const checkedAt = (await page.locator('.last-check time').getAttribute('datetime')) ?? '';
      await page.route('**/api/*', (route) => route.abort());
      await page.getByRole('button', { name: 'Check now' }).click();
      const banner = page.getByRole('alert');
      const clock = await page.evaluate(
        (iso) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }),
        checkedAt,
      );
      await expect
        .poll(() => banner.innerText())
        .toMatch(/^Kubeward's checker isn't responding\. Showing results from /);
      expect(await banner.innerText()).toContain(clock);
      const shown = await page.locator('body').innerText();
      expect(shown).not.toMatch(/Failed to fetch|Error invoking remote method/);
      // The header agrees: results from that time, not "Checked just now".
      expect(await page.locator('.last-check').innerText()).toMatch(/^Results from .* \(not current\)$/);
      expect(await page.locator('main.stale').count()).toBe(1);
      await checkScreen(page, 'error', look);
      await page.unroute('**/api/*');
      await banner.getByRole('button', { name: 'Try again' }).click();
      await expect.poll(() => page.getByRole('alert').count()).toBe(0);
      expect(await page.locator('.last-check').innerText()).toMatch(/^Checked /);
      await page.close();
    },
    120_000,
  );

  it('leads the overview with the three problems, worst first, in light and dark', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await openPage(scheme);
      await expect
        .poll(() => page.locator('#summary-heading').textContent())
        .toBe('1 of 3 contexts has errors, 1 has warnings · 1 problem in the kubeconfig itself');
      const problems = page.locator('.problems li');
      expect(await problems.allInnerTexts()).toEqual([
        expect.stringMatching(/Error\s+Current context does not exist\s+kubeconfig/),
        expect.stringMatching(/Error\s+Client certificate expired\s+context alpha-admin/),
        expect.stringMatching(/Warning\s+Bearer token expires soon\s+context beta-deploy/),
      ]);
      // Worst first after the current context (none here: it names no context).
      expect(await contextRows(page).locator('.context-name .name').allInnerTexts()).toEqual([
        'alpha-admin',
        'beta-deploy',
        'gamma-carol',
      ]);
      const alpha = contextRows(page).nth(0);
      expect(await alpha.innerText()).toMatch(/Error\s+alpha-admin[\s\S]*Client certificate[\s\S]*Expired 3 days ago/);
      // The chips count what the headline counts.
      const chips = page.getByRole('group', { name: 'Filter contexts by status' });
      expect(await chips.getByRole('button', { name: /^Errors/ }).innerText()).toMatch(/Errors\s+1/);
      expect(await chips.getByRole('button', { name: /^Warnings/ }).innerText()).toMatch(/Warnings\s+1/);
      await page.close();
    }
  });

  it('filters contexts by status and by search', async () => {
    const page = await openPage();
    const filters = page.getByRole('group', { name: 'Filter contexts by status' });
    await filters.getByRole('button', { name: /^Warnings/ }).click();
    expect(await contextRows(page).locator('.context-name .name').allInnerTexts()).toEqual(['beta-deploy']);
    await expect.poll(() => page.getByText('Showing 1 of 3 contexts').count()).toBe(1);
    await filters.getByRole('button', { name: /^All/ }).click();
    const search = page.getByRole('searchbox', { name: 'Search contexts' });
    await search.fill('gamma');
    expect(await contextRows(page).locator('.context-name .name').allInnerTexts()).toEqual(['gamma-carol']);
    // When the healthy certificate ends (in 60 days), and why: the context's "works until".
    expect(await contextRows(page).locator('td[data-label="Works until"]').innerText()).toMatch(
      /\(in (59|60) days\)\s+client certificate expires$/,
    );
    // Findings' titles are searched too.
    await search.fill('certificate expired');
    expect(await contextRows(page).locator('.context-name .name').allInnerTexts()).toEqual(['alpha-admin']);
    await search.fill('no-such-context');
    await expect.poll(() => page.getByText('No context matches.').count()).toBe(1);
    await page.close();
  });

  it('runs a check on "Check now" and shows when it finished', async () => {
    const page = await openPage();
    const before = await page.locator('.last-check time').getAttribute('datetime');
    await page.getByRole('button', { name: 'Check now' }).click();
    await expect.poll(() => page.locator('.last-check time').getAttribute('datetime')).not.toBe(before);
    expect(await page.getByRole('button', { name: 'Check now' }).isEnabled()).toBe(true);
    await page.close();
  });

  it('draws a mark per credential on the expiry timeline, expired at the left edge', async () => {
    const page = await openPage();
    await page.getByRole('navigation').getByRole('button', { name: 'Expiry timeline' }).click();
    const marks = page.locator('.timeline-chart .mark');
    expect(
      await marks.evaluateAll((els) => els.map((e) => [e.getAttribute('data-context'), e.getAttribute('class')])),
    ).toEqual([
      ['alpha-admin', 'mark mark-error'],
      ['beta-deploy', 'mark mark-warning'],
      ['gamma-carol', 'mark mark-ok'],
    ]);
    const x = (context: string) =>
      page.locator(`.mark[data-context="${context}"] .dot`).evaluate((dot) => dot.getBoundingClientRect().x);
    const nowX = await page.locator('.now-line').evaluate((line) => line.getBoundingClientRect().x);
    expect(await x('alpha-admin')).toBeLessThan(nowX);
    expect(await x('beta-deploy')).toBeGreaterThan(nowX);
    expect(await x('gamma-carol')).toBeGreaterThan(await x('beta-deploy'));
    // The default notification lead times, marked.
    expect(await page.locator('.threshold text').allTextContents()).toEqual(['14 d', '3 d', '1 d', '1 h']);
    await page.close();
  });

  it('shows settings with the clusters from the report', async () => {
    const page = await openPage();
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    for (const cluster of ['alpha', 'beta', 'gamma']) {
      expect(await page.getByRole('checkbox', { name: cluster }).isChecked()).toBe(true);
    }
    expect(await page.getByRole('spinbutton', { name: 'Lead time 1: amount' }).inputValue()).toBe('14');
    await page.getByRole('checkbox', { name: 'beta' }).uncheck();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    const stored = JSON.parse(await readFile(path.join(kubeconfig.dir, 'settings.json'), 'utf8')) as {
      probesOff: string[];
    };
    expect(stored.probesOff).toEqual(['beta']);
    await page.close();
  });

  it('reaches the wizard with the keyboard alone, with a visible focus', async () => {
    const page = await openPage();
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return { text: el?.innerText.trim() ?? '', outline: el ? getComputedStyle(el).outlineStyle : '' };
      });
    async function tabTo(text: string) {
      for (let i = 0; i < 40; i += 1) {
        await page.keyboard.press('Tab');
        const now = await focused();
        if (now.text === text) return now;
      }
      throw new Error(`Tab never reached "${text}"`);
    }
    expect((await tabTo('Current context does not exist')).outline).toBe('solid');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused()).text).toBe('Current context does not exist');
    await tabTo('Run…');
    await page.keyboard.press('Enter');
    // The confirmation takes the focus, and Escape backs out without running anything.
    await expect.poll(async () => (await focused()).text).toBe('Yes, run it');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.step').first().getAttribute('class')).toBe('step step-pending');
    await page.close();
  });

  it('fixes the dangling current-context through the wizard, verifies it, and undoes it byte for byte', async () => {
    const original = await readFile(kubeconfig.file);
    // A second window on the overview: report:changed must bring it the fixed state without a reload.
    const other = await openPage();
    const page = await openPage();
    await page.getByRole('button', { name: 'Current context does not exist' }).click();
    await page.getByRole('heading', { level: 1, name: 'Current context does not exist' }).waitFor();
    // The fix leads; the evidence waits under Technical details, with human labels.
    const wizardTop = await page.locator('.wizard').evaluate((el) => el.getBoundingClientRect().top);
    const detailsTop = await page.locator('details.technical').evaluate((el) => el.getBoundingClientRect().top);
    expect(wizardTop).toBeLessThan(detailsTop);
    expect(await page.locator('.evidence').isVisible()).toBe(false);
    await page.getByText('Technical details').click();
    expect(await page.locator('.evidence').innerText()).toMatch(/Current context\s+currentContext\s+alpha-admni/);
    // The rule's background text reached the window with the report.
    expect(await page.getByRole('complementary', { name: 'Why this happens' }).innerText()).toContain(
      RULE_BY_ID['context-missing'].meta.explanation,
    );

    const step = page.locator('.step').first();
    expect(await step.locator('.command code').innerText()).toBe('kubectl config use-context alpha-admin');
    // Which context is the user's call: a choice within the step, whose command follows it.
    const contexts = step.getByRole('combobox', { name: 'Context' });
    expect((await contexts.locator('option').allInnerTexts()).sort()).toEqual([
      'alpha-admin',
      'beta-deploy',
      'gamma-carol',
    ]);
    await contexts.selectOption('beta-deploy');
    await expect.poll(() => step.locator('.command code').innerText()).toBe('kubectl config use-context beta-deploy');
    await contexts.selectOption('alpha-admin');
    await step.getByRole('button', { name: 'Run…' }).click();
    expect(await step.locator('.confirm').innerText()).toContain('Sets current-context to “alpha-admin”');
    await step.getByRole('button', { name: 'Yes, run it' }).click();
    await step.getByRole('button', { name: 'Undo' }).waitFor();
    expect(await step.locator('.result').innerText()).toContain('alpha-admin');
    // The focus followed to what happened.
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe('results');

    await page.getByRole('button', { name: 'Verify' }).click();
    await page.locator('.verdict-fixed').waitFor();
    expect(await page.locator('.verdict-fixed').innerText()).toMatch(/^Fixed\./);
    // The status updated, and the next problem is one click away.
    const fixed = page.locator('.fixed-banner');
    expect(await fixed.innerText()).toMatch(/no longer finds this problem/);
    expect(
      await fixed.getByRole('button', { name: /^Next problem: Client certificate expired \(alpha-admin\)$/ }).count(),
    ).toBe(1);
    await saveScreenshot(page, 'fixed-wide-light');

    // Exactly the one line changed: comments, order and every other byte kept; the old file backed up.
    const written = await readFile(kubeconfig.file, 'utf8');
    expect(written).toBe(
      original.toString('utf8').replace('current-context: alpha-admni\n', 'current-context: alpha-admin\n'),
    );
    const backups = (await readdir(kubeconfig.dir)).filter((name) => /^config\.kubeward-.*\.bak$/.test(name));
    expect(backups).toHaveLength(1);
    expect(await readFile(path.join(kubeconfig.dir, backups[0] as string))).toEqual(original);

    await expect
      .poll(() => other.locator('#summary-heading').textContent())
      .toBe('1 of 3 contexts has errors, 1 has warnings');
    expect(await contextRows(other).first().innerText()).toMatch(/alpha-admin\s*current/);
    await other.close();

    await step.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => step.getAttribute('class')).toBe('step step-pending');
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe('results');
    expect(await readFile(kubeconfig.file)).toEqual(original);
    // The verdict belonged to the undone fix.
    expect(await page.locator('.verdict-fixed').count()).toBe(0);
    await page.close();
  });

  it('asks which way to fix an expired certificate first, then shows that path alone', async () => {
    const page = await openPage();
    await page.getByRole('button', { name: 'Client certificate expired' }).first().click();
    const choice = page.getByRole('group', { name: 'Which way fits?' });
    await choice.waitFor();
    // No other context reaches cluster alpha: kubeadm on a control-plane node, or an admin; no step before the choice.
    expect(await choice.getByRole('button').allInnerTexts()).toEqual([
      'kubeadm: renew on a control-plane node',
      'Ask an admin',
    ]);
    expect(await page.locator('.step').count()).toBe(0);
    await saveScreenshot(page, 'wizard-paths');
    await choice.getByRole('button', { name: 'Ask an admin' }).click();
    expect(await page.locator('.step:not(.step-verify) .step-title').allInnerTexts()).toEqual([
      'Create a new private key and a signing request for /CN=alice',
      'A cluster admin submits it as a CertificateSigningRequest (alpha-admin no longer authenticates)',
      'A cluster admin approves it',
      'Save the signed certificate and store it in user alice',
    ]);
    expect(await page.locator('.step .command code').nth(2).innerText()).toMatch(
      /^kubectl --context \S+ certificate approve alice-alice$/,
    );
    await page.getByRole('button', { name: 'Choose another way' }).click();
    await choice.waitFor();
    expect(await page.locator('.step').count()).toBe(0);
    await page.close();
  });

  it('snoozes a finding from its page', async () => {
    const page = await openPage();
    await page.locator('.problems').getByRole('button', { name: 'Bearer token expires soon' }).click();
    const snooze = page.getByRole('group', { name: 'Snooze notifications for this finding' });
    await snooze.getByRole('button', { name: 'Until the credential changes' }).click();
    await snooze.getByText('Snoozed until the credential changes.').waitFor();
    expect(
      await snooze.getByRole('button', { name: 'Until the credential changes' }).getAttribute('aria-pressed'),
    ).toBe('true');
    await page.close();
  });

  it('focuses Cancel when a delete asks to confirm, and Escape or Cancel leaves the file as it was', async () => {
    const original = await readFile(kubeconfig.file, 'utf8');
    // A context whose cluster is gone: context-dangling offers to delete it.
    const stale = '- name: stale\n  context:\n    cluster: decommissioned\n    user: alice\n';
    const withStale = original.replace('# kubectl fails on this one', `${stale}# kubectl fails on this one`);
    expect(withStale).not.toBe(original);
    await writeFile(kubeconfig.file, withStale);
    const page = await openPage();
    try {
      await page.getByRole('button', { name: 'Check now' }).click();
      const problem = page.locator('.problems').getByRole('button', { name: 'Context names an undefined cluster' });
      await problem.click();
      await page.getByRole('heading', { level: 1, name: 'Context names an undefined cluster' }).waitFor();
      // Deleting is one of two ways, never a step of the other: it shows once the user picks it.
      const choice = page.getByRole('group', { name: 'Which way fits?' });
      await choice.waitFor();
      expect(await choice.getByRole('button').allInnerTexts()).toEqual(['Point it at a cluster', 'Delete the context']);
      expect(await page.locator('.step').count()).toBe(0);
      await saveScreenshot(page, 'dangling-paths-wide-light');
      await choice.getByRole('button', { name: 'Delete the context' }).click();
      const step = page.locator('.step').filter({ hasText: `Delete context stale from ${kubeconfig.file}` });
      expect(await step.locator('.command code').innerText()).toBe(
        `kubectl config --kubeconfig ${kubeconfig.file} delete-context stale`,
      );
      const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText.trim());
      for (const backOut of ['Escape', 'Cancel'] as const) {
        await step.getByRole('button', { name: 'Run…' }).click();
        // Enter on the first focused button must not delete: Cancel has the focus, the delete is marked danger.
        await expect.poll(focused).toBe('Cancel');
        expect(await step.locator('.confirm').innerText()).toContain(
          `Removes context “stale” from ${kubeconfig.file}.`,
        );
        expect(await step.getByRole('button', { name: 'Yes, run it' }).getAttribute('class')).toBe('button danger');
        if (backOut === 'Escape') {
          await saveScreenshot(page, 'delete-confirm-wide-light');
          await page.keyboard.press('Escape');
        } else await step.getByRole('button', { name: 'Cancel' }).click();
        await expect.poll(() => step.locator('.confirm').count()).toBe(0);
        expect(await step.getAttribute('class')).toBe('step step-pending');
        expect(await readFile(kubeconfig.file, 'utf8')).toBe(withStale);
      }
    } finally {
      await page.close();
      await writeFile(kubeconfig.file, original);
    }
  });

  it('never puts a secret in the page or in what the page was sent', async () => {
    const page = await openPage();
    const html: string[] = [await page.content()];
    for (const title of ['Client certificate expired', 'Bearer token expires soon']) {
      await page.getByRole('navigation').getByRole('button', { name: 'Overview' }).click();
      await page.locator('.problems').getByRole('button', { name: title }).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      html.push(await page.content());
    }
    await page.getByRole('navigation').getByRole('button', { name: 'Expiry timeline' }).click();
    html.push(await page.content());
    await page.close();
    expect(answers.length).toBeGreaterThan(5);
    expect(bridgeLog.some((line) => line.includes('Client certificate expired'))).toBe(true);
    const seen = [...html, ...answers, ...bridgeLog].join('\n');
    expect(seen).toContain('alpha-admin');
    for (const secret of kubeconfig.secrets) expect(seen).not.toContain(secret);
  });
});
