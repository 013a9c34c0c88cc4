import { expect, test } from '@playwright/test';
import { snap } from './helpers.js';

test('bad input shows the field error and keeps the other edits', async ({ page }) => {
  await page.goto('/scenarios/new?preset=june-2026');
  const name = page.getByLabel('Scenario name');
  await name.fill('June 2026, our numbers');
  const tasks = page.getByTestId('workload-office').getByLabel('Tasks per month');
  await tasks.fill('550000');

  // A negative price: the error sits next to the field, in words.
  const price = page.getByTestId('offer-gpt-5.5').getByLabel('Input price');
  await price.fill('-5');
  const field = page
    .getByTestId('offer-gpt-5.5')
    .locator('[data-path="world.offers[1].priceUsdPerMTokens.input"]');
  await expect(field.getByTestId('field-error')).toHaveText(
    'Must be at least 0 USD per million input tokens.',
  );
  await expect(price).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('issue-summary')).toContainText(
    'Offer “OpenAI GPT-5.5” › input price',
  );

  // Not a number at all: still kept as typed, still explained.
  await price.fill('five');
  await expect(field.getByTestId('field-error')).toContainText(
    'Enter a number (USD per million input tokens).',
  );
  await expect(price).toHaveValue('five');

  // Running is refused while the scenario is invalid, and nothing else was lost.
  await page.getByRole('button', { name: 'Run simulation' }).click();
  await expect(page.getByTestId('issue-summary')).toHaveAttribute('role', 'alert');
  await expect(page.getByTestId('results')).toHaveCount(0);
  await expect(name).toHaveValue('June 2026, our numbers');
  await expect(tasks).toHaveValue('550000');
  await snap(page, '09-editor-field-error');

  // Fix the price; the error goes, the edits stay, undo steps back one change.
  await price.fill('6');
  await expect(page.getByTestId('field-error')).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(price).toHaveValue('five');
  await price.fill('6');
  await expect(page.getByTestId('field-error')).toHaveCount(0);

  // Cross-field checks: region shares that do not add up are reported on the section.
  const share = page.locator('#f-world-regions-0-demandShare');
  await share.fill('0.4');
  await expect(page.locator('#regions')).toContainText(
    'Region demand shares must add up to 1 (they add up to 1.1500).',
  );
  await share.fill('0.25');
  await expect(page.getByTestId('issue-summary')).toHaveCount(0);
  await expect(name).toHaveValue('June 2026, our numbers');

  // The JSON view round-trips with the form.
  await page.getByRole('button', { name: 'JSON', exact: true }).click();
  const json = page.getByTestId('json-editor');
  const text = await json.inputValue();
  const doc = JSON.parse(text) as {
    name: string;
    world: {
      workloads: { tasksPerMonth: number }[];
      offers: { priceUsdPerMTokens: { input: number } }[];
    };
  };
  expect(doc.name).toBe('June 2026, our numbers');
  expect(doc.world.workloads[0]?.tasksPerMonth).toBe(550000);
  expect(doc.world.offers[1]?.priceUsdPerMTokens.input).toBe(6);
  doc.name = 'Edited as JSON';
  await json.fill(JSON.stringify(doc, null, 2));
  await snap(page, '10-editor-json');
  await page.getByRole('button', { name: 'Form', exact: true }).click();
  await expect(name).toHaveValue('Edited as JSON');
  await expect(price).toHaveValue('6');

  // A reload keeps the draft.
  await page.waitForTimeout(500);
  await page.reload();
  await expect(page.getByText('Restored your unsaved changes')).toBeVisible();
  await expect(page.getByLabel('Scenario name')).toHaveValue('Edited as JSON');
  await expect(page.getByTestId('workload-office').getByLabel('Tasks per month')).toHaveValue(
    '550,000',
  );
});

test('adding an offer from the catalogue fills its prices', async ({ page }) => {
  await page.goto('/scenarios/new?preset=june-2026');
  const picker = page.getByLabel('Add an offer from the price catalogue');
  const option = picker.locator('option', { hasText: 'Gemini' }).first();
  const value = await option.getAttribute('value');
  const label = await option.innerText();
  expect(value).toBeTruthy();
  await picker.selectOption(value ?? '');
  await page.getByRole('button', { name: 'Add offer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'with catalogue prices' })).toBeVisible();
  const added = page.locator('[data-testid^="offer-"]').last();
  const prices = /\$([\d.]+) \/ \$([\d.]+)/.exec(label);
  expect(prices).not.toBeNull();
  await expect(added.getByLabel('Input price')).toHaveValue(String(Number(prices?.[1])));
  await expect(added.getByLabel('Output price')).toHaveValue(String(Number(prices?.[2])));
});
