'use client';

import { ChoiceField, NumberField, useEditor } from './fields';
import { keyPath, setAt } from '@/lib/paths';

/**
 * Output tokens of an offer relative to each workload's reference model: 1 (not set), a fixed
 * factor, or lognormal (median and log-sd), the model's way to say "about 4x, sometimes 20x".
 */
export function TokenMultiplierFields({ index }: { index: number }) {
  const { doc, apply } = useEditor();
  const offer = doc.world.offers[index];
  const base = `world.offers[${index}].tokenMultiplier`;
  const known = new Set(doc.world.workloads.map((w) => w.id));
  const stray = Object.keys(offer?.tokenMultiplier ?? {}).filter((k) => !known.has(k));
  return (
    <div className="stack" style={{ gap: 10 }}>
      {stray.map((k) => (
        <div key={k} className="row small">
          <span>Token multiplier for “{k}”, which is not a workload.</span>
          <button
            type="button"
            className="btn btn-small"
            onClick={() =>
              apply((d) => setAt(d, keyPath(base, k), undefined), `remove token multiplier ${k}`)
            }
          >
            Remove it
          </button>
        </div>
      ))}
      {doc.world.workloads.map((w) => {
        const m = offer?.tokenMultiplier?.[w.id];
        const kind = m === undefined ? 'none' : typeof m === 'object' ? 'lognormal' : 'fixed';
        const at = keyPath(base, w.id);
        return (
          <div
            key={w.id}
            className="form-grid"
            data-testid={`token-multiplier-${w.id}`}
            role="group"
            aria-label={`Token use for ${w.name}`}
          >
            <ChoiceField
              id={`f-${at.replace(/[^a-zA-Z0-9]+/g, '-')}-kind`}
              label={`${w.name}: tokens`}
              value={kind}
              onChange={(v) =>
                apply(
                  (d) =>
                    setAt(
                      d,
                      at,
                      v === 'none'
                        ? undefined
                        : v === 'fixed'
                          ? typeof m === 'object'
                            ? m.lognormal.median
                            : 1.5
                          : { lognormal: { median: typeof m === 'number' ? m : 1.5, sigma: 0.5 } },
                    ),
                  'token multiplier form',
                )
              }
              options={[
                { value: 'none', label: 'Same as the reference (1×)' },
                { value: 'fixed', label: 'A fixed factor' },
                { value: 'lognormal', label: 'Uncertain (lognormal)' },
              ]}
            />
            {kind === 'fixed' ? (
              <NumberField path={at} label={`${w.name}: factor`} unit="× output tokens" />
            ) : null}
            {kind === 'lognormal' ? (
              <>
                <NumberField
                  path={`${at}.lognormal.median`}
                  label={`${w.name}: median`}
                  unit="× output tokens, typical"
                />
                <NumberField
                  path={`${at}.lognormal.sigma`}
                  label={`${w.name}: spread σ`}
                  unit="sd of ln(factor); 1 ≈ P95 at 5× the median"
                />
              </>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
