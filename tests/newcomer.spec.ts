import { expect, test } from '@playwright/test';
import { snap, summaryNumbers } from './helpers.js';

/**
 * Issue 4's newcomer path, in one browser session plus a fresh one for the shared link:
 * home -> June 2026 -> change one price -> run -> charts and numbers -> save & share ->
 * open the link in a new context (same numbers) -> fork -> compare strategies and scenarios.
 */
test('newcomer: preset, edit, run, share, reopen, fork, compare', async ({ page, browser }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('buying AI');
  const june = page.getByTestId('preset-june-2026');
  await expect(june).toBeVisible();
  // June 2026 comes first.
  await expect(page.getByTestId('preset-cards').locator('a').first()).toHaveAttribute(
    'data-testid',
    'preset-june-2026',
  );
  await snap(page, '01-home');
  await june.click();

  // Editor: change one price (GLM 5.2 on the Z.ai API, output).
  await expect(page).toHaveURL(/\/scenarios\/new\?preset=june-2026/);
  const glm = page.getByTestId('offer-glm-5.2-zai');
  const outputPrice = glm.getByLabel('Output price');
  await expect(outputPrice).toHaveValue('4.4');
  await outputPrice.fill('3.2');
  await expect(page.getByTestId('save-status')).toContainText('Unsaved changes');
  await expect(page.getByTestId('field-error')).toHaveCount(0);
  await snap(page, '02-editor');

  // Run, watch the progress bar, then the numbers and charts.
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await expect(page.getByRole('progressbar', { name: 'Simulation progress' })).toBeVisible();
  const results = page.getByTestId('results');
  await expect(results).toBeVisible({ timeout: 90_000 });
  const cards = await summaryNumbers(page);
  expect(Object.keys(cards).sort()).toEqual(['cn-api-only', 'hedge', 'incumbent', 'open-default']);
  for (const text of Object.values(cards)) {
    expect(text).toMatch(/Expected total cost \$[\d.,]+[KM]?/);
    expect(text).toMatch(/P\(over the \$[\d.]+[KM]? budget\) \d+\.\d%/);
    expect(text).toContain('Cost per successful task');
  }
  for (const title of [
    'monthly-cost',
    'distribution-of-total-cost',
    'share-of-demand-by-offer',
    'unserved-demand',
    'paired-difference-a-minus-b',
    'events-in-a-sample-world',
  ]) {
    const chart = page.getByTestId(`chart-${title}`);
    await expect(chart).toBeVisible();
    await expect(chart.locator('svg.recharts-surface').first()).toBeVisible();
    await expect(chart.getByRole('heading', { level: 3 })).not.toBeEmpty();
  }
  // The budget is marked on the distribution.
  await expect(page.getByTestId('chart-distribution-of-total-cost')).toContainText('Budget $3M');

  // Table view and downloads of one chart.
  const fan = page.getByTestId('chart-monthly-cost');
  await fan.getByRole('button', { name: 'Table' }).click();
  await expect(fan.locator('table')).toContainText('Median (USD)');
  await expect(fan.locator('tbody tr')).toHaveCount(4 * 24);
  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    fan.getByRole('button', { name: /as CSV/ }).click(),
  ]);
  expect(csv.suggestedFilename()).toMatch(
    /^june-2026-the-fable-5-ban-and-the-glm-5__monthly-cost__10000-runs__seed-2026__engine-[\d.]+\.csv$/,
  );
  await fan.getByRole('button', { name: 'Chart' }).click();
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    fan.getByRole('button', { name: /as PNG/ }).click(),
  ]);
  expect(png.suggestedFilename()).toMatch(
    /^june-2026-the-fable-5-ban-and-the-glm-5__monthly-cost__10000-runs__seed-2026__engine-[\d.]+\.png$/,
  );
  const [svg] = await Promise.all([
    page.waitForEvent('download'),
    fan.getByRole('button', { name: /as SVG/ }).click(),
  ]);
  expect(svg.suggestedFilename()).toMatch(
    /^june-2026-the-fable-5-ban-and-the-glm-5__monthly-cost__10000-runs__seed-2026__engine-[\d.]+\.svg$/,
  );

  // Compare two strategies on the same worlds.
  const paired = page.getByTestId('chart-paired-difference-a-minus-b');
  await paired.getByLabel('A', { exact: true }).selectOption('hedge');
  await paired.getByLabel('B', { exact: true }).selectOption('open-default');
  await expect(paired.getByTestId('paired-summary')).toContainText(
    /Hedge is cheaper than Open default in \d+(\.\d)?% of them/,
  );
  await snap(page, '03-editor-results');

  // Save & share.
  await page.getByRole('button', { name: 'Save & share' }).click();
  const shareUrl = await page.getByTestId('share-url').inputValue();
  expect(shareUrl).toMatch(/\/s\/[A-Za-z0-9_-]{16,}$/);

  // A fresh browser (no local storage, no cache) sees the same scenario and the same numbers.
  const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const other = await fresh.newPage();
  await other.goto(shareUrl);
  await expect(other.getByRole('heading', { level: 1 })).toContainText('June 2026');
  await expect(other.getByTestId('results')).toBeVisible({ timeout: 90_000 });
  expect(await summaryNumbers(other)).toEqual(cards);
  await expect(other.locator('table').first()).toContainText('$3.20');
  await snap(other, '04-share');

  // Fork and edit, change the budget-relevant price again, save: a new version with a parent.
  await other.getByRole('link', { name: 'Fork and edit' }).click();
  await expect(other).toHaveURL(/\/scenarios\/new\?fork=/);
  const hostPrice = other.getByTestId('offer-glm-5.2-us-host').getByLabel('Input price');
  await expect(hostPrice).toHaveValue('1.4');
  await hostPrice.fill('2.1');
  await other.getByRole('button', { name: 'Save & share' }).click();
  const forkUrl = await other.getByTestId('share-url').inputValue();
  expect(forkUrl).not.toBe(shareUrl);

  // Compare the two saved scenarios: the input diff and the deltas.
  await other.getByRole('link', { name: 'Compare with the original' }).click();
  await expect(other).toHaveURL(/\/compare\?ids=/);
  const diff = other.getByTestId('input-diff');
  await expect(diff).toContainText(
    'Offer “GLM 5.2 via a US host (Fireworks)” › price (USD per M tokens) › input',
  );
  await expect(diff).toContainText('2.1');
  await expect(other.getByTestId('delta-table')).toBeVisible({ timeout: 90_000 });
  await expect(other.getByTestId('delta-table').locator('tbody tr')).toHaveCount(8);
  await expect(
    other.getByTestId('chart-monthly-cost').locator('svg.recharts-surface'),
  ).toBeVisible();
  await snap(other, '05-compare');

  // Tablet width: the same pages stay usable.
  await other.setViewportSize({ width: 820, height: 1100 });
  await snap(other, '06-compare-tablet');
  await other.goto(shareUrl);
  await expect(other.getByTestId('results')).toBeVisible({ timeout: 90_000 });
  await snap(other, '07-share-tablet');
  await fresh.close();
});

test('an unknown share link shows a friendly 404', async ({ page }) => {
  const response = await page.goto('/s/this-link-does-not-exist');
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toContainText('could not find');
  await expect(page.getByRole('link', { name: 'Go to the home page' })).toBeVisible();
  await snap(page, '08-not-found');
});

test('tablet width: home, editor and results stay usable', async ({ page }) => {
  await page.setViewportSize({ width: 820, height: 1100 });
  await page.goto('/');
  await expect(page.getByTestId('preset-june-2026')).toBeVisible();
  await snap(page, '11-home-tablet');
  await page.goto('/scenarios/new?preset=june-2026');
  await page.getByLabel('Runs').fill('2000');
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await expect(page.getByTestId('results')).toBeVisible({ timeout: 90_000 });
  // Nothing wider than the window: no sideways scrolling at tablet width.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await snap(page, '12-editor-results-tablet');
});
