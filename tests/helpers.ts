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

/**
 * A button of the editor's sticky toolbar. On phones the secondary actions (Save, Undo, the
 * Form/JSON switch) sit behind "More": it is opened first when the button is hidden.
 */
export async function toolbarButton(
  page: Page,
  name: string,
  exact = false,
): Promise<ReturnType<Page['getByRole']>> {
  const toolbar = page.getByTestId('toolbar');
  const button = toolbar.getByRole('button', { name, exact });
  if (!(await button.isVisible())) {
    await toolbar.getByRole('button', { name: 'More', exact: true }).click();
    await button.waitFor({ state: 'visible' });
  }
  return button;
}
