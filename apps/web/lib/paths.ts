/** Path helpers for plain JSON values, using the same `a.b[0].c` syntax as the schema's issues. */

export type PathSegment = string | number;

export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const m of path.matchAll(/\["([^"]*)"\]|([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[3] !== undefined) out.push(Number(m[3]));
    else if (m[2] !== undefined) out.push(m[2]);
  }
  return out;
}

/**
 * The path of key `key` of the object at `base`: `base.key`, or `base["key"]` when the key has
 * a dot or a bracket (ids such as "glm-5.2" key token multipliers and region mixes).
 * @example keyPath('world.offers[0].quality', 'v1.2') // 'world.offers[0].quality["v1.2"]'
 */
export function keyPath(base: string, key: string): string {
  return /^[^.[\]"]+$/.test(key) ? `${base}.${key}` : `${base}["${key}"]`;
}

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

type Json = unknown;

export function getAt(root: Json, path: string | readonly PathSegment[]): unknown {
  const segs = typeof path === 'string' ? parsePath(path) : path;
  let cur: unknown = root;
  for (const seg of segs) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PathSegment, unknown>)[seg];
  }
  return cur;
}

/**
 * Returns a copy of `root` with `value` at `path`, copying only the objects along the path.
 * `undefined` removes an object key (so optional fields disappear from the JSON).
 */
export function setAt<T>(root: T, path: string | readonly PathSegment[], value: unknown): T {
  const segs = typeof path === 'string' ? parsePath(path) : path;
  const rec = (node: unknown, i: number): unknown => {
    if (i === segs.length) return value;
    const seg = segs[i] as PathSegment;
    if (typeof seg === 'number') {
      const arr = Array.isArray(node) ? [...(node as unknown[])] : [];
      arr[seg] = rec(arr[seg], i + 1);
      return arr;
    }
    const obj: Record<string, unknown> =
      node !== null && typeof node === 'object' && !Array.isArray(node)
        ? { ...(node as Record<string, unknown>) }
        : {};
    const next = rec(obj[seg], i + 1);
    if (next === undefined) delete obj[seg];
    else obj[seg] = next;
    return obj;
  };
  return rec(root, 0) as T;
}

/** Applies `fn` to the array at `path` and stores the result. */
export function updateArrayAt<T>(root: T, path: string, fn: (items: unknown[]) => unknown[]): T {
  const cur = getAt(root, path);
  return setAt(root, path, fn(Array.isArray(cur) ? cur : []));
}
