'use client';

import { IdField, NumberField, TextField, useEditor } from './fields';
import { ItemHead, Section } from './section';
import { ScopeEscapeWarning } from './scope-escape-warning';
import { ShockCard } from './shock-card';
import {
  addCommonShock,
  addShock,
  removeCommonShock,
  SHOCK_KIND_LABELS,
  type ShockKind,
} from '@/lib/editor-ops';
import { banEscapes } from '@/lib/scope';

const ADD_LABELS: Record<ShockKind, string> = {
  ban: 'Add ban',
  capacityCut: 'Add capacity cut',
  priceChange: 'Add price change',
  priceJumps: 'Add price jumps',
  release: 'Add releases',
};

export function ShocksSection() {
  const { doc, apply } = useEditor();
  const shocks = doc.world.shocks ?? [];
  const groups = doc.world.commonShocks ?? [];
  const escapes = banEscapes(doc);
  return (
    <Section
      id="shocks"
      title="Shocks"
      intro="Things that can happen to offers: bans for some users, capacity cuts, price moves and new model releases."
    >
      <div className="row add-row" role="group" aria-label="Add a shock">
        {(Object.keys(SHOCK_KIND_LABELS) as ShockKind[]).map((k) => (
          <button
            key={k}
            type="button"
            className="btn btn-small"
            onClick={() =>
              apply((d) => addShock(d, k), `add ${SHOCK_KIND_LABELS[k].toLowerCase()}`)
            }
          >
            {ADD_LABELS[k]}
          </button>
        ))}
      </div>
      {escapes.map((e) => (
        <ScopeEscapeWarning key={e.shock} escape={e} />
      ))}
      {shocks.map((s, i) => (
        <ShockCard key={i} shock={s} index={i} />
      ))}
      <div className="subhead">Common shocks (several shocks firing together)</div>
      <p className="small muted" style={{ marginTop: 0 }}>
        When a common shock fires, every ban and capacity cut set to “fire with” it fires too (e.g.
        a trade escalation that cuts CN APIs off in the US and the EU at once).
      </p>
      {groups.map((g, i) => {
        const base = `world.commonShocks[${i}]`;
        const members = shocks.filter(
          (s) => (s.kind === 'ban' || s.kind === 'capacityCut') && s.group === g.id,
        );
        return (
          <div key={i} className="item" data-testid={`common-shock-${g.id}`}>
            <ItemHead
              title={g.name ?? g.id}
              what={`common shock ${g.name ?? g.id}`}
              onRemove={() => apply((d) => removeCommonShock(d, i), `remove common shock ${g.id}`)}
            />
            <div className="form-grid">
              <TextField path={`${base}.name`} label="Name" optional />
              <IdField path={`${base}.id`} label="Id" refs="commonShock" />
              <NumberField
                path={`${base}.hazardPerMonth`}
                label="Chance per month"
                unit="probability, e.g. 0.005"
              />
            </div>
            <p className="small muted" style={{ margin: '8px 0 0' }}>
              Fires:{' '}
              {members.length
                ? members.map((m) => m.name ?? m.id).join(', ')
                : 'nothing yet (set “Fires with” on a ban or capacity cut)'}
            </p>
          </div>
        );
      })}
      <button
        type="button"
        className="btn btn-small"
        style={{ marginTop: 10 }}
        onClick={() => apply(addCommonShock, 'add common shock')}
      >
        Add common shock
      </button>
    </Section>
  );
}
