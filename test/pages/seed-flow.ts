import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { mainText, screenshot } from './browser.js';

/** How one service's settings page is filled in the seed flow (the rest of the flow is the same for all). */
export interface ServiceFlow {
  /** The service's name as the pages show it (the gear's and the checkbox's accessible names use it). */
  label: string;
  fill(page: Page): Promise<void>;
}

export interface SeedFlowOptions {
  /** The kind to tick on 通知設定 (its Japanese label). */
  kindLabel: string;
  /** Save screenshots of each screen under this name prefix. */
  screenshots?: string;
}

/**
 * Seed 000, screen by screen, from the 通知設定 top page a sign-in link opened: 外部サービス設定 →
 * the service's gear → 連携の状態「有効にする」 → the fields → 保存 → 通知設定に戻る → tick the kind → 保存.
 * Every step finds its control by role and accessible name, so the names are tested too.
 */
export async function runSeedFlow(page: Page, flow: ServiceFlow, options: SeedFlowOptions): Promise<void> {
  const shot = async (name: string) => {
    if (options.screenshots) await screenshot(page, `${options.screenshots}-${name}`);
  };
  await page.getByRole('heading', { level: 1, name: '通知設定' }).waitFor();
  await shot('1-top-before');

  await page.getByRole('main').getByRole('link', { name: '外部サービス設定', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: '外部サービス設定' }).waitFor();
  await shot('2-services-before');

  await page.getByRole('link', { name: flow.label }).click();
  await page.getByRole('heading', { level: 1, name: `${flow.label}の設定` }).waitFor();
  await shot('3-service-empty');

  await page.getByLabel('有効にする').check();
  await flow.fill(page);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByRole('status').filter({ hasText: `${flow.label}の設定を保存しました` }).waitFor();
  await shot('4-service-saved');

  await page.getByRole('link', { name: '通知設定に戻る' }).click();
  await page.getByRole('heading', { level: 1, name: '通知設定' }).waitFor();
  const checkbox = page.getByRole('checkbox', { name: `${flow.label}: ${options.kindLabel}` });
  await checkbox.check();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByRole('status').filter({ hasText: '通知設定を保存しました' }).waitFor();
  expect(await checkbox.isChecked()).toBe(true);
  expect(await mainText(page)).not.toContain('エラー');
  await shot('5-top-after');
}
