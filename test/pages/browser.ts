import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestTayori } from '../helpers/tayori.js';

/** Debian's Chromium (installed by .ci/run when missing); a browser is never downloaded. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * A sign-in link as the host application gets it, pointed at the test server (the configured public
 * URL has port 0 in tests, the server a real port).
 */
export async function signInUrl(t: TestTayori, userId: string, body?: { redirect?: string; locale?: 'ja' | 'en' }, key?: string): Promise<string> {
  const res = await t.api('POST', `/v1/users/${userId}/sign-in-links`, body, key);
  if (res.status !== 201) throw new Error(`sign-in link for ${userId}: ${res.status} ${JSON.stringify(res.body)}`);
  const url = new URL(res.body.url as string);
  return `${t.url}${url.pathname}${url.search}`;
}

export const SHOTS_DIR = join(process.cwd(), 'test-artifacts', 'screenshots');

/**
 * Saves the whole page at desktop width and at a 375 px phone width (test artifacts, looked at by people).
 * The viewport is made as tall as the page rather than capturing beyond it: Chromium's full-page
 * capture after a resize sometimes leaves a band unpainted (a field's error went missing that way).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  for (const [suffix, width, height] of [['desktop', 1280, 800], ['phone', 375, 740]] as const) {
    await page.setViewportSize({ width, height });
    const full = await page.locator('html').evaluate((e) => e.scrollHeight);
    await page.setViewportSize({ width, height: Math.max(height, full) });
    await page.screenshot({ path: join(SHOTS_DIR, `${name}-${suffix}.png`) });
  }
  await page.setViewportSize(size);
}

/** The text of the page's main region, whitespace collapsed. */
export async function mainText(page: Page): Promise<string> {
  return ((await page.getByRole('main').textContent()) ?? '').replace(/\s+/g, ' ');
}
