'use client';

import { createContext, useContext, useEffect, useId, useState, type ReactNode } from 'react';
import type { ValidationIssue } from '@crosswind/schema';
import type { EditorState } from './use-scenario-editor';
import { renameId } from '@/lib/editor-ops';
import { getAt } from '@/lib/paths';

export const EditorContext = createContext<EditorState | null>(null);

export function useEditor(): EditorState {
  const ctx = useContext(EditorContext);
  if (!ctx) throw new Error('useEditor outside EditorContext');
  return ctx;
}

/** DOM id of the control for a scenario path, so issue lists can link to it. */
export function fieldDomId(path: string): string {
  return `f-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}

/** Schema messages, phrased for people: "must be a number (USD ...)" -> "Enter a number (USD ...)". */
export function friendly(message: string): string {
  return message
    .trim()
    .replace(/^must be a number \((.+)\)$/, 'enter a number ($1)')
    .replace(/^must be a whole month index.*$/, 'enter a whole month (0 = the start month)')
    .replace(/^Invalid input: expected number, received \w+$/, 'enter a number')
    .replace(/^Invalid input: expected string, received \w+$/, 'enter some text')
    .replace(/^must not be empty$/, 'this cannot be empty');
}

export function sentence(message: string): string {
  const m = friendly(message);
  const capital = m.charAt(0).toUpperCase() + m.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

export function FieldErrors({ issues, id }: { issues: ValidationIssue[]; id?: string }) {
  if (issues.length === 0) return null;
  return (
    <div className="field-error" id={id} role="alert" data-testid="field-error">
      {issues.map((i, k) => (
        <div key={k}>{sentence(i.message)}</div>
      ))}
    </div>
  );
}

interface BaseProps {
  path: string;
  label: string;
  hint?: ReactNode;
  /** Show issues of nested paths too (for fields that stand for a whole object). */
  nested?: boolean;
}

function FieldShell({
  path,
  label,
  hint,
  issues,
  children,
  errorId,
}: BaseProps & { issues: ValidationIssue[]; children: ReactNode; errorId: string }) {
  return (
    <div className="field" data-path={path}>
      <label className="field-label" htmlFor={fieldDomId(path)}>
        {label}
      </label>
      {children}
      {hint ? <span className="field-hint">{hint}</span> : null}
      <FieldErrors issues={issues} id={errorId} />
    </div>
  );
}

/** Large numbers get thousands separators (typed commas are accepted and ignored). */
function numberText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' && Math.abs(v) >= 10_000)
    return v.toLocaleString('en-US', { maximumFractionDigits: 12 });
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * A number input that keeps what the user typed: text that is not a number is stored as is, so
 * the schema reports it next to the field instead of the edit being silently dropped.
 */
export function NumberField({
  path,
  label,
  hint,
  unit,
  optional,
  nested,
}: BaseProps & { unit?: string; optional?: boolean }) {
  const { doc, change, issuesAt } = useEditor();
  const value = getAt(doc, path);
  const [text, setText] = useState(numberText(value));
  const errorId = useId();
  useEffect(() => {
    const parsed = text.trim() === '' ? undefined : Number(text.replace(/,/g, ''));
    if (parsed !== value && !(typeof value === 'string' && value === text))
      setText(numberText(value));
    // Only react to outside changes of the stored value (undo, JSON view).
  }, [value]);
  const issues = issuesAt(path, !nested);
  return (
    <FieldShell path={path} label={label} hint={hint ?? unit} issues={issues} errorId={errorId}>
      <input
        id={fieldDomId(path)}
        className="input"
        inputMode="decimal"
        autoComplete="off"
        value={text}
        aria-invalid={issues.length > 0}
        aria-describedby={issues.length > 0 ? errorId : undefined}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          const trimmed = t.trim().replace(/,/g, '');
          if (trimmed === '') change(path, optional ? undefined : '');
          else if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(trimmed))
            change(path, Number(trimmed));
          else change(path, t);
        }}
      />
    </FieldShell>
  );
}

export function TextField({
  path,
  label,
  hint,
  optional,
  multiline,
  nested,
  numeric,
}: BaseProps & { optional?: boolean; multiline?: boolean; numeric?: boolean }) {
  const { doc, change, issuesAt } = useEditor();
  const value = getAt(doc, path);
  const errorId = useId();
  const issues = issuesAt(path, !nested);
  const props = {
    id: fieldDomId(path),
    value: typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value),
    'aria-invalid': issues.length > 0,
    'aria-describedby': issues.length > 0 ? errorId : undefined,
    onChange: (e: { target: { value: string } }) => {
      const t = e.target.value;
      if (optional && t === '') change(path, undefined);
      else if (numeric && /^\d{1,15}$/.test(t)) change(path, Number(t));
      else change(path, t);
    },
  };
  return (
    <FieldShell path={path} label={label} hint={hint} issues={issues} errorId={errorId}>
      {multiline ? (
        <textarea className="textarea" rows={2} {...props} />
      ) : (
        <input className="input" autoComplete="off" {...props} />
      )}
    </FieldShell>
  );
}

export function SelectField({
  path,
  label,
  hint,
  options,
  onSelect,
  fallback,
}: BaseProps & {
  options: { value: string; label: string }[];
  onSelect?: (value: string) => void;
  /** what the schema assumes when the field is absent */
  fallback?: string;
}) {
  const { doc, change, issuesAt } = useEditor();
  const value = getAt(doc, path) ?? fallback;
  const errorId = useId();
  const issues = issuesAt(path, true);
  const known = options.some((o) => o.value === value);
  return (
    <FieldShell path={path} label={label} hint={hint} issues={issues} errorId={errorId}>
      <select
        id={fieldDomId(path)}
        className="select"
        value={typeof value === 'string' ? value : ''}
        aria-invalid={issues.length > 0}
        onChange={(e) => (onSelect ? onSelect(e.target.value) : change(path, e.target.value))}
      >
        {!known ? (
          <option value={typeof value === 'string' ? value : ''}>
            {typeof value === 'string' && value ? `${value} (unknown)` : 'Choose…'}
          </option>
        ) : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CheckboxField({ path, label }: { path: string; label: string }) {
  const { doc, change } = useEditor();
  const value = getAt(doc, path);
  return (
    <label className="checkbox" style={{ alignSelf: 'end', height: 34 }}>
      <input
        id={fieldDomId(path)}
        type="checkbox"
        checked={value === true}
        onChange={(e) => change(path, e.target.checked)}
      />
      {label}
    </label>
  );
}

/** A set of ids as checkboxes; nothing ticked stores `undefined`, which the schema reads as "all". */
export function IdChecklist({
  path,
  label,
  options,
  emptyMeans = 'all',
}: {
  path: string;
  label: string;
  options: { value: string; label: string }[];
  emptyMeans?: string;
}) {
  const { doc, change, issuesAt } = useEditor();
  const value = getAt(doc, path);
  const selected = Array.isArray(value) ? (value as unknown[]).map(String) : [];
  const issues = issuesAt(path);
  const groupId = useId();
  return (
    <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }} data-path={path}>
      <legend className="field-label" id={groupId}>
        {label}{' '}
        <span className="field-hint">
          {selected.length === 0 ? `(none ticked: ${emptyMeans})` : ''}
        </span>
      </legend>
      <div className="row" style={{ gap: '4px 14px' }} id={fieldDomId(path)}>
        {options.map((o) => (
          <label key={o.value} className="checkbox">
            <input
              type="checkbox"
              checked={selected.includes(o.value)}
              onChange={(e) => {
                const next = e.target.checked
                  ? [...selected, o.value]
                  : selected.filter((s) => s !== o.value);
                change(path, next.length === 0 ? undefined : next);
              }}
            />
            {o.label}
          </label>
        ))}
      </div>
      <FieldErrors issues={issues} />
    </fieldset>
  );
}

/** Comma-separated codes, e.g. jurisdictions "US, EU". Empty stores `undefined`. */
export function CodeListField({ path, label, hint }: BaseProps) {
  const { doc, change, issuesAt } = useEditor();
  const value = getAt(doc, path);
  const [text, setText] = useState(Array.isArray(value) ? value.join(', ') : '');
  const errorId = useId();
  useEffect(() => {
    const current = text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const stored = Array.isArray(value) ? (value as unknown[]).map(String) : [];
    if (current.join(',') !== stored.join(',')) setText(stored.join(', '));
  }, [value]);
  const issues = issuesAt(path);
  return (
    <FieldShell path={path} label={label} hint={hint} issues={issues} errorId={errorId}>
      <input
        id={fieldDomId(path)}
        className="input"
        value={text}
        aria-invalid={issues.length > 0}
        onChange={(e) => {
          setText(e.target.value);
          const list = e.target.value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
          change(path, list.length === 0 ? undefined : list);
        }}
      />
    </FieldShell>
  );
}

/**
 * A choice that is not one field of the scenario but changes its shape (a price path's form, a
 * strategy's mode, a shock's timing), so `onChange` decides what to store.
 */
export function ChoiceField({
  id,
  label,
  value,
  options,
  onChange,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  hint?: ReactNode;
}) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? <span className="field-hint">{hint}</span> : null}
    </div>
  );
}

/** An on/off switch for an optional part of the scenario (outages, a region mix, ...). */
export function CheckboxToggle({
  id,
  label,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (on: boolean) => void;
}) {
  return (
    <label className="checkbox" htmlFor={id}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      {label}
    </label>
  );
}

/**
 * An id that other parts of the scenario refer to. While typing, the id changes alone; when the
 * field loses focus, every reference to the old id is renamed too (lib/editor-ops.ts renameId),
 * so renaming an offer never breaks the strategies and shocks that use it.
 */
export function IdField({
  path,
  label,
  hint,
  refs,
}: BaseProps & { refs: 'offer' | 'workload' | 'region' | 'commonShock' }) {
  const { doc, apply } = useEditor();
  const [start, setStart] = useState<string | null>(null);
  return (
    <div
      style={{ display: 'contents' }}
      onFocus={() => {
        const v = getAt(doc, path);
        setStart(typeof v === 'string' ? v : null);
      }}
      onBlur={() => {
        const now = getAt(doc, path);
        if (start !== null && typeof now === 'string' && now !== start && now !== '')
          apply((d) => renameId(d, refs, start, now), `rename ${refs} ${start}`);
        setStart(null);
      }}
    >
      <TextField path={path} label={label} hint={hint} />
    </div>
  );
}
