'use client';

import { useEffect, useId, useRef, useState } from 'react';
import type { ScenarioInput } from '@crosswind/schema';
import { useEditor } from './fields';

/**
 * The scenario as JSON, for power users. Edits that parse are applied to the form at once (and
 * can be undone); text that does not parse stays here, with the syntax error, until it does.
 */
export function JsonView() {
  const { doc, replace, issues } = useEditor();
  const pretty = JSON.stringify(doc, null, 2);
  const [text, setText] = useState(pretty);
  const [syntaxError, setSyntaxError] = useState<string | null>(null);
  const lastApplied = useRef(pretty);
  const hintId = useId();

  useEffect(() => {
    // The form or undo changed the scenario: show it, unless it is what we just applied.
    if (pretty !== lastApplied.current) {
      lastApplied.current = pretty;
      setText(pretty);
      setSyntaxError(null);
    }
  }, [pretty]);

  return (
    <section className="card stack" aria-labelledby="json-h">
      <div className="item-head" style={{ marginBottom: 0 }}>
        <h2 id="json-h" style={{ margin: 0, flex: 1 }}>
          Scenario JSON
        </h2>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => void navigator.clipboard?.writeText(text)}
        >
          Copy JSON
        </button>
      </div>
      <p className="muted small" id={hintId} style={{ margin: 0 }}>
        The same scenario as the form, in the format the API and the command-line tool read. Changes
        here show up in the form.
      </p>
      <textarea
        className="textarea json-editor"
        spellCheck={false}
        aria-label="Scenario as JSON"
        aria-describedby={hintId}
        aria-invalid={syntaxError !== null}
        value={text}
        data-testid="json-editor"
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          try {
            const parsed = JSON.parse(t) as ScenarioInput;
            setSyntaxError(null);
            const normalized = JSON.stringify(parsed, null, 2);
            lastApplied.current = normalized;
            replace(parsed, 'JSON edit');
          } catch (err) {
            setSyntaxError(err instanceof Error ? err.message : 'not valid JSON');
          }
        }}
      />
      {syntaxError ? (
        <div className="alert alert-error" role="alert">
          Not valid JSON yet: {syntaxError}. The form keeps the last valid version.
        </div>
      ) : issues.length > 0 ? (
        <div className="alert alert-warn">
          {issues.length} problem{issues.length > 1 ? 's' : ''} in the scenario:
          <ul>
            {issues.slice(0, 8).map((i, k) => (
              <li key={k}>
                <span className="mono">{i.path}</span>: {i.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
