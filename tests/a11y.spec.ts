import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { snap } from './helpers.js';

/**
 * Issue 11 §5: every page passes axe (WCAG 2.1 A and AA rules) without a serious or critical
 * violation, at phone and desktop widths; at 390 px nothing overlaps and the sticky toolbar
 * stays small; scrollable tables take keyboard focus; the end of a run is announced.
 */

const WIDTHS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

async function saveScenario(page: Page, name: string): Promise<string> {
  const preset = (await (await page.request.get('/api/v1/presets/pure-cost')).json()) as {
    scenario: Record<string, unknown>;
  };
  const res = await page.request.post('/api/v1/scenarios', {
    data: { scenario: { ...preset.scenario, name } },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { id: string }).id;
}

/** Fails with a readable list of every serious or critical violation axe finds. */
async function expectNoSeriousViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const serious = results.violations.filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
  const report = serious.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').join(' ') ?? ''}`)
        .join('\n'),
  );
  expect(report, `${label}\n${report.join('\n')}`).toEqual([]);
}

/** Elements that must not overlap one another at this width: returns the pairs that do. */
async function overlaps(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const out: string[] = [];
    for (const group of Array.from(document.querySelectorAll(sel))) {
      const kids = Array.from(group.children).filter(
        (el) => (el as HTMLElement).offsetParent !== null,
      );
      for (let i = 0; i < kids.length; i++)
        for (let j = i + 1; j < kids.length; j++) {
          const a = kids[i]?.getBoundingClientRect();
          const b = kids[j]?.getBoundingClientRect();
          if (!a || !b) continue;
          const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (x > 1 && y > 1)
            out.push(`${group.getAttribute('data-testid') ?? sel}: child ${i} and child ${j}`);
        }
    }
    return out;
  }, selector);
}

/** The page is no wider than the window (no sideways scrolling of the whole page). */
async function expectNoHorizontalScroll(page: Page, width: number): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

for (const size of WIDTHS) {
  test(`axe finds nothing serious on any page at ${size.width} px`, async ({ page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: size.width, height: size.height });
    const a = await saveScenario(page, 'Accessibility check A');
    const b = await saveScenario(page, 'Accessibility check B');

    await page.goto('/');
    await expect(page.getByTestId('preset-cards')).toBeVisible();
    await expectNoSeriousViolations(page, 'home');
    await expectNoHorizontalScroll(page, size.width);
    await snap(page, `a11y-home-${size.width}`);

    await page.goto('/scenarios/new?preset=june-2026');
    await expect(page.getByTestId('preview')).toHaveAttribute('data-status', 'current', {
      timeout: 30_000,
    });
    await expectNoSeriousViolations(page, 'editor');
    await expectNoHorizontalScroll(page, size.width);
    // Offer names, price fields and buttons side by side never overlap.
    expect(await overlaps(page, '.offer-head')).toEqual([]);
    expect(await overlaps(page, '.toolbar-main')).toEqual([]);
    // The sticky toolbar (with the preview figures) takes a small part of the screen.
    const toolbar = await page.getByTestId('toolbar').boundingBox();
    expect(toolbar?.height ?? 0).toBeLessThan(size.height * (size.width < 500 ? 0.15 : 0.25));
    await snap(page, `a11y-editor-${size.width}`);

    // Results after a run; the end of the run is announced to screen readers.
    const run = page.getByRole('button', { name: 'Run simulation' });
    await run.click();
    await expect(page.getByTestId('results')).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId('run-announcer')).toHaveAttribute('aria-live', 'polite');
    await expect(page.getByTestId('run-announcer')).toContainText(
      /Simulation finished in [\d.]+ s: [\d,.K]+ runs, 4 strategies/,
    );
    await expectNoSeriousViolations(page, 'editor with results');
    await expectNoHorizontalScroll(page, size.width);
    expect(await overlaps(page, '.chart-head')).toEqual([]);
    await snap(page, `a11y-results-${size.width}`);

    await page.goto(`/s/${a}`);
    await expect(page.getByTestId('results')).toBeVisible({ timeout: 90_000 });
    await expectNoSeriousViolations(page, 'share page');
    await expectNoHorizontalScroll(page, size.width);
    await snap(page, `a11y-share-${size.width}`);

    await page.goto(`/compare?ids=${a},${b}`);
    await expect(page.getByTestId('delta-table')).toBeVisible({ timeout: 90_000 });
    await expectNoSeriousViolations(page, 'compare');
    await expectNoHorizontalScroll(page, size.width);
    await snap(page, `a11y-compare-${size.width}`);

    await page.goto('/compare');
    await expectNoSeriousViolations(page, 'compare picker');

    const missing = await page.goto('/s/this-link-does-not-exist');
    expect(missing?.status()).toBe(404);
    await expectNoSeriousViolations(page, 'not found');
    await snap(page, `a11y-not-found-${size.width}`);
  });
}

test('scrollable tables take keyboard focus and say what they hold', async ({ page }) => {
  const id = await saveScenario(page, 'Keyboard tables');
  await page.goto(`/s/${id}`);
  const fan = page.getByTestId('chart-monthly-cost');
  await expect(fan).toBeVisible({ timeout: 90_000 });
  await fan.getByRole('button', { name: 'Table' }).click();
  const region = fan.getByRole('region', { name: 'Monthly cost (table)' });
  await expect(region).toHaveAttribute('tabindex', '0');
  // Reached with Tab from the card's buttons (past the chart's own controls), then scrolled
  // with the keyboard.
  await fan.getByRole('button', { name: /as CSV/ }).focus();
  for (let i = 0; i < 6 && !(await region.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(region).toBeFocused();
  const before = await region.evaluate((el) => el.scrollTop);
  await page.keyboard.press('PageDown');
  await expect.poll(() => region.evaluate((el) => el.scrollTop)).toBeGreaterThan(before);
  // Every scrolling table on the page is focusable and named.
  const wraps = page.locator('.table-wrap');
  expect(await wraps.count()).toBeGreaterThan(1);
  for (const wrap of await wraps.all()) {
    await expect(wrap).toHaveAttribute('tabindex', '0');
    await expect(wrap).toHaveAttribute('aria-label', /\(table\)$/);
  }
});

test('on a phone the toolbar collapses behind More and opens on demand', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/scenarios/new?preset=june-2026');
  const toolbar = page.getByTestId('toolbar');
  const more = toolbar.getByRole('button', { name: 'More', exact: true });
  await expect(more).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save & share' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Run simulation' })).toBeVisible();
  await more.click();
  await expect(toolbar.getByRole('button', { name: 'Less', exact: true })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await expect(page.getByRole('button', { name: 'Save & share' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Undo' })).toBeVisible();
  expect(await overlaps(page, '.toolbar-main')).toEqual([]);
  await snap(page, 'a11y-toolbar-open-390');
  // At desktop width everything is on one row and there is no More button.
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(toolbar.getByRole('button', { name: /^(More|Less)$/ })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Save & share' })).toBeVisible();
});
