'use client';

import {
  ChoiceField,
  CodeListField,
  FieldErrors,
  NumberField,
  TextField,
  useEditor,
} from './fields';
import { ItemHead, moveHandlers } from './section';
import { RouteEditor } from './route-editor';
import {
  addRoute,
  duplicateAt,
  moveAt,
  removeAt,
  setStrategyMode,
  type StrategyIn,
} from '@/lib/editor-ops';

/**
 * One strategy: name, mode (rules, or adaptive with its sharpness and risk aversion), budget,
 * allowed jurisdictions, switching costs and contract terms, and its routes.
 */
export function StrategyCard({ strategy: s, index: i }: { strategy: StrategyIn; index: number }) {
  const { doc, apply, issuesAt } = useEditor();
  const base = `strategies[${i}]`;
  const count = doc.strategies.length;
  const mode = s.mode === 'adaptive' ? 'adaptive' : 'rule';
  const routes = s.routes ?? [];
  return (
    <div className="item" data-testid={`strategy-${s.id}`}>
      <ItemHead
        title={s.name || s.id}
        what={`strategy ${s.name}`}
        {...moveHandlers(i, count, (from, to) =>
          apply((d) => moveAt(d, 'strategies', from, to), `move strategy ${s.id}`),
        )}
        onDuplicate={() =>
          apply((d) => duplicateAt(d, 'strategies', i), `duplicate strategy ${s.id}`)
        }
        {...(count > 1
          ? {
              onRemove: () => apply((d) => removeAt(d, 'strategies', i), `remove strategy ${s.id}`),
            }
          : {})}
      />
      <div className="form-grid">
        <TextField path={`${base}.name`} label="Name" />
        <TextField path={`${base}.id`} label="Id" />
        <NumberField
          path={`${base}.budgetUsd`}
          label="Budget"
          unit="USD over the horizon (empty: none)"
          optional
        />
        <CodeListField
          path={`${base}.allowedJurisdictions`}
          label="Allowed jurisdictions"
          hint="lab and host codes, e.g. US, EU (empty: all)"
        />
        <ChoiceField
          id={`f-strategies-${i}-mode`}
          label="Mode"
          value={mode}
          onChange={(v) =>
            apply((d) => setStrategyMode(d, i, v as 'rule' | 'adaptive'), `strategy ${s.id} mode`)
          }
          options={[
            { value: 'rule', label: 'Rules: primaries, then fallbacks' },
            { value: 'adaptive', label: 'Adaptive: shifts to cheaper offers' },
          ]}
        />
        {mode === 'adaptive' ? (
          <>
            <NumberField
              path={`${base}.adaptive.beta`}
              label="Adaptivity (β)"
              unit="softmax sharpness on ln cost per solved task"
            />
            <NumberField
              path={`${base}.adaptive.riskAversion`}
              label="Risk aversion"
              unit="weight of last month's downtime (default 1)"
              optional
            />
          </>
        ) : null}
      </div>
      <div style={{ marginTop: 12 }}>
        <TextField path={`${base}.description`} label="Description" optional />
      </div>
      <div className="subhead">Switching and contracts</div>
      <div className="form-grid">
        <NumberField
          path={`${base}.switching.switchCostUsd`}
          label="Switching cost"
          unit="USD per full move of a workload-region"
        />
        <NumberField
          path={`${base}.switching.lagMonths`}
          label="Switching lag"
          unit="months to close the gap (default 1)"
          optional
        />
        <NumberField
          path={`${base}.switching.exitFeeUsd`}
          label="Exit fee"
          unit="USD when leaving before the contract ends"
          optional
        />
        <NumberField
          path={`${base}.switching.contractMonths`}
          label="Contract length"
          unit="months (0: none)"
          optional
        />
        <NumberField
          path={`${base}.switching.inertiaBonus`}
          label="Inertia bonus"
          unit="utility bonus for the incumbent (adaptive)"
          optional
        />
      </div>
      <FieldErrors
        issues={[
          ...issuesAt(`${base}.routes`, true),
          ...issuesAt(`${base}.adaptive`, true),
          ...issuesAt(`${base}.switching`, true),
        ]}
      />
      <div className="subhead">Routes</div>
      <div className="stack" style={{ gap: 10 }}>
        {routes.map((r, k) => (
          <RouteEditor key={k} strategyIndex={i} route={r} index={k} count={routes.length} />
        ))}
      </div>
      <button
        type="button"
        className="btn btn-small"
        style={{ marginTop: 10 }}
        onClick={() => apply((d) => addRoute(d, i), 'add route')}
      >
        Add route
      </button>
    </div>
  );
}
