'use client';

import { ChoiceField, FieldErrors, NumberField, useEditor } from './fields';
import { FormulaField } from './formula-field';
import { Sparkline } from './sparkline';
import { moveHandlers, ItemActions } from './section';
import { insertAt, moveAt, removeAt, setPricePathKind, type PricePathKind } from '@/lib/editor-ops';
import { previewHorizon, stepsSeries } from '@/lib/monthly-series';
import { getAt } from '@/lib/paths';

/**
 * An offer's price path: none (list price throughout), dated steps (a table of month and
 * factor), or a formula of month; either way with a preview of the factor over the horizon.
 */
export function PricePathEditor({ index }: { index: number }) {
  const { doc, apply, issuesAt } = useEditor();
  const base = `world.offers[${index}].pricePath`;
  const path = getAt(doc, base) as
    | { type?: unknown; steps?: { month?: unknown; factor?: unknown }[]; formula?: unknown }
    | undefined;
  const kind: PricePathKind =
    path?.type === 'steps' ? 'steps' : path?.type === 'formula' ? 'formula' : 'none';
  const horizon = previewHorizon(getAt(doc, 'world.horizonMonths'));
  const steps = Array.isArray(path?.steps) ? path.steps : [];
  return (
    <div className="stack" style={{ gap: 10 }} data-path={base}>
      <div className="form-grid">
        <ChoiceField
          id={`f-${base.replace(/[^a-zA-Z0-9]+/g, '-')}-kind`}
          label="Price over time"
          value={kind}
          onChange={(v) =>
            apply((d) => setPricePathKind(d, index, v as PricePathKind), 'price path form')
          }
          options={[
            { value: 'none', label: 'List price throughout' },
            { value: 'steps', label: 'Changes at dated months' },
            { value: 'formula', label: 'A formula of month' },
          ]}
          hint="factor × the list price; shocks multiply on top"
        />
      </div>
      {kind === 'formula' ? (
        <FormulaField
          path={`${base}.formula`}
          label="Price factor formula"
          hint="e.g. 0.97^month (3% cheaper each month); month 0 is the start month"
          previewLabel="price factor"
        />
      ) : null}
      {kind === 'steps' ? (
        <div>
          <table className="steps-table">
            <caption className="small muted">
              From each month on, the price is the list price × the factor (1 before the first
              step).
            </caption>
            <thead>
              <tr>
                <th scope="col">From month</th>
                <th scope="col">Factor</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {steps.map((_, k) => (
                <tr key={k}>
                  <td>
                    <NumberField
                      path={`${base}.steps[${k}].month`}
                      label={`Step ${k + 1} month`}
                      unit="0 = start month"
                    />
                  </td>
                  <td>
                    <NumberField
                      path={`${base}.steps[${k}].factor`}
                      label={`Step ${k + 1} factor`}
                      unit="× list price"
                    />
                  </td>
                  <td>
                    <ItemActions
                      what={`price step ${k + 1}`}
                      {...moveHandlers(k, steps.length, (from, to) =>
                        apply((d) => moveAt(d, `${base}.steps`, from, to), 'move price step'),
                      )}
                      {...(steps.length > 1
                        ? {
                            onRemove: () =>
                              apply((d) => removeAt(d, `${base}.steps`, k), 'remove price step'),
                          }
                        : {})}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <FieldErrors issues={issuesAt(`${base}.steps`, true)} />
          <div className="row" style={{ marginTop: 8 }}>
            <button
              type="button"
              className="btn btn-small"
              onClick={() =>
                apply((d) => {
                  const last = steps[steps.length - 1];
                  const month =
                    typeof last?.month === 'number' ? Math.min(last.month + 6, horizon - 1) : 0;
                  return insertAt(d, `${base}.steps`, { month, factor: 1 });
                }, 'add price step')
              }
            >
              Add step
            </button>
            <Sparkline values={stepsSeries(steps, horizon)} label="price factor" />
          </div>
        </div>
      ) : null}
    </div>
  );
}
