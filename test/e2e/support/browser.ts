/**
 * An installed Chrome or Chromium driven by playwright-core, never a downloaded browser:
 * KUBEWARD_CHROMIUM, else Debian's chromium or the macOS apps (scripts/chromium.mjs).
 * Without one the window's tests fail loudly with the fix (npm run setup installs it
 * where it can), they do not skip.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium } from '../../../scripts/chromium.mjs';

const SCREENSHOTS = fileURLToPath(new URL('../../../test-output/screenshots', import.meta.url));

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

function screenshotPath(name: string): string {
  return path.join(SCREENSHOTS, `${name}.png`);
}

/** The whole page from the top: a full-page shot of a scrolled page paints the sticky header mid-page. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: screenshotPath(name), fullPage: true });
}
