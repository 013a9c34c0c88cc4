import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Locator, type Page } from '@playwright/test';

/**
 * Issue 11 §6: every download says what it was computed from (scenario name, runs, seed and
 * engine version) in its file name and inside the file, and CSV cells cannot start a formula.
 */

/** The iTXt (UTF-8) and tEXt text chunks of a PNG file, by keyword. */
function pngText(bytes: Buffer): Record<string, string> {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  const out: Record<string, string> = {};
  let at = 8;
  while (at < bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.subarray(at + 4, at + 8).toString('latin1');
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'iTXt') {
      const keyEnd = data.indexOf(0);
      // keyword \0, compression flag, method, language \0, translated keyword \0, text
      const langEnd = data.indexOf(0, keyEnd + 3);
      const transEnd = data.indexOf(0, langEnd + 1);
      out[data.subarray(0, keyEnd).toString('latin1')] = data
        .subarray(transEnd + 1)
        .toString('utf8');
    } else if (type === 'tEXt') {
      const keyEnd = data.indexOf(0);
      out[data.subarray(0, keyEnd).toString('latin1')] = data
        .subarray(keyEnd + 1)
        .toString('latin1');
    }
    if (type === 'IEND') break;
    at += 12 + length;
  }
  return out;
}

async function download(page: Page, button: Locator): Promise<Download> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return file;
}

test('PNG, SVG and CSV downloads carry the scenario, runs, seed and engine version', async ({
  page,
}) => {
  const preset = (await (await page.request.get('/api/v1/presets/pure-cost')).json()) as {
    scenario: { name: string; simulation?: Record<string, unknown> };
  };
  // A name a spreadsheet would run as a formula, with non-ASCII text, and a string seed.
  const name = '=SUM(A1) plan “Q3” for Zürich';
  const scenario = {
    ...preset.scenario,
    name,
    simulation: { ...preset.scenario.simulation, runs: 1500, seed: 'board-2026' },
  };
  const saved = await page.request.post('/api/v1/scenarios', { data: { scenario } });
  expect(saved.ok(), await saved.text()).toBe(true);
  const { id } = (await saved.json()) as { id: string };
  const health = (await (await page.request.get('/api/health')).json()) as {
    engineVersion: string;
  };
  const engine = health.engineVersion;
  expect(engine).toMatch(/^\d+\.\d+\.\d+/);

  await page.goto(`/s/${id}`);
  const fan = page.getByTestId('chart-monthly-cost');
  await expect(fan.locator('svg.recharts-surface').first()).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('result-meta')).toContainText(`engine ${engine}`);
  const stem = `sum-a1-plan-q3-for-z-rich__monthly-cost__1500-runs__seed-board-2026__engine-${engine}`;
  const caption = `${name} · 1,500 runs · seed board-2026 · engine ${engine}`;

  // CSV: the source in comment rows, then the data; no cell starts a formula.
  const csvFile = await download(page, fan.getByRole('button', { name: /as CSV/ }));
  expect(csvFile.suggestedFilename()).toBe(`${stem}.csv`);
  const csv = readFileSync(await csvFile.path(), 'utf8');
  const lines = csv.trimEnd().split('\n');
  expect(lines.slice(0, 5)).toEqual([
    `# scenario,'=SUM(A1) plan “Q3” for Zürich`,
    '# runs,1500',
    '# seed,board-2026',
    `# engine version,${engine}`,
    '# chart,Monthly cost',
  ]);
  expect(lines[5]).toMatch(/^Strategy,Month,/);
  expect(lines.length).toBeGreaterThan(6);
  for (const line of lines)
    for (const cell of line.split(',')) expect(cell).not.toMatch(/^"?[=+\-@\t\r][^\d.]/);

  // SVG: title and caption drawn at the top, and in <title>/<desc> for viewers.
  const svgFile = await download(page, fan.getByRole('button', { name: /as SVG/ }));
  expect(svgFile.suggestedFilename()).toBe(`${stem}.svg`);
  const svg = readFileSync(await svgFile.path(), 'utf8');
  expect(svg).toContain('<title>Monthly cost</title>');
  expect(svg).toContain(`<desc>${caption.replace(/"/g, '&quot;')}</desc>`);
  expect(svg).toMatch(new RegExp(`<text[^>]*>${escapeRegExp(caption)}</text>`));

  // PNG: the caption is drawn in; the same text is in the file's metadata.
  const pngFile = await download(page, fan.getByRole('button', { name: /as PNG/ }));
  expect(pngFile.suggestedFilename()).toBe(`${stem}.png`);
  const png = readFileSync(await pngFile.path());
  expect(pngText(png)).toEqual({
    Title: 'Monthly cost',
    Description: caption,
    Software: `Crosswind engine ${engine}`,
  });
  // The browser decodes it (the chunks are well-formed and their CRCs right).
  const decoded = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    return { width: img.naturalWidth, height: img.naturalHeight };
  }, png.toString('base64'));
  expect(decoded.width).toBeGreaterThan(400);
  expect(decoded.height).toBeGreaterThan(300);

  // A table-only card's CSV carries the same source rows.
  const economics = page.getByTestId('table-cost-per-successful-task-by-offer-and-workload');
  const tableCsv = await download(page, economics.getByRole('button', { name: /as CSV/ }));
  expect(tableCsv.suggestedFilename()).toBe(
    `sum-a1-plan-q3-for-z-rich__cost-per-successful-task-by-offer-and-workload__1500-runs__seed-board-2026__engine-${engine}.csv`,
  );
  expect(readFileSync(await tableCsv.path(), 'utf8')).toContain('# runs,1500\n');
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
