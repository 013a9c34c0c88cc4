/**
 * Undo history of the editor, as pure functions: each change pushes the document before it with
 * a label, except that keystrokes in the same field (or the JSON view) within `coalesceMs` are
 * one change, so undo steps back a word, not a letter.
 */

export const HISTORY_LIMIT = 100;
/** Keystrokes in the same field within this window are one change for undo. */
export const COALESCE_MS = 1200;

export interface HistoryEntry<D> {
  doc: D;
  label: string;
}

export interface History<D> {
  doc: D;
  past: HistoryEntry<D>[];
  /** the field (or `#label`) and time of the last change, for coalescing */
  last: { key: string; at: number } | null;
}

export function startHistory<D>(doc: D): History<D> {
  return { doc, past: [], last: null };
}

/**
 * Records `next` as the new document. `key` names what changed (a field path, or `#label` for a
 * structural edit); `coalesce` allows merging with the previous change of the same key.
 */
export function record<D>(
  h: History<D>,
  next: D,
  label: string,
  key: string,
  now: number,
  coalesce: boolean,
): History<D> {
  const merge = coalesce && h.last !== null && h.last.key === key && now - h.last.at < COALESCE_MS;
  return {
    doc: next,
    past: merge ? h.past : [...h.past.slice(-HISTORY_LIMIT + 1), { doc: h.doc, label }],
    last: { key, at: now },
  };
}

/** Steps back one change; a no-op when there is nothing to undo. */
export function undo<D>(h: History<D>): History<D> {
  const prev = h.past[h.past.length - 1];
  if (!prev) return { ...h, last: null };
  return { doc: prev.doc, past: h.past.slice(0, -1), last: null };
}

/** Replaces the document and forgets the history (a discarded draft, a loaded scenario). */
export function reset<D>(doc: D): History<D> {
  return startHistory(doc);
}
