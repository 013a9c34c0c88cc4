'use client';

import { FieldErrors, IdChecklist, NumberField, SelectField, useEditor } from './fields';
import { ItemActions, ItemHead, moveHandlers } from './section';
import {
  addFallback,
  addPrimary,
  duplicateAt,
  moveAt,
  removeAt,
  removePrimary,
  splitEvenly,
  type RouteIn,
} from '@/lib/editor-ops';

/**
 * One route of a strategy: which workloads and regions it serves, the primary offers with the
 * share of demand each takes (a split), and the fallbacks in the order they are tried.
 */
export function RouteEditor({
  strategyIndex,
  route,
  index,
  count,
}: {
  strategyIndex: number;
  route: RouteIn;
  index: number;
  count: number;
}) {
  const { doc, apply, issuesAt } = useEditor();
  const routesPath = `strategies[${strategyIndex}].routes`;
  const base = `${routesPath}[${index}]`;
  const offerOptions = doc.world.offers.map((o) => ({ value: o.id, label: o.name }));
  const primary = route.primary ?? [];
  const fallbacks = route.fallbacks ?? [];
  const weightSum = primary.reduce((a, p) => a + (typeof p.weight === 'number' ? p.weight : 0), 0);
  return (
    <div className="item route" data-path={base} data-testid={`route-${strategyIndex}-${index}`}>
      <ItemHead
        title={`Route ${index + 1}`}
        what={`route ${index + 1}`}
        {...moveHandlers(index, count, (from, to) =>
          apply((d) => moveAt(d, routesPath, from, to), 'move route'),
        )}
        onDuplicate={() => apply((d) => duplicateAt(d, routesPath, index), 'duplicate route')}
        {...(count > 1
          ? { onRemove: () => apply((d) => removeAt(d, routesPath, index), 'remove route') }
          : {})}
      />
      <div className="grid-2">
        <IdChecklist
          path={`${base}.workloads`}
          label="Workloads"
          options={doc.world.workloads.map((w) => ({ value: w.id, label: w.name }))}
        />
        <IdChecklist
          path={`${base}.regions`}
          label="Regions"
          options={doc.world.regions.map((r) => ({ value: r.id, label: r.name }))}
        />
      </div>
      <div className="subhead">
        Primary offers
        {primary.length > 1 ? ` (split: weights add up to ${+weightSum.toFixed(4)})` : ''}
      </div>
      {primary.map((_, k) => (
        <div key={k} className="route-row" data-testid={`primary-${k}`}>
          <SelectField
            path={`${base}.primary[${k}].offer`}
            label={`Primary ${k + 1}`}
            options={offerOptions}
          />
          <NumberField path={`${base}.primary[${k}].weight`} label="Weight" unit="share, 0–1" />
          <ItemActions
            what={`primary ${k + 1}`}
            {...moveHandlers(k, primary.length, (from, to) =>
              apply((d) => moveAt(d, `${base}.primary`, from, to), 'move primary'),
            )}
            {...(primary.length > 1
              ? { onRemove: () => apply((d) => removePrimary(d, base, k), 'remove primary') }
              : {})}
          />
        </div>
      ))}
      <FieldErrors issues={issuesAt(`${base}.primary`, true)} />
      <div className="row">
        <button
          type="button"
          className="btn btn-small"
          onClick={() => apply((d) => addPrimary(d, base), 'add primary offer')}
        >
          Add primary offer (split)
        </button>
        {primary.length > 1 ? (
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={() => apply((d) => splitEvenly(d, base), 'split evenly')}
          >
            Split evenly
          </button>
        ) : null}
      </div>
      <div className="subhead">Fallbacks, in the order they are tried</div>
      {fallbacks.length === 0 ? (
        <p className="small muted" style={{ margin: '0 0 8px' }}>
          None: demand the primaries cannot take goes unserved.
        </p>
      ) : null}
      {fallbacks.map((_, k) => (
        <div key={k} className="route-row route-row-fallback" data-testid={`fallback-${k}`}>
          <SelectField
            path={`${base}.fallbacks[${k}]`}
            label={`Fallback ${k + 1}`}
            options={offerOptions}
          />
          <ItemActions
            what={`fallback ${k + 1}`}
            {...moveHandlers(k, fallbacks.length, (from, to) =>
              apply((d) => moveAt(d, `${base}.fallbacks`, from, to), 'move fallback'),
            )}
            onRemove={() => apply((d) => removeAt(d, `${base}.fallbacks`, k), 'remove fallback')}
          />
        </div>
      ))}
      <FieldErrors issues={issuesAt(`${base}.fallbacks`, true)} />
      <button
        type="button"
        className="btn btn-small"
        onClick={() => apply((d) => addFallback(d, base), 'add fallback')}
      >
        Add fallback
      </button>
    </div>
  );
}
