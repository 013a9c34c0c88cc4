'use client';

import {
  CheckboxToggle,
  ChoiceField,
  FieldErrors,
  IdField,
  NumberField,
  SelectField,
  TextField,
  useEditor,
} from './fields';
import { FormulaField } from './formula-field';
import { ItemHead, Section, moveHandlers } from './section';
import { Sparkline } from './sparkline';
import {
  duplicateAt,
  insertAt,
  moveAt,
  removeWorkload,
  uniqueId,
  type WorkloadIn,
} from '@/lib/editor-ops';
import { growthSeries, previewHorizon } from '@/lib/monthly-series';
import { keyPath, setAt } from '@/lib/paths';

function GrowthFields({ index, workload }: { index: number; workload: WorkloadIn }) {
  const { doc, apply } = useEditor();
  const base = `world.workloads[${index}].growth`;
  const growth = workload.growth;
  const kind = growth && 'formula' in growth ? 'formula' : 'rate';
  const horizon = previewHorizon(doc.world.horizonMonths);
  const rate =
    growth && 'monthlyRate' in growth && typeof growth.monthlyRate === 'number'
      ? growth.monthlyRate
      : undefined;
  return (
    <>
      <ChoiceField
        id={`f-${base.replace(/[^a-zA-Z0-9]+/g, '-')}-kind`}
        label="Growth"
        value={kind}
        onChange={(v) =>
          apply(
            (d) =>
              setAt(
                d,
                base,
                v === 'formula'
                  ? { formula: `(1 + ${rate ?? 0.02})^month` }
                  : { monthlyRate: 0.02 },
              ),
            'growth form',
          )
        }
        options={[
          { value: 'rate', label: 'A fixed rate per month' },
          { value: 'formula', label: 'A formula of month' },
        ]}
      />
      {kind === 'rate' ? (
        <div className="stack" style={{ gap: 4 }}>
          <NumberField
            path={`${base}.monthlyRate`}
            label="Growth rate"
            unit="per month, e.g. 0.04 = 4%"
          />
          {rate !== undefined && rate >= -0.5 && rate <= 1 ? (
            <Sparkline values={growthSeries(rate, horizon)} label="demand multiplier" />
          ) : null}
        </div>
      ) : (
        <div style={{ gridColumn: '1 / -1' }}>
          <FormulaField
            path={`${base}.formula`}
            label="Demand multiplier formula"
            hint="1 at month 0, e.g. 1 + 0.05*month, or min(3, 1.08^month)"
            previewLabel="demand multiplier"
          />
        </div>
      )}
    </>
  );
}

/** Share of a workload's tasks per region; off means "the regions' demand shares". */
function RegionMixFields({ index, workload }: { index: number; workload: WorkloadIn }) {
  const { doc, apply, issuesAt } = useEditor();
  const base = `world.workloads[${index}].regionMix`;
  const mix = workload.regionMix;
  return (
    <div style={{ marginTop: 12 }}>
      <CheckboxToggle
        id={`f-${base.replace(/[^a-zA-Z0-9]+/g, '-')}-on`}
        label="Its own mix of regions (otherwise the regions' shares of demand)"
        checked={mix !== undefined}
        onChange={(on) =>
          apply(
            (d) =>
              setAt(
                d,
                base,
                on
                  ? Object.fromEntries(d.world.regions.map((r) => [r.id, r.demandShare]))
                  : undefined,
              ),
            on ? 'add region mix' : 'remove region mix',
          )
        }
      />
      {mix !== undefined ? (
        <div className="form-grid" style={{ marginTop: 8 }}>
          {Object.keys(mix)
            .filter((k) => !doc.world.regions.some((r) => r.id === k))
            .map((k) => (
              <button
                key={k}
                type="button"
                className="btn btn-small"
                onClick={() =>
                  apply((d) => setAt(d, keyPath(base, k), undefined), `remove mix share ${k}`)
                }
              >
                Remove “{k}” (not a region)
              </button>
            ))}
          {doc.world.regions.map((r) => (
            <NumberField
              key={r.id}
              path={keyPath(base, r.id)}
              label={`Share in ${r.name}`}
              unit="0–1; the mix adds up to 1"
              optional
            />
          ))}
        </div>
      ) : null}
      <FieldErrors issues={issuesAt(base)} />
    </div>
  );
}

export function WorkloadsSection() {
  const { doc, apply } = useEditor();
  const workloads = doc.world.workloads;
  const axes = [...new Set(doc.world.offers.flatMap((o) => Object.keys(o.quality ?? {})))];
  return (
    <Section
      id="workloads"
      title="Workloads"
      intro="The kinds of tasks you buy AI for, how many there are, and how hard they are."
      actions={
        <button
          type="button"
          className="btn btn-small"
          onClick={() =>
            apply((d) => {
              const id = uniqueId(
                'workload',
                d.world.workloads.map((w) => w.id),
              );
              const fresh: WorkloadIn = {
                id,
                name: 'New workload',
                tasksPerMonth: 10000,
                growth: { monthlyRate: 0 },
                inputTokensPerAttempt: 1000,
                outputTokensPerAttempt: 300,
                qualityAxis: axes[0] ?? 'general',
                difficulty: 35,
                slope: 5,
                maxRetries: 1,
                valuePerSuccessUsd: 0,
              };
              return insertAt(d, 'world.workloads', fresh);
            }, 'add workload')
          }
        >
          Add workload
        </button>
      }
    >
      {workloads.map((w, i) => {
        const base = `world.workloads[${i}]`;
        return (
          <div key={i} className="item" data-testid={`workload-${w.id}`}>
            <ItemHead
              title={w.name || w.id}
              what={`workload ${w.name}`}
              {...moveHandlers(i, workloads.length, (from, to) =>
                apply((d) => moveAt(d, 'world.workloads', from, to), `move workload ${w.id}`),
              )}
              onDuplicate={() =>
                apply((d) => duplicateAt(d, 'world.workloads', i), `duplicate workload ${w.id}`)
              }
              onRemove={
                workloads.length > 1
                  ? () => apply((d) => removeWorkload(d, i), `remove workload ${w.id}`)
                  : undefined
              }
            />
            <div className="form-grid">
              <TextField path={`${base}.name`} label="Name" />
              <IdField path={`${base}.id`} label="Id" refs="workload" />
              <NumberField
                path={`${base}.tasksPerMonth`}
                label="Tasks per month"
                unit="at the start month"
              />
              <GrowthFields index={i} workload={w} />
              <NumberField
                path={`${base}.inputTokensPerAttempt`}
                label="Input tokens"
                unit="per attempt"
              />
              <NumberField
                path={`${base}.outputTokensPerAttempt`}
                label="Output tokens"
                unit="per attempt (reference model)"
              />
              <SelectField
                path={`${base}.qualityAxis`}
                label="Quality axis"
                options={axes.map((a) => ({ value: a, label: a }))}
              />
              <NumberField
                path={`${base}.difficulty`}
                label="Difficulty"
                unit="capability index where half succeed"
              />
              <NumberField path={`${base}.slope`} label="Slope" unit="index points per logit" />
              <NumberField
                path={`${base}.maxRetries`}
                label="Retries"
                unit="after a failed attempt"
              />
              <NumberField
                path={`${base}.valuePerSuccessUsd`}
                label="Value per success"
                unit="USD per successful task"
                optional
              />
            </div>
            <RegionMixFields index={i} workload={w} />
          </div>
        );
      })}
    </Section>
  );
}
