'use client';

import { IdField, NumberField, TextField, useEditor } from './fields';
import { ItemHead, JURISDICTION_HINT, Section, moveHandlers } from './section';
import { duplicateAt, insertAt, moveAt, removeRegion, uniqueId } from '@/lib/editor-ops';

export function RegionsSection() {
  const { doc, apply } = useEditor();
  const regions = doc.world.regions;
  const sum = regions.reduce(
    (a, r) => a + (typeof r.demandShare === 'number' ? r.demandShare : 0),
    0,
  );
  return (
    <Section
      id="regions"
      title="Regions"
      intro={`Where your users are, and under which jurisdiction. Shares of demand add up to 1 (now ${sum.toFixed(2)}).`}
      actions={
        <button
          type="button"
          className="btn btn-small"
          onClick={() =>
            apply(
              (d) =>
                insertAt(d, 'world.regions', {
                  id: uniqueId(
                    'region',
                    d.world.regions.map((r) => r.id),
                  ),
                  name: 'New region',
                  demandShare: 0,
                  jurisdiction: 'US',
                }),
              'add region',
            )
          }
        >
          Add region
        </button>
      }
    >
      {regions.map((r, i) => {
        const base = `world.regions[${i}]`;
        return (
          <div key={i} className="item" data-testid={`region-${r.id}`}>
            <ItemHead
              title={r.name || r.id}
              what={`region ${r.name}`}
              {...moveHandlers(i, regions.length, (from, to) =>
                apply((d) => moveAt(d, 'world.regions', from, to), `move region ${r.id}`),
              )}
              onDuplicate={() =>
                apply((d) => duplicateAt(d, 'world.regions', i), `duplicate region ${r.id}`)
              }
              onRemove={
                regions.length > 1
                  ? () => apply((d) => removeRegion(d, i), `remove region ${r.id}`)
                  : undefined
              }
            />
            <div className="form-grid">
              <TextField path={`${base}.name`} label="Name" />
              <IdField path={`${base}.id`} label="Id" refs="region" />
              <NumberField
                path={`${base}.demandShare`}
                label="Share of demand"
                unit="0–1, e.g. 0.25"
              />
              <TextField
                path={`${base}.jurisdiction`}
                label="Jurisdiction"
                hint={JURISDICTION_HINT}
              />
            </div>
          </div>
        );
      })}
    </Section>
  );
}
