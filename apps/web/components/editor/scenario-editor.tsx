'use client';

import Link from 'next/link';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ScenarioInput } from '@crosswind/schema';
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
import { useScenarioEditor } from './use-scenario-editor';
import { FreshResults, useResultFreshness } from '@/components/results/freshness';
import { PreviewPanel } from '@/components/results/preview-panel';
import { ResultsView } from '@/components/results/results-view';
import { RunAnnouncer } from '@/components/results/run-announcer';
import { usePreview } from '@/components/results/use-preview';
import { RunProgress } from '@/components/results/run-progress';
import { useSimulation } from '@/components/results/use-simulation';
import { SharePanel } from '@/components/share-panel';
import { StickyToolbar } from '@/components/sticky-toolbar';
import { ApiError, saveScenario } from '@/lib/api';
import { recordMySave } from '@/lib/my-scenarios';
import { SECTIONS, describePath, sectionOf } from '@/lib/describe-path';
import { formatDateTime } from '@/lib/format';
import { parsePath } from '@/lib/paths';

export interface ScenarioEditorProps {
  initial: ScenarioInput;
  draftKey: string;
  /** the saved scenario this one was forked from */
  parentId?: string;
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

export function ScenarioEditor({ initial, draftKey, parentId }: ScenarioEditorProps) {
  const editor = useScenarioEditor(initial, draftKey);
  const { doc, issues, undo, canUndo, dirty } = editor;
  const [view, setView] = useState<'form' | 'json'>('form');
  const sim = useSimulation();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<{ id: string; url: string } | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [triedInvalid, setTriedInvalid] = useState(false);
  const resultsRef = useRef<HTMLDivElement>(null);
  const docJson = useMemo(() => JSON.stringify(doc), [doc]);
  const preview = usePreview(docJson, issues.length === 0);
  const shownResult = sim.state.status === 'done' ? sim.state.result : null;
  const freshness = useResultFreshness(doc, shownResult);

  const counts = new Map<string, number>();
  for (const i of issues) counts.set(sectionOf(i.path), (counts.get(sectionOf(i.path)) ?? 0) + 1);

  // Bring the progress bar (and then the results in its place) into view when a run starts.
  useEffect(() => {
    if (sim.state.status === 'running')
      resultsRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [sim.state.status]);

  // A saved link no longer describes the scenario once it is edited again.
  useEffect(() => {
    if (dirty) setSaved(null);
  }, [dirty]);

  const onRun = () => {
    if (issues.length > 0) {
      setTriedInvalid(true);
      const first = issues[0];
      if (first) focusIssue(first.path);
      return;
    }
    freshness.runStarted(doc);
    void sim.run({ scenario: doc }, { scenario: doc });
  };

  const onSave = async () => {
    if (issues.length > 0) {
      setTriedInvalid(true);
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      const r = await saveScenario(doc, parentId);
      recordMySave({ id: r.id, name: doc.name, parentId });
      setSaved(r);
      editor.markSaved();
    } catch (e) {
      setSaveError(
        e instanceof ApiError ? sentence(e.message) : 'Could not save: the server did not answer.',
      );
    } finally {
      setSaving(false);
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
                {parentId ? 'Fork of a saved scenario' : 'Scenario'}
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
                {dirty ? 'Unsaved changes (kept as a local draft)' : saved ? 'Saved' : 'No changes'}
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
              <button type="button" className="btn" onClick={() => void onSave()} disabled={saving}>
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
          below={<PreviewPanel state={preview} />}
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
          {saved ? <SharePanel id={saved.id} parentId={parentId} /> : null}

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
            <RunProgress state={sim.state} onCancel={sim.cancel} />
            {sim.state.status === 'idle' ? (
              <div className="card muted">
                Press <strong>Run simulation</strong> to see cost, risk and service for each
                strategy{issues.length > 0 ? ' (fix the problems above first)' : ''}.
              </div>
            ) : null}
            {sim.state.status === 'error' ? (
              <div className="alert alert-error" role="alert">
                The simulation did not run:{' '}
                {sim.state.path ? `${describePath(doc, sim.state.path)}: ` : ''}
                {sim.state.message}
              </div>
            ) : null}
            {sim.state.status === 'done' ? (
              <FreshResults freshness={freshness} onRunAgain={onRun}>
                <ResultsView
                  result={sim.state.result}
                  scenarioName={
                    (freshness.shownScenario as { name?: string } | undefined)?.name ?? doc.name
                  }
                />
              </FreshResults>
            ) : null}
            <RunAnnouncer state={sim.state} />
          </div>
          {parentId ? (
            <p className="small muted">
              Forked from <Link href={`/s/${parentId}`}>a saved scenario</Link>.
            </p>
          ) : null}
        </div>
      </div>
    </EditorContext.Provider>
  );
}
