'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { validateScenario, type ScenarioInput, type ValidationIssue } from '@crosswind/schema';
import { setAt } from '@/lib/paths';

const DRAFT_PREFIX = 'crosswind:draft:';
const HISTORY_LIMIT = 100;
/** Keystrokes in the same field within this window are one change for undo. */
const COALESCE_MS = 1200;

interface Draft {
  doc: ScenarioInput;
  savedAt: string;
  base: string;
}

export interface EditorState {
  doc: ScenarioInput;
  issues: ValidationIssue[];
  issuesAt: (path: string, exact?: boolean) => ValidationIssue[];
  change: (path: string, value: unknown) => void;
  replace: (doc: ScenarioInput, label?: string) => void;
  undo: () => void;
  canUndo: boolean;
  lastChange: string | null;
  dirty: boolean;
  restoredDraftAt: string | null;
  discardDraft: () => void;
  markSaved: () => void;
}

function readDraft(key: string): Draft | null {
  try {
    const raw = localStorage.getItem(DRAFT_PREFIX + key);
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

/**
 * Holds the scenario being edited as plain JSON (what the user typed, even when invalid), with
 * validation from the shared schema, undo, and a draft in localStorage so that nothing is lost
 * on reload or navigation.
 */
export function useScenarioEditor(initial: ScenarioInput, draftKey: string): EditorState {
  const baseJson = useMemo(() => JSON.stringify(initial), [initial]);
  const [doc, setDoc] = useState<ScenarioInput>(initial);
  const [history, setHistory] = useState<{ doc: ScenarioInput; label: string }[]>([]);
  const [base, setBase] = useState(baseJson);
  const [restoredDraftAt, setRestoredDraftAt] = useState<string | null>(null);
  const last = useRef<{ path: string; at: number } | null>(null);
  const docRef = useRef<ScenarioInput>(initial);
  const historyRef = useRef<{ doc: ScenarioInput; label: string }[]>([]);
  const commit = useCallback(
    (next: ScenarioInput, nextHistory?: { doc: ScenarioInput; label: string }[]) => {
      docRef.current = next;
      setDoc(next);
      if (nextHistory) {
        historyRef.current = nextHistory;
        setHistory(nextHistory);
      }
    },
    [],
  );

  useEffect(() => {
    const draft = readDraft(draftKey);
    if (draft && draft.base === baseJson && JSON.stringify(draft.doc) !== baseJson) {
      commit(draft.doc);
      setRestoredDraftAt(draft.savedAt);
    }
  }, [draftKey, baseJson, commit]);

  const docJson = useMemo(() => JSON.stringify(doc), [doc]);
  const dirty = docJson !== base;

  useEffect(() => {
    const t = setTimeout(() => {
      try {
        if (dirty) {
          const draft: Draft = { doc, savedAt: new Date().toISOString(), base: baseJson };
          localStorage.setItem(DRAFT_PREFIX + draftKey, JSON.stringify(draft));
        } else {
          localStorage.removeItem(DRAFT_PREFIX + draftKey);
        }
      } catch {
        // Storage full or disabled: the beforeunload warning still protects the edits.
      }
    }, 250);
    return () => clearTimeout(t);
  }, [doc, dirty, draftKey, baseJson]);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  const validation = useMemo(() => validateScenario(doc), [doc]);
  const issues = useMemo(() => (validation.ok ? [] : validation.issues), [validation]);

  const issuesAt = useCallback(
    (path: string, exact = false) =>
      issues.filter(
        (i) =>
          i.path === path ||
          (!exact && (i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`))),
      ),
    [issues],
  );

  const push = (prev: ScenarioInput, label: string) => [
    ...historyRef.current.slice(-HISTORY_LIMIT + 1),
    { doc: prev, label },
  ];

  const change = useCallback(
    (path: string, value: unknown) => {
      const now = Date.now();
      const coalesce =
        last.current !== null && last.current.path === path && now - last.current.at < COALESCE_MS;
      last.current = { path, at: now };
      const prev = docRef.current;
      commit(setAt(prev, path, value), coalesce ? undefined : push(prev, path));
    },
    [commit],
  );

  const replace = useCallback(
    (next: ScenarioInput, label = 'edit') => {
      const now = Date.now();
      const key = `#${label}`;
      // Typing in the JSON view is one change per pause, like typing in a field.
      const coalesce =
        label === 'JSON edit' &&
        last.current !== null &&
        last.current.path === key &&
        now - last.current.at < COALESCE_MS;
      last.current = { path: key, at: now };
      commit(next, coalesce ? undefined : push(docRef.current, label));
    },
    [commit],
  );

  const undo = useCallback(() => {
    last.current = null;
    const h = historyRef.current;
    const prev = h[h.length - 1];
    if (prev) commit(prev.doc, h.slice(0, -1));
  }, [commit]);

  const discardDraft = useCallback(() => {
    commit(initial, []);
    setRestoredDraftAt(null);
    try {
      localStorage.removeItem(DRAFT_PREFIX + draftKey);
    } catch {
      // ignore
    }
  }, [initial, draftKey, commit]);

  const markSaved = useCallback(() => {
    setBase(JSON.stringify(doc));
    try {
      localStorage.removeItem(DRAFT_PREFIX + draftKey);
    } catch {
      // ignore
    }
  }, [doc, draftKey]);

  return {
    doc,
    issues,
    issuesAt,
    change,
    replace,
    undo,
    canUndo: history.length > 0,
    lastChange: history[history.length - 1]?.label ?? null,
    dirty,
    restoredDraftAt,
    discardDraft,
    markSaved,
  };
}
