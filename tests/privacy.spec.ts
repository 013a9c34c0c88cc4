import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

/**
 * Issue 10 in the browser: pages run under a nonce-based Content-Security-Policy and still
 * hydrate; the lists of saved scenarios are this browser's own (the server lists nothing); and a
 * chart's CSV neutralises a strategy name that a spreadsheet would run as a formula.
 */

async function saveViaApi(request: APIRequestContext, name: string): Promise<string> {
  const preset = await request.get('/api/v1/presets/pure-cost');
  expect(preset.ok()).toBe(true);
  const body = (await preset.json()) as { scenario?: Record<string, unknown> } & Record<
    string,
    unknown
  >;
  const scenario = { ...(body.scenario ?? body), name };
  const res = await request.post('/api/v1/scenarios', { data: { scenario } });
  expect(res.ok(), await res.text()).toBe(true);
  return ((await res.json()) as { id: string }).id;
}

/** Records every CSP violation the page reports (the browser also logs them). */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportCspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation: (v: string) => void }).reportCspViolation(
        `${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  return violations;
}

test('pages carry a fresh CSP nonce, hydrate, and report no violations', async ({
  page,
  request,
}) => {
  const violations = await watchCsp(page);
  const id = await saveViaApi(request, 'CSP hydration check');
  const nonces: string[] = [];
  for (let i = 0; i < 2; i++) {
    const res = await page.goto(`/s/${id}`);
    const csp = res?.headers()['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    nonces.push(/'nonce-([^']+)'/.exec(csp)?.[1] ?? '');
    // The share link's origin is filled in by the browser after hydration.
    await expect(page.getByTestId('share-url')).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/s\//);
    // Results come from a client-side request, which only a hydrated page makes.
    await expect(page.getByTestId('results')).toBeVisible({ timeout: 90_000 });
  }
  expect(nonces[0]).not.toBe(nonces[1]);
  for (const path of ['/', '/scenarios/new?preset=june-2026', '/compare']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
  }
  // Client-side navigation still works (scripts loaded by nonced scripts, 'strict-dynamic').
  await page.getByRole('link', { name: 'New scenario' }).click();
  await expect(page.getByRole('button', { name: 'Run simulation' })).toBeVisible();
  expect(violations).toEqual([]);
});

test("lists show this browser's own saves, never anyone else's", async ({ page, request }) => {
  const theirs = await saveViaApi(request, 'Somebody else private plan');
  expect((await request.get('/api/v1/scenarios')).status()).toBe(403);

  // Save one scenario from this browser's editor.
  await page.goto('/scenarios/new?preset=pure-cost');
  await page.getByLabel('Scenario name').fill('My own saved plan');
  await page.getByRole('button', { name: 'Save & share' }).click();
  const shareUrl = await page.getByTestId('share-url').inputValue();
  const mine = shareUrl.split('/s/')[1] ?? '';
  expect(mine).not.toBe('');

  await page.goto('/');
  const list = page.getByTestId('recent-list');
  await expect(list).toContainText('My own saved plan');
  await expect(list).not.toContainText('Somebody else private plan');

  // The other person's share page offers only this browser's scenarios to compare with.
  await page.goto(`/s/${theirs}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Somebody else private');
  const options = await page.locator('#compare-with option').allInnerTexts();
  expect(options.some((o) => o.includes('My own saved plan'))).toBe(true);
  expect(options.some((o) => o.includes('Somebody else'))).toBe(false);

  // A fresh browser has an empty list, whatever others saved.
  const fresh = await page.context().browser()?.newContext();
  if (!fresh) throw new Error('no browser');
  const other = await fresh.newPage();
  await other.goto(`/s/${mine}`);
  await expect(other.getByRole('heading', { level: 1 })).toContainText('My own saved plan');
  const otherOptions = await other.locator('#compare-with option').allInnerTexts();
  expect(otherOptions).toEqual(['Choose…']);
  await other.goto('/');
  await expect(other.getByText('Nothing saved in this browser yet')).toBeVisible();
  await fresh.close();
});

test('a chart CSV neutralises a strategy name that starts a formula', async ({ page, request }) => {
  const preset = (await (await request.get('/api/v1/presets/pure-cost')).json()) as {
    scenario?: { strategies: { name: string }[] };
  };
  const scenario = preset.scenario as { strategies: { name: string }[]; name?: string };
  scenario.name = 'Formula names';
  const evil = '=HYPERLINK("http://evil.example/","open")';
  scenario.strategies.forEach((s, i) => (s.name = i === 0 ? evil : `@SUM(${i})`));
  const res = await request.post('/api/v1/scenarios', { data: { scenario } });
  const { id } = (await res.json()) as { id: string };
  await page.goto(`/s/${id}`);
  const fan = page.getByTestId('chart-monthly-cost');
  await expect(fan).toBeVisible({ timeout: 90_000 });
  await fan.getByRole('button', { name: 'Table' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    fan.getByRole('button', { name: /as CSV/ }).click(),
  ]);
  const csv = readFileSync(await download.path(), 'utf8');
  const lines = csv.trim().split('\n').slice(1);
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line).not.toMatch(/^"?[=+\-@\t\r]/);
  expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/"",""open"")"`);
  expect(csv).toContain("'@SUM(1)");
});
