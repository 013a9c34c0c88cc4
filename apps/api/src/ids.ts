import { createHash, randomBytes } from 'node:crypto';

/** A new id: 16 random bytes (128 bits) as base64url, 22 characters, safe in URLs. */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}

const ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export function isId(value: string): boolean {
  return ID_PATTERN.test(value);
}

/**
 * JSON with object keys sorted at every level and no whitespace, so equal values give equal
 * text whatever order their keys were written in. Array order is kept (it has meaning).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** sha256 (hex) of the canonical JSON. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
