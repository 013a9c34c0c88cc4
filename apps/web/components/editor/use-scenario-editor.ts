'use client';

import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { validateScenario, type ScenarioInput, type ValidationIssue } from '@crosswind/schema';
import {
  record,
  reset,
  startHistory,
  undo as undoHistory,
  type History,
} from '@/lib/editor-history';
import { formulaIssues } from '@/lib/formula-check';
import { setAt } from '@/lib/paths';

const DRAFT_PREFIX = 'crosswind:draft:';

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
  /** Applies a structural edit (see lib/editor-ops.ts) to the latest document, as one undo step. */
  apply: (edit: (doc: ScenarioInput) => ScenarioInput, label: string) => void;
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
  const [history, setHistory] = useState<History<ScenarioInput>>(() => startHistory(initial));
  const doc = history.doc;
  const [base, setBase] = useState(baseJson);
  const [restoredDraftAt, setRestoredDraftAt] = useState<string | null>(null);
  // The latest history, for callbacks that run before React re-renders (two edits in one event).
  const historyRef = useRef(history);
  const commit = useCallback((next: History<ScenarioInput>) => {
    historyRef.current = next;
    setHistory(next);
  }, []);

  useEffect(() => {
    const draft = readDraft(draftKey);
    if (draft && draft.base === baseJson && JSON.stringify(draft.doc) !== baseJson) {
      commit(reset(draft.doc));
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
  const issues = useMemo(() => {
    const schema = validation.ok ? [] : validation.issues;
    // Formulas are checked as you type with the engine's parser, not only when Run is pressed.
    const formulas = formulaIssues(doc).filter((f) => !schema.some((i) => i.path === f.path));
    return [...schema, ...formulas];
  }, [validation, doc]);

  const issuesAt = useCallback(
    (path: string, exact = false) =>
      issues.filter(
        (i) =>
          i.path === path ||
          (!exact && (i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`))),
      ),
    [issues],
  );

  const change = useCallback(
    (path: string, value: unknown) => {
      const h = historyRef.current;
      commit(record(h, setAt(h.doc, path, value), path, path, Date.now(), true));
    },
    [commit],
  );

  const replace = useCallback(
    (next: ScenarioInput, label = 'edit') => {
      // Typing in the JSON view is one change per pause, like typing in a field.
      commit(
        record(historyRef.current, next, label, `#${label}`, Date.now(), label === 'JSON edit'),
      );
    },
    [commit],
  );

  const apply = useCallback(
    (edit: (doc: ScenarioInput) => ScenarioInput, label: string) => {
      const h = historyRef.current;
      const next = edit(h.doc);
      if (next !== h.doc) commit(record(h, next, label, `#${label}`, Date.now(), false));
    },
    [commit],
  );

  const undo = useCallback(() => commit(undoHistory(historyRef.current)), [commit]);

  const discardDraft = useCallback(() => {
    commit(reset(initial));
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
    apply,
    undo,
    canUndo: history.past.length > 0,
    lastChange: history.past[history.past.length - 1]?.label ?? null,
    dirty,
    restoredDraftAt,
    discardDraft,
    markSaved,
  };
}
