import { describe, expect, it } from 'vitest';
import { formatPath, getAt, keyPath, parsePath, setAt, updateArrayAt } from './paths';

describe('parsePath / formatPath', () => {
  it('reads the schema’s issue paths and writes them back unchanged', () => {
    const p = 'strategies[1].routes[0].fallbacks[2]';
    expect(parsePath(p)).toEqual(['strategies', 1, 'routes', 0, 'fallbacks', 2]);
    expect(formatPath(parsePath(p))).toBe(p);
  });

  it('keeps dots inside keys out of the way of ids with dots', () => {
    // Token multipliers are keyed by workload id; ids may contain "." ("glm-5.2"): segments or
    // keyPath's quoted form keep such a key whole.
    expect(getAt({ a: { 'x.y': 1 } }, ['a', 'x.y'])).toBe(1);
  });
});

describe('getAt', () => {
  it('returns undefined past a missing or primitive node', () => {
    expect(getAt({ a: [{ b: 2 }] }, 'a[0].b')).toBe(2);
    expect(getAt({ a: [{ b: 2 }] }, 'a[3].b')).toBeUndefined();
    expect(getAt({ a: 5 }, 'a.b.c')).toBeUndefined();
  });
});

describe('setAt', () => {
  const doc = { world: { offers: [{ id: 'a', p: { x: 1 } }, { id: 'b' }] }, other: { k: 1 } };

  it('copies only the objects along the path', () => {
    const next = setAt(doc, 'world.offers[0].p.x', 2);
    expect(next.world.offers[0]?.p?.x).toBe(2);
    expect(doc.world.offers[0]?.p?.x).toBe(1);
    expect(next.other).toBe(doc.other);
    expect(next.world.offers[1]).toBe(doc.world.offers[1]);
    expect(next.world.offers).not.toBe(doc.world.offers);
  });

  it('removes an object key when set to undefined, so optional fields leave the JSON', () => {
    const next = setAt(doc, 'world.offers[0].p', undefined);
    expect(JSON.stringify(next.world.offers[0])).toBe('{"id":"a"}');
  });

  it('creates missing objects and arrays on the way', () => {
    expect(setAt({}, 'a.b[1].c', 3)).toEqual({ a: { b: [undefined, { c: 3 }] } });
  });
});

describe('updateArrayAt', () => {
  it('treats a missing list as empty', () => {
    expect(updateArrayAt({ a: {} }, 'a.list', (xs) => [...xs, 1])).toEqual({ a: { list: [1] } });
  });
});

describe('keyPath', () => {
  it('quotes keys with dots, so ids like "glm-5.2" stay one segment', () => {
    const p = keyPath('world.offers[0].tokenMultiplier', 'v1.2');
    expect(p).toBe('world.offers[0].tokenMultiplier["v1.2"]');
    expect(parsePath(p)).toEqual(['world', 'offers', 0, 'tokenMultiplier', 'v1.2']);
    expect(setAt({}, p, 2)).toEqual({ world: { offers: [{ tokenMultiplier: { 'v1.2': 2 } }] } });
    expect(keyPath('a', 'swe')).toBe('a.swe');
  });
});
