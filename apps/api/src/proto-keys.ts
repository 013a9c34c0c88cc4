/**
 * Keys that can pollute prototypes when a parsed object is merged into another. Fastify
 * rejects `__proto__` (and `constructor.prototype`) in JSON bodies; this also covers the
 * query string, tRPC's GET `input=` JSON and plain `constructor`/`prototype` keys anywhere.
 */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export interface ForbiddenKey {
  key: string;
  path: string;
}

const child = (parent: string, key: string): string => (parent === '' ? key : `${parent}.${key}`);

/** The first forbidden key in a parsed body or query (depth-first), with its path, or undefined. */
export function findForbiddenKey(value: unknown, rootPath = ''): ForbiddenKey | undefined {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: rootPath }];
  while (stack.length > 0) {
    const top = stack.pop();
    if (top === undefined) break;
    const v = top.value;
    if (
      typeof v === 'string' &&
      (top.path === 'input' || top.path.endsWith('.input')) &&
      /^\s*[[{]/.test(v)
    ) {
      // tRPC GET: ?input={...} (or ?batch=1&input={"0":...}) carries JSON in the query.
      const parsed = parseJsonScanningKeys(v, top.path);
      if (parsed !== undefined) return parsed;
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ value: item, path: `${top.path}[${i}]` }));
      continue;
    }
    for (const key of Object.keys(v)) {
      const path = child(top.path, key);
      if (FORBIDDEN.has(key)) return { key, path };
      stack.push({ value: (v as Record<string, unknown>)[key], path });
    }
  }
  return undefined;
}

function parseJsonScanningKeys(text: string, path: string): ForbiddenKey | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined; // tRPC answers malformed input itself
  }
  return findForbiddenKey(parsed, path);
}
