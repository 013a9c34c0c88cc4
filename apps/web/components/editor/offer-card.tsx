'use client';

import { useState } from 'react';
import { catalog, findCatalogOffer, type CatalogOffer } from '@crosswind/catalog';
import {
  CheckboxField,
  ChoiceField,
  FieldErrors,
  IdField,
  NumberField,
  TextField,
  useEditor,
} from './fields';
import { PricePathEditor } from './price-path-editor';
import { QualityFields } from './quality-fields';
import { ReliabilityFields } from './reliability-fields';
import { ItemActions, JURISDICTION_HINT, moveHandlers } from './section';
import { SelfHostFields } from './self-host-fields';
import { ScopeEscapeWarning } from './scope-escape-warning';
import { TokenMultiplierFields } from './token-multiplier-fields';
import { duplicateAt, moveAt, removeOffer, setOfferKind, type OfferIn } from '@/lib/editor-ops';
import { formatUsd } from '@/lib/format';
import { banEscapes } from '@/lib/scope';

function matchCatalog(o: OfferIn): CatalogOffer | undefined {
  return (
    findCatalogOffer(o.id) ??
    catalog.find((c) => c.model === o.model && c.host === o.host) ??
    catalog.find(
      (c) =>
        c.lab === o.lab &&
        c.model === o.model &&
        o.kind === 'api' &&
        c.hostJurisdiction === o.hostJurisdiction,
    )
  );
}

/**
 * One offer: its prices always in view; identity, quality, price over time, token use,
 * reliability and self-hosting behind Details (opened by itself when something there is wrong).
 */
export function OfferCard({ offer, index }: { offer: OfferIn; index: number }) {
  const { doc, change, apply, issuesAt } = useEditor();
  const base = `world.offers[${index}]`;
  const [userOpen, setUserOpen] = useState(false);
  const cat = matchCatalog(offer);
  const catPrice = cat?.priceUsdPerMTokens;
  const differs =
    catPrice &&
    (catPrice.input !== offer.priceUsdPerMTokens?.input ||
      catPrice.output !== offer.priceUsdPerMTokens?.output);
  const hiddenIssues = issuesAt(base).filter(
    (i) => !i.path.startsWith(`${base}.priceUsdPerMTokens`),
  );
  const open = userOpen || hiddenIssues.length > 0;
  const bodyId = `offer-${index}-details`;
  const quality = Object.entries(offer.quality ?? {})
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
  const escapes = banEscapes(doc).filter((e) => e.offers.some((o) => o.id === offer.id));
  const count = doc.world.offers.length;
  return (
    <div className="item" id={`offer-${index}`} data-testid={`offer-${offer.id}`}>
      <div className="offer-head">
        <div style={{ minWidth: 0 }}>
          <h3 style={{ margin: 0, overflowWrap: 'anywhere' }}>
            {offer.name || offer.id || `Offer ${index + 1}`}
          </h3>
          <div className="small muted">
            {offer.kind === 'selfHost' ? 'Self-hosted' : offer.host} · lab {offer.labJurisdiction},
            host {offer.hostJurisdiction}
            {offer.openWeights ? ' · open weights' : ''} · quality {quality || '—'}
          </div>
        </div>
        <NumberField
          path={`${base}.priceUsdPerMTokens.input`}
          label="Input price"
          unit="USD per M tokens"
        />
        <NumberField
          path={`${base}.priceUsdPerMTokens.output`}
          label="Output price"
          unit="USD per M tokens"
        />
        <div className="row" style={{ gap: 4, justifyContent: 'flex-end' }}>
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={open}
            aria-controls={bodyId}
            onClick={() => setUserOpen(!open)}
            disabled={hiddenIssues.length > 0}
          >
            {open ? 'Less' : 'Details'}
          </button>
          <ItemActions
            what={`offer ${offer.name}`}
            {...moveHandlers(index, count, (from, to) =>
              apply((d) => moveAt(d, 'world.offers', from, to), `move offer ${offer.id}`),
            )}
            onDuplicate={() =>
              apply((d) => duplicateAt(d, 'world.offers', index), `duplicate offer ${offer.id}`)
            }
            {...(count > 1
              ? {
                  onRemove: () => apply((d) => removeOffer(d, index), `remove offer ${offer.id}`),
                }
              : {})}
          />
        </div>
      </div>
      {escapes.map((e) => (
        <ScopeEscapeWarning key={e.shock} escape={e} offerId={offer.id} />
      ))}
      {cat && differs ? (
        <div className="row small" style={{ marginTop: 8 }}>
          <span className="muted">
            Catalogue price for {cat.name} ({cat.host}): {formatUsd(cat.priceUsdPerMTokens.input)} /{' '}
            {formatUsd(cat.priceUsdPerMTokens.output)}
          </span>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => change(`${base}.priceUsdPerMTokens`, { ...cat.priceUsdPerMTokens })}
          >
            Use catalogue price
          </button>
        </div>
      ) : null}
      {open ? (
        <div id={bodyId}>
          <div className="subhead">Identity</div>
          <div className="form-grid">
            <TextField path={`${base}.name`} label="Name" />
            <IdField
              path={`${base}.id`}
              label="Id"
              hint="used by strategies and shocks"
              refs="offer"
            />
            <TextField path={`${base}.lab`} label="Lab" />
            <TextField path={`${base}.model`} label="Model" />
            <TextField path={`${base}.host`} label="Host" />
            <ChoiceField
              id={`f-${base.replace(/[^a-zA-Z0-9]+/g, '-')}-kind`}
              label="Kind"
              value={offer.kind === 'selfHost' ? 'selfHost' : 'api'}
              onChange={(v) =>
                apply((d) => setOfferKind(d, index, v as 'api' | 'selfHost'), 'offer kind')
              }
              options={[
                { value: 'api', label: 'API (pay per token)' },
                { value: 'selfHost', label: 'Self-hosted (reserved GPUs)' },
              ]}
            />
            <TextField
              path={`${base}.labJurisdiction`}
              label="Lab jurisdiction"
              hint={JURISDICTION_HINT}
            />
            <TextField
              path={`${base}.hostJurisdiction`}
              label="Host jurisdiction"
              hint={JURISDICTION_HINT}
            />
            <CheckboxField path={`${base}.openWeights`} label="Open weights" />
          </div>
          <div className="subhead">Quality</div>
          <QualityFields index={index} />
          <div className="form-grid" style={{ marginTop: 12 }}>
            <NumberField
              path={`${base}.privateBenchmarkGapMonths`}
              label="Private-benchmark gap"
              unit="months behind public scores"
              optional
            />
          </div>
          <div className="subhead">Price over time</div>
          <PricePathEditor index={index} />
          <div className="subhead">Output tokens relative to the workload reference</div>
          <TokenMultiplierFields index={index} />
          <FieldErrors
            issues={issuesAt(`${base}.tokenMultiplier`).filter(
              // Each multiplier's own field shows its errors; unknown workloads are listed here.
              (i) => !i.path.startsWith(`${base}.tokenMultiplier.`),
            )}
          />
          <ReliabilityFields index={index} />
          {offer.kind === 'selfHost' ? <SelfHostFields index={index} /> : null}
          <FieldErrors issues={issuesAt(`${base}.selfHost`, true)} />
        </div>
      ) : null}
    </div>
  );
}
