'use client';

import { useState } from 'react';
import { ChoiceField, NumberField, SelectField, TextField, useEditor } from './fields';
import { ItemActions, moveHandlers } from './section';
import { ScopeEditor } from './scope-editor';
import {
  DurationFields,
  TimingFields,
  describeDuration,
  describeTiming,
} from './shock-timing-fields';
import {
  changeShockKind,
  duplicateAt,
  moveAt,
  removeAt,
  SHOCK_KIND_LABELS,
  type ShockIn,
  type ShockKind,
} from '@/lib/editor-ops';
import { scopeOffersText } from '@/lib/scope';

/**
 * One shock: a one-line summary (when, for how long, whom) and, behind Edit, its kind, timing,
 * duration, size, common-shock group and scope.
 */
export function ShockCard({ shock: s, index: i }: { shock: ShockIn; index: number }) {
  const { doc, apply, change, issuesAt } = useEditor();
  const [userOpen, setUserOpen] = useState(false);
  const base = `world.shocks[${i}]`;
  const issues = issuesAt(base);
  const open = userOpen || issues.length > 0;
  const shocks = doc.world.shocks ?? [];
  const groups = doc.world.commonShocks ?? [];
  const regionsText =
    s.scope?.regions
      ?.map((id) => doc.world.regions.find((r) => r.id === id)?.name ?? id)
      .join(', ') ?? 'all regions';
  const group = 'group' in s && s.group ? groups.find((g) => g.id === s.group) : undefined;
  const bodyId = `shock-${i}-details`;
  return (
    <div className="item" data-testid={`shock-${s.id}`}>
      <div className="item-head" style={{ marginBottom: open ? 12 : 0, alignItems: 'flex-start' }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <h3 style={{ margin: 0 }}>
            {SHOCK_KIND_LABELS[s.kind]}: {s.name ?? s.id}
          </h3>
          <div className="small muted">
            {[
              describeTiming(s),
              describeDuration(s),
              `offers: ${scopeOffersText(doc, s.scope)}`,
              `users: ${regionsText}`,
              group ? `fires with “${group.name ?? group.id}”` : '',
            ]
              .filter(Boolean)
              .join(' · ')}
          </div>
        </div>
        <button
          type="button"
          className="btn btn-small"
          aria-expanded={open}
          aria-controls={bodyId}
          aria-label={`${open ? 'Close' : 'Edit'} shock ${s.name ?? s.id}`}
          onClick={() => setUserOpen(!open)}
          disabled={issues.length > 0}
        >
          {open ? 'Less' : 'Edit'}
        </button>
        <ItemActions
          what={`shock ${s.name ?? s.id}`}
          {...moveHandlers(i, shocks.length, (from, to) =>
            apply((d) => moveAt(d, 'world.shocks', from, to), `move shock ${s.id}`),
          )}
          onDuplicate={() =>
            apply((d) => duplicateAt(d, 'world.shocks', i), `duplicate shock ${s.id}`)
          }
          onRemove={() => apply((d) => removeAt(d, 'world.shocks', i), `remove shock ${s.id}`)}
        />
      </div>
      {open ? (
        <div id={bodyId}>
          <div className="form-grid">
            <TextField path={`${base}.name`} label="Name" optional />
            <TextField path={`${base}.id`} label="Id" />
            <ChoiceField
              id={`f-world-shocks-${i}-kind`}
              label="Kind"
              value={s.kind}
              options={Object.entries(SHOCK_KIND_LABELS).map(([value, label]) => ({
                value,
                label,
              }))}
              onChange={(k) =>
                apply((d) => changeShockKind(d, i, k as ShockKind), `shock ${s.id} kind`)
              }
            />
            <TimingFields base={base} shock={s} />
            <DurationFields base={base} shock={s} />
            {s.kind === 'capacityCut' ? (
              <NumberField
                path={`${base}.capacityFactor`}
                label="Capacity left"
                unit="share, 0–1 (0.3 = 70% cut)"
              />
            ) : null}
            {s.kind === 'priceChange' ? (
              <NumberField
                path={`${base}.factor`}
                label="Price factor"
                unit="× price from then on"
              />
            ) : null}
            {s.kind === 'priceJumps' ? (
              <>
                <NumberField
                  path={`${base}.ratePerMonth`}
                  label="Jumps"
                  unit="per month per offer"
                />
                <NumberField
                  path={`${base}.logSizeMean`}
                  label="Jump size (mean)"
                  unit="mean of ln(price factor)"
                />
                <NumberField
                  path={`${base}.logSizeSd`}
                  label="Jump size (spread)"
                  unit="sd of ln(price factor)"
                />
              </>
            ) : null}
            {s.kind === 'release' ? (
              <>
                <NumberField
                  path={`${base}.qualityStepMean`}
                  label="Quality step"
                  unit="index points (mean)"
                />
                <NumberField
                  path={`${base}.qualityStepSd`}
                  label="Quality step spread"
                  unit="index points (sd)"
                />
                <NumberField
                  path={`${base}.priceResetFactor`}
                  label="Price at a release"
                  unit="× list price (empty: unchanged)"
                  optional
                />
              </>
            ) : null}
            {s.kind === 'ban' || s.kind === 'capacityCut' ? (
              <SelectField
                path={`${base}.group`}
                label="Fires with"
                fallback=""
                {...(groups.length === 0
                  ? { hint: 'add a common shock below to link shocks' }
                  : {})}
                options={[
                  { value: '', label: 'on its own' },
                  ...groups.map((g) => ({ value: g.id, label: g.name ?? g.id })),
                ]}
                onSelect={(v) => change(`${base}.group`, v === '' ? undefined : v)}
              />
            ) : null}
          </div>
          <div className="subhead">Whom it hits</div>
          <ScopeEditor base={base} shock={s} />
        </div>
      ) : null}
    </div>
  );
}
