import { describe, expect, it } from 'vitest';
import { inSlices } from './rest-results.js';

describe('inSlices', () => {
  it('cuts chunks into views of at most the size, in order, without copying', () => {
    const a = Buffer.from('abcdefghij');
    const b = Buffer.from('klm');
    const slices = [...inSlices([a, b], 4)];
    expect(slices.map((s) => s.toString())).toEqual(['abcd', 'efgh', 'ij', 'klm']);
    expect(slices.every((s) => s.byteLength <= 4)).toBe(true);
    // Views of the stored bytes, not copies.
    expect(slices[0]?.buffer).toBe(a.buffer);
    expect([...inSlices([Buffer.alloc(0)], 4)]).toEqual([]);
  });
});
