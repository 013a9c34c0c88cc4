import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { snap, toolbarButton } from './helpers.js';

/**
 * Issue 11 in the browser, at a desktop and a phone width: saving moves the page to the saved
 * scenario (a reload shows it) with the link and a Copy button beside Save; forks keep their
 * lineage (a parent link, a list of forks); Compare asks the API's compareScenarios; a run
 * follows the server's progress over the tRPC subscription, and a cancelled run keeps the last
 * result, marked as such.
 */

const ID_URL = /\/s\/([A-Za-z0-9_-]{16,})\/edit$/;

function idOf(url: string): string {
  const id = ID_URL.exec(url)?.[1];
  if (!id) throw new Error(`not a saved scenario's editor URL: ${url}`);
  return id;
}

async function saveViaApi(request: APIRequestContext, name: string): Promise<string> {
  const preset = (await (await request.get('/api/v1/presets/pure-cost')).json()) as {
    scenario: Record<string, unknown>;
  };
  const res = await request.post('/api/v1/scenarios', {
    data: { scenario: { ...preset.scenario, name } },
  });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { id: string }).id;
}

/** Every procedure the page called over tRPC, in order. */
function watchProcedures(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (r) => {
    const m = /\/api\/trpc\/([^?]+)/.exec(r.url());
    if (m?.[1]) calls.push(...m[1].split(','));
  });
  return calls;
}

for (const [label, width] of [
  ['desktop', 1440],
  ['phone', 390],
] as const) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test(`${label}: save moves the URL to the saved scenario, a reload shows it, the link copies`, async ({
      page,
      context,
    }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      const calls = watchProcedures(page);
      await page.goto('/scenarios/new?preset=pure-cost');
      const name = `Saved plan at ${width} px`;
      await page.getByLabel('Scenario name').fill(name);
      // Save from far down the page: the link must appear where the button is, in view.
      await page.getByLabel('Runs').scrollIntoViewIfNeeded();
      await (await toolbarButton(page, 'Save & share')).click();
      await expect(page).toHaveURL(ID_URL);
      const id = idOf(page.url());
      const share = page.locator('.toolbar').getByTestId('share-url');
      await expect(share).toHaveValue(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/s/${id}$`));
      await expect(share).toBeInViewport();
      await expect(page.getByTestId('save-status')).toHaveText('Saved');
      expect(calls).toContain('scenario.save');
      await snap(page, `client-${label}-saved`);

      const copy = page.locator('.toolbar').getByRole('button', { name: 'Copy link' });
      await copy.click();
      await expect(page.locator('.toolbar').getByRole('button', { name: 'Copied' })).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
        await share.inputValue(),
      );

      // A reload shows the saved scenario, not the preset it started from.
      await page.reload();
      await expect(page.getByLabel('Scenario name')).toHaveValue(name);
      await expect(page.getByTestId('save-status')).toHaveText('Saved');
      await expect(page.locator('.toolbar').getByTestId('share-url')).toHaveValue(
        new RegExp(`/s/${id}$`),
      );

      // An edit hides the link (it no longer describes the page); saving makes a child version.
      await page.getByLabel('Scenario name').fill(`${name}, revised`);
      await expect(page.getByTestId('share-url')).toHaveCount(0);
      await (await toolbarButton(page, 'Save & share')).click();
      await expect(page).not.toHaveURL(new RegExp(`/s/${id}/edit$`));
      await expect(page).toHaveURL(ID_URL);
      const child = idOf(page.url());
      const parentLink = page.getByTestId('lineage-parent').getByRole('link').first();
      await expect(parentLink).toHaveAttribute('href', `/s/${id}`);
      await expect(parentLink).toContainText(name);
      expect(calls).toContain('scenario.fork');

      // The first version lists the revision among its forks.
      await page.goto(`/s/${id}`);
      await expect(page.getByTestId('fork-list').getByRole('link')).toHaveText([
        `${name}, revised`,
      ]);
      await expect(page.getByTestId('fork-list').getByRole('link')).toHaveAttribute(
        'href',
        `/s/${child}`,
      );
    });

    test(`${label}: a fork shows its parent, the parent lists it, compare uses compareScenarios`, async ({
      page,
      request,
    }) => {
      const calls = watchProcedures(page);
      const original = await saveViaApi(request, `Original at ${width} px`);
      await page.goto(`/s/${original}`);
      await expect(page.getByTestId('fork-list-note')).toContainText(
        'Only forks saved from this browser',
      );
      await page.getByRole('link', { name: 'Fork and edit' }).click();
      await expect(page).toHaveURL(/\/scenarios\/new\?fork=/);
      await expect(page.getByTestId('lineage-parent').getByRole('link').first()).toHaveAttribute(
        'href',
        `/s/${original}`,
      );
      const forkName = `Fork at ${width} px`;
      await page.getByLabel('Scenario name').fill(forkName);
      await (await toolbarButton(page, 'Save & share')).click();
      await expect(page).toHaveURL(ID_URL);
      const fork = idOf(page.url());
      await snap(page, `client-${label}-fork-saved`);

      // The parent's page lists the fork saved from this browser; its own page links back.
      await page.goto(`/s/${original}`);
      const forks = page.getByTestId('fork-list');
      await expect(forks.getByRole('link', { name: forkName })).toHaveAttribute(
        'href',
        `/s/${fork}`,
      );
      await expect(forks).toContainText('saved here');
      await snap(page, `client-${label}-parent-forks`);
      await page.goto(`/s/${fork}`);
      await expect(page.getByTestId('lineage-parent').getByRole('link').first()).toHaveAttribute(
        'href',
        `/s/${original}`,
      );

      // A fresh browser sees the fork's parent link but no forks: nothing from elsewhere leaks.
      const fresh = await page
        .context()
        .browser()
        ?.newContext({ viewport: { width, height: 900 } });
      if (!fresh) throw new Error('no browser');
      const other = await fresh.newPage();
      await other.goto(`/s/${original}`);
      await expect(other.getByTestId('lineage')).toContainText('None yet.');
      await fresh.close();

      // Compare the fork with its original: one compareScenarios call gives the outcomes.
      const compared = page.waitForResponse((r) =>
        r.url().includes('/api/trpc/simulation.compareScenarios'),
      );
      await page.getByRole('link', { name: 'Compare with the original' }).click();
      await expect(page).toHaveURL(`/compare?ids=${original},${fork}`);
      expect((await compared).ok()).toBe(true);
      await expect(page.getByTestId('input-diff')).toContainText(forkName);
      const table = page.getByTestId('delta-table');
      await expect(table).toBeVisible({ timeout: 90_000 });
      const strategies = (await (await request.get('/api/v1/presets/pure-cost')).json()) as {
        scenario: { strategies: unknown[] };
      };
      await expect(table.locator('tbody tr')).toHaveCount(
        2 * strategies.scenario.strategies.length,
      );
      await expect(
        page.getByTestId('chart-monthly-cost').locator('svg.recharts-surface'),
      ).toBeVisible({ timeout: 90_000 });
      expect(calls.filter((c) => c === 'simulation.compareScenarios')).toHaveLength(1);
      await snap(page, `client-${label}-compare`);
    });

    test(`${label}: a run follows the server's progress; a cancelled run keeps the last result`, async ({
      page,
    }) => {
      const calls = watchProcedures(page);
      await page.goto('/scenarios/new?preset=june-2026');
      // A seed of its own, so that neither run is in the server's result cache already.
      await page.getByLabel('Seed').fill(`progress-${width}-${Date.now()}`);
      await page.getByLabel('Runs').fill('1000');
      await page.getByRole('button', { name: 'Run simulation' }).click();
      await expect(page.getByTestId('results')).toBeVisible({ timeout: 90_000 });
      expect(calls).toContain('simulation.startJob');
      expect(calls).toContain('simulation.progress');
      const firstCost = await page.getByTestId('expected-total-cost').first().innerText();

      await page.getByLabel('Runs').fill('30000');
      await page.getByRole('button', { name: 'Run simulation' }).click();
      const bar = page.getByRole('progressbar', { name: 'Simulation progress' });
      // The bar follows the server's count of finished runs, pushed over the subscription.
      await expect(bar).toHaveAttribute('data-source', 'server', { timeout: 60_000 });
      const pct = Number(await bar.getAttribute('aria-valuenow'));
      expect(pct).toBeGreaterThan(0);
      expect(pct).toBeLessThan(100);
      await expect(page.getByTestId('previous-result-note')).toContainText(
        'A new run is under way',
      );

      await page.getByTestId('run-progress').getByRole('button', { name: 'Cancel' }).click();
      await expect(page.getByTestId('run-progress')).toHaveCount(0);
      await expect(page.getByTestId('previous-result-note')).toHaveText(
        /^Run cancelled — showing the previous result from \d\d:\d\d:\d\d\.$/,
      );
      await expect(page.getByTestId('results')).toBeVisible();
      await expect(page.getByTestId('expected-total-cost').first()).toHaveText(firstCost);
      await snap(page, `client-${label}-cancelled`);
      // The cancelled job's result, if it arrives, does not replace what is shown.
      await page.waitForTimeout(1500);
      await expect(page.getByTestId('previous-result-note')).toContainText('Run cancelled');
    });
  });
}

test('an error the server finds in a run shows at the field it names', async ({ page }) => {
  await page.goto('/scenarios/new?preset=june-2026');
  // Valid for the schema, but over the server's work budget: only the server can say so.
  await page.getByLabel('Runs').fill('200000');
  await expect(page.getByTestId('issue-summary')).toHaveCount(0);
  await page.getByRole('button', { name: 'Run simulation' }).click();
  const runs = page.locator('#simulation');
  await expect(runs.getByTestId('field-error')).toContainText('over the limit', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('issue-summary')).toContainText('Simulation settings');
  await expect(page.getByTestId('run-error')).toContainText('Simulation settings › number of runs');
  // Changing the field clears the server's complaint about the old value.
  await page.getByLabel('Runs').fill('2000');
  await expect(runs.getByTestId('field-error')).toHaveCount(0);
});
