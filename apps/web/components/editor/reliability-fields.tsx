'use client';

import { assumedReliabilityFields, reliabilityDefaults } from '@crosswind/catalog';
import { CheckboxToggle, FieldErrors, NumberField, useEditor } from './fields';
import { setAt } from '@/lib/paths';

function Assumed({ show, basis }: { show: boolean; basis: string }) {
  if (!show) return null;
  return (
    <span className="tag tag-warn" title={`Assumed: ${basis}. Change it to your own figure.`}>
      assumed
    </span>
  );
}

/**
 * Outages (incidents a month, lognormal durations, severity, optional clustering), overload
 * episodes and the monthly token cap of an offer. Values that still equal the catalogue's
 * assumption for the offer's lab and host are tagged "assumed".
 */
export function ReliabilityFields({ index }: { index: number }) {
  const { doc, apply, issuesAt } = useEditor();
  const offer = doc.world.offers[index];
  if (!offer) return null;
  const base = `world.offers[${index}]`;
  const assumed = new Set(assumedReliabilityFields(offer));
  const basis =
    typeof offer.lab === 'string' && typeof offer.host === 'string'
      ? reliabilityDefaults(offer).basis
      : '';
  const outages = offer.outages;
  const overload = offer.overload;
  const medianHours =
    outages && typeof outages.durationHours?.mu === 'number'
      ? Math.exp(outages.durationHours.mu)
      : undefined;
  return (
    <>
      <div className="subhead">
        Outages <Assumed show={assumed.has('outages')} basis={basis} />
      </div>
      <CheckboxToggle
        id={`f-${base.replace(/[^a-zA-Z0-9]+/g, '-')}-has-outages`}
        label="This offer has outages"
        checked={outages !== undefined}
        onChange={(on) =>
          apply(
            (d) => setAt(d, `${base}.outages`, on ? reliabilityDefaults(offer).outages : undefined),
            on ? 'add outages' : 'remove outages',
          )
        }
      />
      {outages ? (
        <div className="form-grid" style={{ marginTop: 8 }}>
          <NumberField path={`${base}.outages.ratePerMonth`} label="Incidents" unit="per month" />
          <NumberField
            path={`${base}.outages.durationHours.mu`}
            label="Duration μ"
            unit={
              medianHours !== undefined
                ? `mean of ln(hours): median ${+medianHours.toPrecision(2)} h`
                : 'mean of ln(hours)'
            }
          />
          <NumberField
            path={`${base}.outages.durationHours.sigma`}
            label="Duration σ"
            unit="sd of ln(hours)"
          />
          <NumberField
            path={`${base}.outages.severity`}
            label="Severity"
            unit="share of capacity lost, 0–1"
            optional
          />
          <NumberField
            path={`${base}.outages.clusteringShape`}
            label="Clustering (gamma k)"
            unit="empty: none; small k = bursty months"
            optional
          />
        </div>
      ) : null}
      <FieldErrors issues={issuesAt(`${base}.outages`, true)} />

      <div className="subhead">
        Overload episodes <Assumed show={assumed.has('overload')} basis={basis} />
      </div>
      <CheckboxToggle
        id={`f-${base.replace(/[^a-zA-Z0-9]+/g, '-')}-has-overload`}
        label="Long capacity shortages (compute-constrained lab)"
        checked={overload !== undefined}
        onChange={(on) =>
          apply(
            (d) =>
              setAt(
                d,
                `${base}.overload`,
                on ? { ratePerMonth: 0.2, medianHours: 24, sigma: 1, severity: 0.5 } : undefined,
              ),
            on ? 'add overload' : 'remove overload',
          )
        }
      />
      {overload ? (
        <div className="form-grid" style={{ marginTop: 8 }}>
          <NumberField path={`${base}.overload.ratePerMonth`} label="Episodes" unit="per month" />
          <NumberField path={`${base}.overload.medianHours`} label="Median length" unit="hours" />
          <NumberField
            path={`${base}.overload.sigma`}
            label="Length spread σ"
            unit="sd of ln(hours)"
            optional
          />
          <NumberField
            path={`${base}.overload.severity`}
            label="Overload severity"
            unit="share of capacity lost, 0–1"
            optional
          />
        </div>
      ) : null}
      <FieldErrors issues={issuesAt(`${base}.overload`, true)} />

      <div className="subhead">
        Capacity <Assumed show={assumed.has('capacityMTokensPerMonth')} basis={basis} />
      </div>
      <div className="form-grid">
        <NumberField
          path={`${base}.capacityMTokensPerMonth`}
          label="Monthly capacity"
          unit="million tokens (empty: unlimited)"
          optional
        />
      </div>
      {assumed.size > 0 ? (
        <p className="small muted" style={{ margin: '6px 0 0' }}>
          “Assumed” figures are the catalogue’s defaults ({basis}); see docs/web.md. Edit them to
          your own.
        </p>
      ) : null}
    </>
  );
}
