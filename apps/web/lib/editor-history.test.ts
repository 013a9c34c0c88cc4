import { describe, expect, it } from 'vitest';
import { COALESCE_MS, HISTORY_LIMIT, record, reset, startHistory, undo } from './editor-history';

describe('editor history', () => {
  it('undoes changes one at a time, back to the start', () => {
    let h = startHistory('a');
    h = record(h, 'b', 'name', 'name', 0, true);
    h = record(h, 'c', 'add strategy', '#add strategy', 5000, false);
    expect(h.doc).toBe('c');
    h = undo(h);
    expect(h.doc).toBe('b');
    h = undo(h);
    expect(h.doc).toBe('a');
    expect(undo(h)).toEqual({ ...h, last: null });
  });

  it('merges keystrokes in one field within the window into one change', () => {
    let h = startHistory('');
    h = record(h, 'G', 'name', 'name', 0, true);
    h = record(h, 'GL', 'name', 'name', 300, true);
    h = record(h, 'GLM', 'name', 'name', 600, true);
    expect(h.past).toHaveLength(1);
    expect(undo(h).doc).toBe('');
    // After a pause, a new change.
    h = record(h, 'GLM 5', 'name', 'name', 600 + COALESCE_MS + 1, true);
    expect(h.past).toHaveLength(2);
    expect(undo(h).doc).toBe('GLM');
  });

  it('never merges structural edits or edits of different fields', () => {
    let h = startHistory(0);
    h = record(h, 1, 'add route', '#add route', 0, false);
    h = record(h, 2, 'add route', '#add route', 10, false);
    h = record(h, 3, 'a', 'a', 20, true);
    h = record(h, 4, 'b', 'b', 30, true);
    expect(h.past.map((e) => e.doc)).toEqual([0, 1, 2, 3]);
    expect(h.past.map((e) => e.label)).toEqual(['add route', 'add route', 'a', 'b']);
  });

  it('keeps at most HISTORY_LIMIT steps', () => {
    let h = startHistory(0);
    for (let i = 1; i <= HISTORY_LIMIT + 20; i++) h = record(h, i, 'x', `#${i}`, i, false);
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]?.doc).toBe(20);
  });

  it('forgets the history on reset', () => {
    const h = record(startHistory(1), 2, 'x', 'x', 0, false);
    expect(reset(h.doc)).toEqual({ doc: 2, past: [], last: null });
  });
});
