'use client';

import { useMutation } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ScenarioInput, ValidationIssue } from '@crosswind/schema';
import { EditorContext, fieldDomId, friendly, sentence } from './fields';
import { JsonView } from './json-view';
import {
  OffersSection,
  OverviewSection,
  RegionsSection,
  ShocksSection,
  SimulationSection,
  StrategiesSection,
  WorkloadsSection,
} from './sections';
import { useScenarioEditor, type EditorState } from './use-scenario-editor';
import { Lineage } from '@/components/lineage';
import { FreshResults, useResultFreshness } from '@/components/results/freshness';
import { PreviewPanel } from '@/components/results/preview-panel';
import { RunAnnouncer } from '@/components/results/run-announcer';
import { RunResults } from '@/components/results/run-progress';
import { usePreview } from '@/components/results/use-preview';
import { useSimulation } from '@/components/results/use-simulation';
import { SharePanel } from '@/components/share-panel';
import { StickyToolbar } from '@/components/sticky-toolbar';
import { describeApiError, scenarioFieldPath } from '@/lib/api-error';
import { recordMySave } from '@/lib/my-scenarios';
import { useTRPC } from '@/lib/trpc';
import { SECTIONS, describePath, sectionOf } from '@/lib/describe-path';
import { formatDateTime } from '@/lib/format';
import { parsePath } from '@/lib/paths';

export interface ScenarioEditorProps {
  initial: ScenarioInput;
  draftKey: string;
  /** the saved scenario this one was forked from */
  parentId?: string;
  /** `initial` is this saved scenario (the editor's URL after Save: /s/{id}/edit) */
  saved?: { id: string; parentId: string | null };
}

/** An error the server reported at a field, for the version of the scenario it was about. */
interface ServerIssue {
  docJson: string;
  issue: ValidationIssue;
}

const coversPath = (issue: ValidationIssue, path: string, exact: boolean) =>
  issue.path === path ||
  (!exact && (issue.path.startsWith(`${path}.`) || issue.path.startsWith(`${path}[`)));

/**
 * The editor's state with the field errors of the last save or run added, until the scenario
 * changes: the server checks what the browser cannot (e.g. the work budget) and names the
 * field, which then shows its error like any other.
 */
function withServerIssues(editor: EditorState, extra: ValidationIssue[]): EditorState {
  if (extra.length === 0) return editor;
  return {
    ...editor,
    issues: [...editor.issues, ...extra],
    issuesAt: (path, exact = false) => [
      ...editor.issuesAt(path, exact),
      ...extra.filter((i) => coversPath(i, path, exact)),
    ],
  };
}

function focusIssue(path: string) {
  // Walk up the path until a rendered control is found (e.g. a whole route for a weight sum).
  const segs = parsePath(path);
  for (let n = segs.length; n > 0; n--) {
    const p = segs
      .slice(0, n)
      .reduce<string>(
        (acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s),
        '',
      );
    const el =
      document.getElementById(fieldDomId(p)) ??
      document.querySelector<HTMLElement>(`[data-path="${CSS.escape(p)}"]`);
    if (el) {
      const details = el.closest('details');
      if (details) details.open = true;
      el.scrollIntoView({ block: 'center' });
      (el.matches('input,select,textarea')
        ? el
        : el.querySelector<HTMLElement>('input,select,textarea')
      )?.focus();
      return;
    }
  }
  document.getElementById(sectionOf(path))?.scrollIntoView();
}

export function ScenarioEditor({ initial, draftKey, parentId, saved }: ScenarioEditorProps) {
  const ownEditor = useScenarioEditor(initial, draftKey);
  const trpc = useTRPC();
  const saveScenario = useMutation(trpc.scenario.save.mutationOptions());
  const forkScenario = useMutation(trpc.scenario.fork.mutationOptions());
  const saving = saveScenario.isPending || forkScenario.isPending;
  /** the saved version the editor holds (while not dirty) and the next save forks from */
  const [savedId, setSavedId] = useState<string | null>(saved?.id ?? null);
  /** the scenario the saved version was forked from */
  const [lineageParent, setLineageParent] = useState<string | null>(
    saved ? saved.parentId : (parentId ?? null),
  );
  const [saveIssue, setSaveIssue] = useState<ServerIssue | null>(null);
  const [runDocJson, setRunDocJson] = useState<string | null>(null);
  const docJson = useMemo(() => JSON.stringify(ownEditor.doc), [ownEditor.doc]);
  const sim = useSimulation();
  const runFieldPath =
    sim.state.status === 'error' && runDocJson === docJson
      ? scenarioFieldPath(sim.state.path)
      : undefined;
  const serverIssues = useMemo(() => {
    const out: ValidationIssue[] = [];
    if (saveIssue?.docJson === docJson) out.push(saveIssue.issue);
    if (runFieldPath !== undefined && sim.state.status === 'error')
      out.push({ path: runFieldPath, message: sim.state.message });
    return out;
  }, [saveIssue, docJson, runFieldPath, sim.state]);
  const editor = useMemo(
    () => withServerIssues(ownEditor, serverIssues),
    [ownEditor, serverIssues],
  );
  const { doc, issues, undo, canUndo, dirty } = editor;
  const preview = usePreview(docJson, issues.length === 0);
  const shownResult = sim.state.status === 'done' ? sim.state.result : null;
  const freshness = useResultFreshness(doc, shownResult);
  const [view, setView] = useState<'form' | 'json'>('form');
  const [saveError, setSaveError] = useState<string | null>(null);
  const [triedInvalid, setTriedInvalid] = useState(false);
  const resultsRef = useRef<HTMLDivElement>(null);

  const counts = new Map<string, number>();
  for (const i of issues) counts.set(sectionOf(i.path), (counts.get(sectionOf(i.path)) ?? 0) + 1);

  // Bring the progress bar (and then the results in its place) into view when a run starts.
  useEffect(() => {
    if (sim.state.status === 'running')
      resultsRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [sim.state.status]);

  // The share link is shown while the scenario is the saved version; after an edit it is not.
  const sharedId = savedId !== null && !dirty ? savedId : null;

  const onRun = () => {
    if (issues.length > 0) {
      setTriedInvalid(true);
      const first = issues[0];
      if (first) focusIssue(first.path);
      return;
    }
    setRunDocJson(docJson);
    freshness.runStarted(doc);
    void sim.run({ scenario: doc }, { scenario: doc });
  };

  const onSave = async () => {
    if (issues.length > 0) {
      setTriedInvalid(true);
      const first = issues[0];
      if (first) focusIssue(first.path);
      return;
    }
    if (sharedId !== null) return; // this version is saved already
    setSaveError(null);
    setSaveIssue(null);
    // Saved versions are immutable: saving after a save (or from a fork) makes a child version.
    const forkFrom = savedId ?? parentId ?? null;
    try {
      const r =
        forkFrom === null
          ? await saveScenario.mutateAsync({ scenario: doc })
          : await forkScenario.mutateAsync({ id: forkFrom, scenario: doc });
      recordMySave({ id: r.id, name: doc.name, parentId: r.parentId });
      setSavedId(r.id);
      setLineageParent(r.parentId);
      ownEditor.markSaved();
      // The page is now the saved scenario's: a reload shows it rather than where it started.
      // (The History API keeps this editor, its undo and its results; Next.js follows it.)
      window.history.replaceState(null, '', `/s/${r.id}/edit`);
    } catch (e) {
      const failure = describeApiError(e);
      const field = scenarioFieldPath(failure.path);
      if (field !== undefined) {
        setSaveIssue({ docJson, issue: { path: field, message: failure.message } });
        setTriedInvalid(true);
        requestAnimationFrame(() => focusIssue(field));
      } else setSaveError(`Could not save: ${sentence(failure.message)}`);
    }
  };

  const ctrlZ = (e: React.KeyboardEvent) => {
    const target = e.target as HTMLElement;
    // Inside text inputs the browser's own undo applies; elsewhere Ctrl/Cmd+Z undoes the last change.
    if (
      (e.ctrlKey || e.metaKey) &&
      e.key === 'z' &&
      !e.shiftKey &&
      !target.matches('input[type=text],input:not([type]),textarea')
    ) {
      e.preventDefault();
      undo();
    }
  };

  return (
    <EditorContext.Provider value={editor}>
      <div onKeyDown={ctrlZ}>
        <StickyToolbar
          heading={
            <>
              <div className="small muted toolbar-kicker">
                {lineageParent
                  ? 'Fork of a saved scenario'
                  : savedId
                    ? 'Saved scenario'
                    : 'Scenario'}
              </div>
              <h1 className="toolbar-title">{doc.name || 'Untitled scenario'}</h1>
            </>
          }
          secondary={
            <>
              <span
                className={`tag ${dirty ? '' : 'tag-gray'}`}
                role="status"
                data-testid="save-status"
              >
                {dirty
                  ? 'Unsaved changes (kept as a local draft)'
                  : savedId
                    ? 'Saved'
                    : 'No changes'}
              </span>
              <button
                type="button"
                className="btn"
                onClick={undo}
                disabled={!canUndo}
                aria-keyshortcuts="Control+Z"
                title={
                  editor.lastChange ? `Undo change to ${editor.lastChange}` : 'Nothing to undo'
                }
              >
                Undo
              </button>
              <div className="btn-group" role="group" aria-label="Editor view">
                <button
                  type="button"
                  className="btn"
                  aria-pressed={view === 'form'}
                  onClick={() => setView('form')}
                >
                  Form
                </button>
                <button
                  type="button"
                  className="btn"
                  aria-pressed={view === 'json'}
                  onClick={() => setView('json')}
                >
                  JSON
                </button>
              </div>
              <button
                type="button"
                className="btn"
                onClick={() => void onSave()}
                disabled={saving || sharedId !== null}
                title={sharedId !== null ? 'This version is saved: copy its link' : undefined}
              >
                {saving ? 'Saving…' : 'Save & share'}
              </button>
            </>
          }
          primary={
            <button
              type="button"
              className="btn btn-primary"
              onClick={onRun}
              disabled={sim.state.status === 'running'}
            >
              Run simulation
            </button>
          }
          below={
            <>
              {/* Beside the actions on every screen (on phones Save sits behind "More"). */}
              {sharedId !== null ? <SharePanel id={sharedId} inline /> : null}
              <PreviewPanel state={preview} />
            </>
          }
        />

        <div className="stack">
          {editor.restoredDraftAt ? (
            <div className="alert alert-info row" role="status">
              <span>
                Restored your unsaved changes from {formatDateTime(editor.restoredDraftAt)}.
              </span>
              <span className="spacer" />
              <button type="button" className="btn btn-small" onClick={editor.discardDraft}>
                Discard them
              </button>
            </div>
          ) : null}
          {issues.length > 0 && (triedInvalid || issues.length > 0) ? (
            <div
              className={`alert ${triedInvalid ? 'alert-error' : 'alert-warn'}`}
              role={triedInvalid ? 'alert' : 'status'}
              data-testid="issue-summary"
            >
              <strong>
                {issues.length} thing{issues.length > 1 ? 's' : ''} to fix before this scenario can
                run
              </strong>
              <ul>
                {issues.slice(0, 10).map((i, k) => (
                  <li key={k}>
                    <a
                      href={`#${sectionOf(i.path)}`}
                      onClick={(e) => {
                        e.preventDefault();
                        setView('form');
                        requestAnimationFrame(() => focusIssue(i.path));
                      }}
                    >
                      {describePath(doc, i.path)}
                    </a>
                    : {friendly(i.message)}
                  </li>
                ))}
                {issues.length > 10 ? <li>and {issues.length - 10} more</li> : null}
              </ul>
            </div>
          ) : null}
          {saveError ? (
            <div className="alert alert-error" role="alert">
              {saveError}
            </div>
          ) : null}
          <Lineage id={savedId} parentId={lineageParent} />

          {view === 'form' ? (
            <div className="editor-layout">
              <nav className="editor-nav" aria-label="Scenario sections">
                {SECTIONS.map((s) => (
                  <a key={s.id} href={`#${s.id}`}>
                    {s.title}
                    {counts.get(s.id) ? (
                      <span className="error-count" aria-label={`${counts.get(s.id)} problems`}>
                        {counts.get(s.id)}
                      </span>
                    ) : null}
                  </a>
                ))}
              </nav>
              <div className="stack">
                <OverviewSection />
                <OffersSection />
                <WorkloadsSection />
                <RegionsSection />
                <ShocksSection />
                <StrategiesSection />
                <SimulationSection />
              </div>
            </div>
          ) : (
            <JsonView />
          )}

          <div ref={resultsRef} style={{ scrollMarginTop: 80 }}>
            <div className="section-title">
              <h2>Results</h2>
              {sim.state.status === 'done' ? (
                <span className="muted small">
                  took{' '}
                  {sim.state.elapsedMs < 100
                    ? 'under 0.1'
                    : (sim.state.elapsedMs / 1000).toFixed(1)}{' '}
                  s
                </span>
              ) : null}
            </div>
            <FreshResults freshness={freshness} onRunAgain={onRun}>
              <RunResults
                state={sim.state}
                scenarioName={
                  (freshness.shownScenario as { name?: string } | undefined)?.name ?? doc.name
                }
                onCancel={sim.cancel}
                idle={
                  <div className="card muted">
                    Press <strong>Run simulation</strong> to see cost, risk and service for each
                    strategy{issues.length > 0 ? ' (fix the problems above first)' : ''}.
                  </div>
                }
                describeError={(failure) => {
                  const field = scenarioFieldPath(failure.path);
                  return (
                    <>
                      The simulation did not run:{' '}
                      {field !== undefined
                        ? `${describePath(doc, field)}: `
                        : failure.path
                          ? `${failure.path}: `
                          : ''}
                      {failure.message}
                    </>
                  );
                }}
              />
            </FreshResults>
            <RunAnnouncer state={sim.state} />
          </div>
        </div>
      </div>
    </EditorContext.Provider>
  );
}
