/**
 * Differences between scenarios as rows of (path, value per scenario). Arrays of objects with
 * an `id` are matched by id, not by position, so inserting an offer does not make every later
 * offer look changed.
 */
export interface DiffRow {
  path: string;
  values: (string | undefined)[];
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (Array.isArray(value)) {
    const byId = value.every((v) => v !== null && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string');
    if (byId && value.length > 0) {
      for (const v of value) flatten(v, `${prefix}[${(v as { id: string }).id}]`, out);
    } else if (value.every((v) => v === null || typeof v !== 'object')) {
      out.set(prefix, value.map((v) => String(v)).join(', '));
    } else {
      value.forEach((v, i) => flatten(v, `${prefix}[${i + 1}]`, out));
    }
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  out.set(prefix, value === undefined ? '' : String(value));
}

export function diffScenarios(docs: unknown[]): DiffRow[] {
  const maps = docs.map((d) => {
    const m = new Map<string, string>();
    flatten(d, '', m);
    return m;
  });
  const paths = new Set<string>();
  for (const m of maps) for (const k of m.keys()) paths.add(k);
  const rows: DiffRow[] = [];
  for (const p of paths) {
    const values = maps.map((m) => m.get(p));
    if (new Set(values).size > 1) rows.push({ path: p, values });
  }
  return rows;
}

/** "world.offers[glm-5.2-zai].priceUsdPerMTokens.input" -> "offers › glm-5.2-zai › price › input". */
export function readablePath(path: string): string {
  return path
    .replace(/^world\./, '')
    .replace(/\[([^\]]+)\]/g, ' › $1')
    .replace(/\./g, ' › ')
    .replace(/priceUsdPerMTokens/g, 'price (USD/M tokens)')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}
