import { toolbarButton } from './helpers.js';
import { expect, test, type Page } from '@playwright/test';

/**
 * Building a scenario without touching JSON: a new strategy with a split and a fallback, a
 * capacity cut, a price formula checked as you type, and a ban that an offer from the catalogue
 * escapes; then the run succeeds with the new strategy in the results. At desktop and phone
 * widths; screenshots go to $CROSSWIND_SCREENSHOTS (default /tmp) for people to look at.
 */

const shots = process.env.CROSSWIND_SCREENSHOTS ?? '/tmp';

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(200);
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: false });
}

for (const width of [1440, 390]) {
  test(`builds a strategy, a capacity cut and a price formula in forms at ${width} px`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
    await page.goto('/scenarios/new?preset=june-2026');
    await page.getByLabel('Runs', { exact: true }).fill('2000');

    // A new strategy: GPT-5.5 and GLM 5.2 on a US host split 70/30, then Gemini as fallback.
    await page.getByRole('button', { name: 'Add strategy' }).click();
    const strategy = page.getByTestId('strategy-strategy');
    await expect(strategy).toBeVisible();
    await strategy.getByLabel('Name', { exact: true }).fill('Split with a fallback');
    const route = strategy.getByTestId('route-4-0');
    await route.getByLabel('Primary 1', { exact: true }).selectOption('gpt-5.5');
    await route.getByRole('button', { name: 'Add primary offer (split)' }).click();
    await expect(route.getByTestId('primary-1').getByLabel('Weight')).toHaveValue('0.5');
    await route.getByLabel('Primary 2', { exact: true }).selectOption('glm-5.2-us-host');
    await route.getByTestId('primary-0').getByLabel('Weight').fill('0.7');
    await route.getByTestId('primary-1').getByLabel('Weight').fill('0.3');
    await route.getByRole('button', { name: 'Add fallback' }).click();
    await route.getByLabel('Fallback 1', { exact: true }).selectOption('gemini-3.1-pro');
    await expect(page.getByTestId('issue-summary')).toHaveCount(0);
    await strategy.scrollIntoViewIfNeeded();
    await shot(page, `forms-${width}-strategy`);

    // A capacity cut on the Z.ai API from month 2 for 3 months, 60% of capacity gone.
    await page.getByRole('button', { name: 'Add capacity cut' }).click();
    const cut = page.getByTestId('shock-capacity-cut');
    await cut.getByRole('button', { name: /^Edit shock/ }).click();
    await cut.getByLabel('Month', { exact: true }).fill('2');
    await cut.getByLabel('Duration', { exact: true }).fill('3');
    await cut.getByLabel('Capacity left').fill('0.4');
    const offersHit = cut.locator('[data-path="world.shocks[8].scope.offers"]');
    await offersHit.getByLabel('Anthropic Fable 5').uncheck();
    await offersHit.getByLabel('Zhipu GLM 5.2 (Z.ai API)').check();
    await expect(cut.getByTestId('scope-hits')).toHaveText('Hits now: Zhipu GLM 5.2 (Z.ai API).');
    await expect(cut).toContainText('at month 2 · 3 months');
    await cut.scrollIntoViewIfNeeded();
    await shot(page, `forms-${width}-capacity-cut`);

    // A price formula on GLM 5.2 via the US host: a plain-words error, then a preview.
    const glm = page.getByTestId('offer-glm-5.2-us-host');
    await glm.getByRole('button', { name: 'Details' }).click();
    await glm.getByLabel('Price over time').selectOption('formula');
    const formula = glm.getByLabel('Price factor formula');
    await formula.fill('0.95^');
    await expect(glm.getByTestId('field-error')).toHaveText(
      'This formula is unfinished: something is missing after “0.95^”.',
    );
    await expect(page.getByTestId('issue-summary')).toContainText('price formula');
    await glm.getByTestId('field-error').scrollIntoViewIfNeeded();
    await shot(page, `forms-${width}-formula-error`);
    await formula.fill('max(0.5, 0.95^month)');
    await expect(glm.getByTestId('field-error')).toHaveCount(0);
    await expect(glm.getByTestId('sparkline')).toContainText('1 → 0.5 over 24 months');
    await glm.getByTestId('sparkline').scrollIntoViewIfNeeded();
    await shot(page, `forms-${width}-formula`);

    // Fable 5 via AWS Bedrock (EU) from the catalogue escapes the offer-scoped Fable 5 ban.
    const picker = page.getByLabel('Add an offer from the price catalogue');
    const bedrockOption = picker.locator('option', { hasText: 'Fable 5 via AWS Bedrock (EU)' });
    await picker.selectOption((await bedrockOption.getAttribute('value')) ?? '');
    await page.getByRole('button', { name: 'Add offer' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'assumed outages' })).toContainText(
      'It is outside the ban “Fable 5 barred for non-US users”',
    );
    const bedrock = page.getByTestId('offer-claude-fable-5-bedrock-eu');
    await expect(bedrock.getByTestId('ban-escape')).toBeVisible();
    await bedrock.getByRole('button', { name: 'Details' }).click();
    await expect(bedrock.locator('.tag-warn', { hasText: 'assumed' }).first()).toBeVisible();
    await bedrock.getByTestId('ban-escape').scrollIntoViewIfNeeded();
    await shot(page, `forms-${width}-ban-escape`);
    await bedrock.getByRole('button', { name: 'Ban the model on every host instead' }).click();
    await expect(page.getByTestId('ban-escape')).toHaveCount(0);
    await expect(page.getByTestId('shock-fable-ban-non-us')).toContainText(
      'offers: Anthropic Fable 5, Anthropic Fable 5 via AWS Bedrock (EU)',
    );

    // The form and the JSON view agree.
    await (await toolbarButton(page, 'JSON', true)).click();
    const doc = JSON.parse(await page.getByTestId('json-editor').inputValue()) as {
      strategies: {
        id: string;
        routes: { primary: { offer: string; weight: number }[]; fallbacks: string[] }[];
      }[];
      world: { shocks: { id: string; kind: string; capacityFactor?: number }[] };
    };
    expect(doc.strategies[4]?.routes[0]).toEqual({
      primary: [
        { offer: 'gpt-5.5', weight: 0.7 },
        { offer: 'glm-5.2-us-host', weight: 0.3 },
      ],
      fallbacks: ['gemini-3.1-pro'],
    });
    expect(doc.world.shocks.find((s) => s.kind === 'capacityCut')?.capacityFactor).toBe(0.4);
    await page.getByRole('button', { name: 'Form', exact: true }).click();

    await page.getByRole('button', { name: 'Run simulation' }).click();
    await expect(page.getByTestId('results')).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId('summary-strategy')).toContainText('Split with a fallback');
    await page.getByTestId('summary-cards').scrollIntoViewIfNeeded();
    await shot(page, `forms-${width}-results`);
  });
}
