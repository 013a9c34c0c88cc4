/** Client-side downloads of chart data (CSV) and chart images (SVG, PNG). */
import { csvRow, toCsv, type CsvCell } from '@crosswind/schema';

// The CSV writer is shared with the CLI (it neutralises spreadsheet formulas in names).
export type { CsvCell };

/**
 * What a downloaded file was computed from, so that a chart pasted into a slide or a CSV
 * opened weeks later can be traced back and reproduced (same scenario + seed + runs + engine
 * version => same numbers).
 */
export interface ExportInfo {
  scenarioName: string;
  /** a number, or e.g. `2000/10000` when compared scenarios ran different counts */
  runs: number | string;
  seed: number | string;
  engineVersion: string;
}

/**
 * The source of a comparison's downloads: the scenarios' names, and their runs and seeds (one
 * value when they agree, each scenario's in order when they do not).
 */
export function comparisonExportInfo(
  scenarios: readonly { name: string; runs: number; seed: number | string }[],
  engineVersion: string,
): ExportInfo {
  const one = <T>(values: T[]): T | string =>
    values.every((v) => v === values[0]) && values[0] !== undefined
      ? values[0]
      : values.map(String).join('/');
  return {
    scenarioName: `Compare ${scenarios.map((s) => s.name).join(' vs ')}`,
    runs: one(scenarios.map((s) => s.runs)),
    seed: one(scenarios.map((s) => s.seed)),
    engineVersion,
  };
}

/** One line naming the source: `June 2026 · 10,000 runs · seed 2026 · engine 0.3.3`. */
export function exportCaption(info: ExportInfo): string {
  return [
    info.scenarioName || 'Untitled scenario',
    `${typeof info.runs === 'number' ? info.runs.toLocaleString('en-US') : info.runs} runs`,
    `seed ${String(info.seed)}`,
    `engine ${info.engineVersion}`,
  ].join(' · ');
}

/**
 * The file name of a download: scenario, chart, runs, seed and engine version, e.g.
 * `june-2026-the-fable-5-ban__monthly-cost__10000-runs__seed-2026__engine-0.3.3.csv`.
 * Without `info` (a page that is not about one result), just the chart.
 */
export function exportFileName(title: string, extension: string, info?: ExportInfo): string {
  if (!info) return `${slugify(title)}.${extension}`;
  const parts = [
    slugify(info.scenarioName).slice(0, 40).replace(/-$/, '') || 'scenario',
    slugify(title),
    `${String(info.runs).replace(/[^0-9]+/g, '-')}-runs`,
    `seed-${slugify(String(info.seed)) || '0'}`,
    `engine-${info.engineVersion.replace(/[^A-Za-z0-9.]+/g, '-')}`,
  ];
  return `${parts.join('__')}.${extension}`;
}

/**
 * A CSV document with the export's source in leading comment rows (`# scenario`, `# runs`,
 * `# seed`, `# engine version`, `# chart`), then the header line and the rows. Every cell,
 * the scenario's name included, goes through the shared writer, which neutralises formulas.
 * Read it back with e.g. pandas `read_csv(path, comment='#')`.
 */
export function csvWithSource(
  headers: readonly string[],
  rows: readonly (readonly CsvCell[])[],
  title: string,
  info?: ExportInfo,
): string {
  const source = info
    ? [
        ['# scenario', info.scenarioName],
        ['# runs', info.runs],
        ['# seed', String(info.seed)],
        ['# engine version', info.engineVersion],
        ['# chart', title],
      ]
    : [];
  return source.map((r) => csvRow(r)).join('') + toCsv(headers, rows);
}

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

const INLINE_PROPS = [
  'fill',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'opacity',
  'fill-opacity',
  'stroke-opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
];

let measure: CanvasRenderingContext2D | null = null;

/** Width of legend text in the exported image, measured with the same font. */
function textWidth(text: string): number {
  measure ??= document.createElement('canvas').getContext('2d');
  if (!measure) return text.length * 7;
  measure.font = '12px Inter, Arial, sans-serif';
  return measure.measureText(text).width;
}

export interface LegendEntry {
  label: string;
  color: string;
}

/**
 * Serialises a rendered chart as a standalone SVG: computed styles are inlined because the
 * page's stylesheet does not travel with the file, and a white background and the title (and
 * the export's source, when known) are added so the image stands on its own in a slide.
 */
export function serializeChartSvg(
  svg: SVGSVGElement,
  title: string,
  legend: readonly LegendEntry[] = [],
  info?: ExportInfo,
): { text: string; width: number; height: number } {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = svg.querySelectorAll('*');
  const dst = clone.querySelectorAll('*');
  src.forEach((el, i) => {
    const target = dst[i] as SVGElement | undefined;
    if (!target) return;
    const cs = getComputedStyle(el);
    const style = INLINE_PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
    target.setAttribute('style', style);
  });
  const box = svg.getBoundingClientRect();
  const width = Math.round(box.width);
  const caption = info ? exportCaption(info) : null;
  const pad = caption ? 50 : 32;
  const legendHeight = legend.length > 0 ? 28 : 0;
  const height = Math.round(box.height) + pad + legendHeight;
  const ns = 'http://www.w3.org/2000/svg';
  const out = document.createElementNS(ns, 'svg');
  out.setAttribute('xmlns', ns);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
  // <title> and <desc> name the image for screen readers and file viewers.
  const svgTitle = document.createElementNS(ns, 'title');
  svgTitle.textContent = title;
  out.appendChild(svgTitle);
  if (caption) {
    const desc = document.createElementNS(ns, 'desc');
    desc.textContent = caption;
    out.appendChild(desc);
  }
  const bg = document.createElementNS(ns, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  out.appendChild(bg);
  const heading = document.createElementNS(ns, 'text');
  heading.setAttribute('x', '12');
  heading.setAttribute('y', '22');
  heading.setAttribute(
    'style',
    'font-family:Inter,Arial,sans-serif;font-size:15px;font-weight:600;fill:#111827',
  );
  heading.textContent = title;
  out.appendChild(heading);
  if (caption) {
    const sub = document.createElementNS(ns, 'text');
    sub.setAttribute('x', '12');
    sub.setAttribute('y', '40');
    sub.setAttribute('style', 'font-family:Inter,Arial,sans-serif;font-size:12px;fill:#475467');
    sub.textContent = caption;
    out.appendChild(sub);
  }
  const g = document.createElementNS(ns, 'g');
  g.setAttribute('transform', `translate(0 ${pad})`);
  clone.removeAttribute('style');
  g.appendChild(clone);
  out.appendChild(g);
  let x = 12;
  const y = pad + Math.round(box.height) + 16;
  for (const entry of legend) {
    const sw = document.createElementNS(ns, 'rect');
    sw.setAttribute('x', String(x));
    sw.setAttribute('y', String(y - 9));
    sw.setAttribute('width', '10');
    sw.setAttribute('height', '10');
    sw.setAttribute('rx', '2');
    sw.setAttribute('fill', entry.color);
    out.appendChild(sw);
    const t = document.createElementNS(ns, 'text');
    t.setAttribute('x', String(x + 14));
    t.setAttribute('y', String(y));
    t.setAttribute('style', 'font-family:Inter,Arial,sans-serif;font-size:12px;fill:#344054');
    t.textContent = entry.label;
    out.appendChild(t);
    x += 14 + textWidth(entry.label) + 18;
  }
  return { text: new XMLSerializer().serializeToString(out), width, height };
}

export function downloadSvg(
  svg: SVGSVGElement,
  title: string,
  legend: readonly LegendEntry[] = [],
  info?: ExportInfo,
): void {
  const { text } = serializeChartSvg(svg, title, legend, info);
  downloadBlob(new Blob([text], { type: 'image/svg+xml' }), exportFileName(title, 'svg', info));
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG chunks use it (ISO 3309, the same as zlib's). */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (crcTable[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** An iTXt chunk (UTF-8 text, uncompressed): keyword, then the text. */
function itxtChunk(keyword: string, text: string): Uint8Array {
  const enc = new TextEncoder();
  // keyword \0, compression flag 0, method 0, empty language tag \0, empty translated keyword \0
  const data = new Uint8Array([...enc.encode(keyword), 0, 0, 0, 0, 0, ...enc.encode(text)]);
  const chunk = new Uint8Array(12 + data.length);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.length);
  chunk.set(enc.encode('iTXt'), 4);
  chunk.set(data, 8);
  view.setUint32(8 + data.length, crc32(chunk.subarray(4, 8 + data.length)));
  return chunk;
}

/**
 * Adds text metadata (PNG's standard `Title`, `Description`, `Software` keywords) after the
 * image header, so that the file says what it shows even when cropped.
 */
export function withPngText(png: Uint8Array, entries: readonly [string, string][]): Uint8Array {
  // 8-byte signature, then IHDR: 4 length + 4 type + 13 data + 4 CRC.
  const ihdrEnd = 8 + 25;
  const chunks = entries.map(([k, v]) => itxtChunk(k, v));
  const out = new Uint8Array(png.length + chunks.reduce((n, c) => n + c.length, 0));
  out.set(png.subarray(0, ihdrEnd), 0);
  let at = ihdrEnd;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  out.set(png.subarray(ihdrEnd), at);
  return out;
}

export async function downloadPng(
  svg: SVGSVGElement,
  title: string,
  legend: readonly LegendEntry[] = [],
  info?: ExportInfo,
): Promise<void> {
  const { text, width, height } = serializeChartSvg(svg, title, legend, info);
  const scale = 2;
  const img = new Image();
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('could not render the chart image'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = height * scale;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no canvas');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) return;
    const png = withPngText(new Uint8Array(await blob.arrayBuffer()), [
      ['Title', title],
      ...(info ? ([['Description', exportCaption(info)]] as [string, string][]) : []),
      ['Software', info ? `Crosswind engine ${info.engineVersion}` : 'Crosswind'],
    ]);
    downloadBlob(
      new Blob([png as BlobPart], { type: 'image/png' }),
      exportFileName(title, 'png', info),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function downloadCsv(
  headers: readonly string[],
  rows: readonly (readonly CsvCell[])[],
  title: string,
  info?: ExportInfo,
): void {
  downloadBlob(
    new Blob([csvWithSource(headers, rows, title, info)], { type: 'text/csv' }),
    exportFileName(title, 'csv', info),
  );
}
