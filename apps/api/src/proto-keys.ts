/**
 * Checks every parsed body and query before it reaches a procedure:
 * - keys that can pollute prototypes when a parsed object is merged into another. Fastify
 *   rejects `__proto__` (and `constructor.prototype`) in JSON bodies; this also covers the query
 *   string, tRPC's JSON (its POST bodies stay text, GET carries `input=`) and plain
 *   `constructor`/`prototype` keys anywhere;
 * - nesting deeper than any scenario needs: libraries downstream recurse over the body (the REST
 *   adapter stringifies it again), and 5,000 levels of `[` overflow their stack.
 */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** A scenario nests about 8 levels; the limit leaves ample room. */
export const MAX_JSON_DEPTH = 64;

export interface BodyProblem {
  message: string;
  path: string;
}

const child = (parent: string, key: string): string => (parent === '' ? key : `${parent}.${key}`);
const looksLikeJson = (text: string): boolean => /^\s*[[{]/.test(text);

/** The first problem in a parsed body or query (depth-first), with its path, or undefined. */
export function findBodyProblem(value: unknown, rootPath = ''): BodyProblem | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value, path: rootPath, depth: 0 },
  ];
  while (stack.length > 0) {
    const top = stack.pop();
    if (top === undefined) break;
    const { value: v, path, depth } = top;
    if (depth > MAX_JSON_DEPTH)
      return {
        message: `nested more than ${MAX_JSON_DEPTH} levels deep`,
        path: path.slice(0, 200),
      };
    if (
      typeof v === 'string' &&
      (path === rootPath || path === 'input' || path.endsWith('.input')) &&
      looksLikeJson(v)
    ) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(v);
      } catch {
        continue; // tRPC answers malformed JSON itself
      }
      stack.push({ value: parsed, path, depth });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(v)) {
      const at = child(path, key);
      if (FORBIDDEN.has(key)) return { message: `forbidden key "${key}"`, path: at };
      stack.push({ value: (v as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  return undefined;
}
