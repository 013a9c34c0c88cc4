import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));
export const artifactsDir = path.join(here, 'artifacts');
mkdirSync(artifactsDir, { recursive: true });

/** Saves a full-page screenshot to tests/artifacts/<name>.png (kept for people to look at). */
export async function snap(page: Page, name: string): Promise<void> {
  // Let charts finish their layout (ResponsiveContainer measures after the first paint).
  await page.waitForTimeout(400);
  // Sticky toolbars would otherwise be drawn where the page happens to be scrolled to.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(100);
  await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
}

/** The expected total cost shown on each strategy's summary card, by strategy id. */
export async function summaryNumbers(page: Page): Promise<Record<string, string>> {
  const cards = page.locator('[data-testid^="summary-"]:not([data-testid="summary-cards"])');
  await cards.first().waitFor();
  const out: Record<string, string> = {};
  for (const card of await cards.all()) {
    const id = (await card.getAttribute('data-testid'))?.replace('summary-', '') ?? '';
    out[id] = (await card.innerText()).replace(/\s+/g, ' ').trim();
  }
  return out;
}
