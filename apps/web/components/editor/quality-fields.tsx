'use client';

import { useState } from 'react';
import { FieldErrors, NumberField, useEditor } from './fields';
import { keyPath, setAt } from '@/lib/paths';

/**
 * An offer's capability index per task axis. Axes the workloads use but the offer lacks can be
 * added with one click; any other axis by name; an axis no workload uses can be removed.
 */
export function QualityFields({ index }: { index: number }) {
  const { doc, apply, issuesAt } = useEditor();
  const [newAxis, setNewAxis] = useState('');
  const offer = doc.world.offers[index];
  const base = `world.offers[${index}]`;
  const quality = offer?.quality ?? {};
  const axes = Object.keys(quality);
  const used = new Set(doc.world.workloads.map((w) => w.qualityAxis));
  const missing = [...used].filter((a) => typeof a === 'string' && a !== '' && !(a in quality));
  const add = (axis: string) =>
    apply((d) => setAt(d, keyPath(`${base}.quality`, axis), 50), `add quality axis ${axis}`);
  return (
    <>
      <div className="form-grid">
        {axes.map((axis) => (
          <div key={axis} className="stack" style={{ gap: 2 }}>
            <NumberField
              path={keyPath(`${base}.quality`, axis)}
              label={`Quality: ${axis}`}
              unit="capability index, 0–100"
            />
            {!used.has(axis) && axes.length > 1 ? (
              <button
                type="button"
                className="btn btn-small btn-ghost"
                style={{ alignSelf: 'start' }}
                onClick={() =>
                  apply(
                    (d) => setAt(d, keyPath(`${base}.quality`, axis), undefined),
                    `remove quality axis ${axis}`,
                  )
                }
              >
                Remove axis “{axis}”
              </button>
            ) : null}
          </div>
        ))}
      </div>
      <FieldErrors issues={issuesAt(`${base}.quality`, true)} />
      <div className="row" style={{ marginTop: 8 }}>
        {missing.map((a) => (
          <button key={a} type="button" className="btn btn-small" onClick={() => add(a)}>
            Add quality “{a}” (used by a workload)
          </button>
        ))}
        <label className="sr-only" htmlFor={`${base}-new-axis`}>
          New quality axis
        </label>
        <input
          id={`${base}-new-axis`}
          className="input"
          style={{ width: 150 }}
          placeholder="new axis, e.g. coding"
          value={newAxis}
          onChange={(e) => setNewAxis(e.target.value.toLowerCase())}
        />
        <button
          type="button"
          className="btn btn-small"
          disabled={!/^[a-z0-9][a-z0-9._-]*$/.test(newAxis) || newAxis in quality}
          onClick={() => {
            add(newAxis);
            setNewAxis('');
          }}
        >
          Add axis
        </button>
      </div>
    </>
  );
}
