'use client';

import { useId, useMemo } from 'react';
import { FieldErrors, fieldDomId, useEditor } from './fields';
import { Sparkline } from './sparkline';
import { checkFormula } from '@/lib/formula-check';
import { previewHorizon } from '@/lib/monthly-series';
import { getAt } from '@/lib/paths';

/**
 * A formula of `month` (a price path, a demand multiplier), checked on every keystroke with the
 * engine's own sandboxed parser over the scenario's horizon: a plain-words error while it is
 * wrong, a small preview of the path once it is right. What the user typed is always stored, so
 * Run and Save see exactly this text and the server says the same.
 */
export function FormulaField({
  path,
  label,
  hint,
  previewLabel,
}: {
  path: string;
  label: string;
  hint: string;
  /** what the values are, for the preview's description, e.g. "price factor" */
  previewLabel: string;
}) {
  const { doc, change, issuesAt } = useEditor();
  const value = getAt(doc, path);
  const text = typeof value === 'string' ? value : '';
  const horizon = previewHorizon(getAt(doc, 'world.horizonMonths'));
  const check = useMemo(() => checkFormula(text, horizon), [text, horizon]);
  const errorId = useId();
  const hintId = useId();
  // The editor's issues include this formula's check (lib/formula-check.ts formulaIssues).
  const issues = issuesAt(path, true);
  return (
    <div className="field formula-field" data-path={path}>
      <label className="field-label" htmlFor={fieldDomId(path)}>
        {label}
      </label>
      <input
        id={fieldDomId(path)}
        className="input mono"
        autoComplete="off"
        spellCheck={false}
        value={text}
        aria-invalid={issues.length > 0}
        aria-describedby={issues.length > 0 ? `${errorId} ${hintId}` : hintId}
        onChange={(e) => change(path, e.target.value)}
      />
      <span className="field-hint" id={hintId}>
        {hint}
      </span>
      <FieldErrors issues={issues} id={errorId} />
      {check.ok && issues.length === 0 ? (
        <Sparkline values={check.values} label={previewLabel} />
      ) : null}
    </div>
  );
}
