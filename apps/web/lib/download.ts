/** Client-side downloads of chart data (CSV) and chart images (SVG, PNG). */
import { toCsv, type CsvCell } from '@crosswind/schema';

// The CSV writer is shared with the CLI (it neutralises spreadsheet formulas in names).
export type { CsvCell };

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

/**
 * Serialises a rendered chart as a standalone SVG: computed styles are inlined because the
 * page's stylesheet does not travel with the file, and a white background and the title are
 * added so the image stands on its own in a slide.
 */
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

export function serializeChartSvg(
  svg: SVGSVGElement,
  title: string,
  legend: readonly LegendEntry[] = [],
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
  const pad = 32;
  const legendHeight = legend.length > 0 ? 28 : 0;
  const height = Math.round(box.height) + pad + legendHeight;
  const ns = 'http://www.w3.org/2000/svg';
  const out = document.createElementNS(ns, 'svg');
  out.setAttribute('xmlns', ns);
  out.setAttribute('width', String(width));
  out.setAttribute('height', String(height));
  out.setAttribute('viewBox', `0 0 ${width} ${height}`);
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
): void {
  const { text } = serializeChartSvg(svg, title, legend);
  downloadBlob(new Blob([text], { type: 'image/svg+xml' }), `${slugify(title)}.svg`);
}

export async function downloadPng(
  svg: SVGSVGElement,
  title: string,
  legend: readonly LegendEntry[] = [],
): Promise<void> {
  const { text, width, height } = serializeChartSvg(svg, title, legend);
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
    if (blob) downloadBlob(blob, `${slugify(title)}.png`);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function downloadCsv(
  headers: readonly string[],
  rows: readonly (readonly CsvCell[])[],
  title: string,
): void {
  downloadBlob(new Blob([toCsv(headers, rows)], { type: 'text/csv' }), `${slugify(title)}.csv`);
}
