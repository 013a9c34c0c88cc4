/**
 * Differences between scenarios as rows of (input, value per scenario). Arrays of objects with
 * an `id` are matched by id, not by position, so inserting an offer does not make every later
 * offer look changed.
 */
export interface DiffRow {
  /** stable key, e.g. `world.offers[glm-5.2-zai].priceUsdPerMTokens.input` */
  key: string;
  /** readable label, e.g. `Offer “GLM 5.2 (Z.ai API)” › price › input` */
  label: string;
  values: (string | undefined)[];
}

type Seg = string | { id: string; name: string } | number;

const COLLECTION_LABELS: Record<string, string> = {
  offers: 'Offer',
  workloads: 'Workload',
  regions: 'Region',
  shocks: 'Shock',
  commonShocks: 'Common shock',
  strategies: 'Strategy',
  routes: 'Route',
  primary: 'Primary',
};

const KEY_LABELS: Record<string, string> = {
  priceUsdPerMTokens: 'price (USD per M tokens)',
  world: '',
  simulation: 'Simulation',
};

function words(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function flatten(
  value: unknown,
  segs: Seg[],
  out: Map<string, { segs: Seg[]; value: string }>,
): void {
  const key = segs
    .map((s) => (typeof s === 'string' ? `.${s}` : typeof s === 'number' ? `[${s}]` : `[${s.id}]`))
    .join('')
    .replace(/^\./, '');
  if (Array.isArray(value)) {
    const byId =
      value.length > 0 &&
      value.every(
        (v) =>
          v !== null && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string',
      );
    if (byId) {
      for (const v of value) {
        const item = v as { id: string; name?: unknown };
        flatten(
          v,
          [...segs, { id: item.id, name: typeof item.name === 'string' ? item.name : item.id }],
          out,
        );
      }
    } else if (value.every((v) => v === null || typeof v !== 'object')) {
      out.set(key, {
        segs,
        value: value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', '),
      });
    } else {
      value.forEach((v, i) => flatten(v, [...segs, i], out));
    }
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, [...segs, k], out);
    return;
  }
  out.set(key, {
    segs,
    value: value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value),
  });
}

function labelOf(segs: Seg[]): string {
  const parts: string[] = [];
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i] as Seg;
    const next = segs[i + 1];
    if (
      typeof s === 'string' &&
      next !== undefined &&
      typeof next !== 'string' &&
      COLLECTION_LABELS[s]
    ) {
      parts.push(
        typeof next === 'number'
          ? `${COLLECTION_LABELS[s]} ${next + 1}`
          : `${COLLECTION_LABELS[s]} “${next.name}”`,
      );
      i++;
      continue;
    }
    if (typeof s === 'string') {
      const l = KEY_LABELS[s] ?? words(s);
      if (l) parts.push(l);
    } else if (typeof s === 'number') parts.push(`#${s + 1}`);
    else parts.push(`“${s.name}”`);
  }
  const text = parts.join(' › ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function diffScenarios(docs: unknown[]): DiffRow[] {
  const maps = docs.map((d) => {
    const m = new Map<string, { segs: Seg[]; value: string }>();
    flatten(d, [], m);
    return m;
  });
  const keys = new Map<string, Seg[]>();
  for (const m of maps) for (const [k, v] of m) if (!keys.has(k)) keys.set(k, v.segs);
  const rows: DiffRow[] = [];
  for (const [key, segs] of keys) {
    const values = maps.map((m) => m.get(key)?.value);
    if (new Set(values).size > 1) rows.push({ key, label: labelOf(segs), values });
  }
  return rows;
}
