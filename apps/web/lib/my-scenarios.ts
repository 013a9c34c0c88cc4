'use client';

import { useSyncExternalStore } from 'react';

/**
 * The scenarios this browser saved, kept in localStorage. The server does not list saved
 * scenarios (CROSSWIND_LIST_RECENT is off by default: a share link is the only access control a
 * scenario has, so a public list would reveal everyone's), so "recently saved" and the compare
 * pickers show only what this browser saved itself.
 */

export interface MySavedScenario {
  id: string;
  name: string;
  /** ISO 8601, when this browser saved it */
  savedAt: string;
  /** the scenario it was forked from, if any */
  parentId?: string;
}

const STORAGE_KEY = 'crosswind:my-scenarios';
/** Enough for a working session's history; older entries drop off (the links still work). */
export const MAX_MY_SCENARIOS = 50;
/** Same-tab notification: the `storage` event fires only in other tabs. */
const CHANGE_EVENT = 'crosswind:my-scenarios-changed';

function isEntry(v: unknown): v is MySavedScenario {
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.id === 'string' &&
    o.id !== '' &&
    typeof o.name === 'string' &&
    typeof o.savedAt === 'string' &&
    (o.parentId === undefined || typeof o.parentId === 'string')
  );
}

/** Parses the stored list, dropping anything malformed; newest first. */
export function parseMyScenarios(raw: string | null): MySavedScenario[] {
  if (raw === null || raw === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter(isEntry)
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt))
    .slice(0, MAX_MY_SCENARIOS);
}

/** `list` with `entry` added at the front (replacing an older entry with its id), capped. */
export function addMyScenario(
  list: readonly MySavedScenario[],
  entry: MySavedScenario,
): MySavedScenario[] {
  return [entry, ...list.filter((s) => s.id !== entry.id)].slice(0, MAX_MY_SCENARIOS);
}

function readRaw(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled (privacy mode): the list is simply empty
  }
}

/** Records a successful save or fork in this browser's list. */
export function recordMySave(entry: {
  id: string;
  name: string;
  parentId?: string | null | undefined;
}): void {
  const next = addMyScenario(parseMyScenarios(readRaw()), {
    id: entry.id,
    name: entry.name,
    savedAt: new Date().toISOString(),
    ...(entry.parentId ? { parentId: entry.parentId } : {}),
  });
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  } catch {
    return; // full or disabled storage: the save itself succeeded, only the history is missing
  }
  window.dispatchEvent(new Event(CHANGE_EVENT));
}

function subscribe(onChange: () => void): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key === STORAGE_KEY || e.key === null) onChange();
  };
  window.addEventListener('storage', onStorage);
  window.addEventListener(CHANGE_EVENT, onChange);
  return () => {
    window.removeEventListener('storage', onStorage);
    window.removeEventListener(CHANGE_EVENT, onChange);
  };
}

// useSyncExternalStore needs the same array back while the stored text is unchanged.
let cachedRaw: string | null | undefined;
let cachedList: MySavedScenario[] = [];
function snapshot(): MySavedScenario[] {
  const raw = readRaw();
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cachedList = parseMyScenarios(raw);
  }
  return cachedList;
}

/** This browser's saved scenarios, newest first; `null` while rendering on the server. */
export function useMyScenarios(): MySavedScenario[] | null {
  return useSyncExternalStore(subscribe, snapshot, () => null);
}
