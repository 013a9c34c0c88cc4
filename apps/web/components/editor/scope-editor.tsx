'use client';

import { useState } from 'react';
import { ChoiceField, CodeListField, IdChecklist, useEditor } from './fields';
import type { ShockIn } from '@/lib/editor-ops';
import { getAt, setAt } from '@/lib/paths';
import {
  offerInScope,
  scopeMode,
  scopeOffersText,
  switchScopeMode,
  type ScopeMode,
} from '@/lib/scope';

const MODES: { value: ScopeMode; label: string }[] = [
  { value: 'offers', label: 'Chosen offers' },
  { value: 'models', label: 'Models, through every host' },
  { value: 'labs', label: 'Labs (all their models)' },
  { value: 'rules', label: 'Rules (any mix of filters)' },
];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Whom a shock hits: offers picked one by one, whole models (every offer of the model, now and
 * when one is added later), labs, or rules; plus the user regions. A line says which offers
 * that takes in right now.
 */
export function ScopeEditor({ base, shock }: { base: string; shock: ShockIn }) {
  const { doc, apply } = useEditor();
  const scopePath = `${base}.scope`;
  const scope = shock.scope;
  const [mode, setMode] = useState<ScopeMode>(() => scopeMode(scope));
  const offers = doc.world.offers;
  const hit = offers.filter((o) => offerInScope(o, scope));
  const models = [...new Set(offers.map((o) => o.model))];
  const labs = [...new Set(offers.map((o) => o.lab))];
  const openWeights = scope?.openWeights;
  const domBase = `f-${scopePath.replace(/[^a-zA-Z0-9]+/g, '-')}`;
  return (
    <div className="stack" style={{ gap: 10 }} data-path={scopePath}>
      <div className="form-grid">
        <ChoiceField
          id={`${domBase}-mode`}
          label="Hits offers by"
          value={mode}
          options={MODES}
          onChange={(v) => {
            const m = v as ScopeMode;
            setMode(m);
            apply((d) => setAt(d, scopePath, switchScopeMode(scope, m, hit)), 'shock scope form');
          }}
        />
      </div>
      {mode === 'rules' ? (
        <div className="form-grid">
          <CodeListField
            path={`${scopePath}.labJurisdictions`}
            label="Lab jurisdictions"
            hint="e.g. CN (empty: any)"
          />
          <CodeListField
            path={`${scopePath}.hostJurisdictions`}
            label="Host jurisdictions"
            hint="e.g. CN (empty: any)"
          />
          <ChoiceField
            id={`${domBase}-openWeights`}
            label="Weights"
            value={openWeights === undefined ? 'any' : openWeights ? 'open' : 'closed'}
            options={[
              { value: 'any', label: 'Open or closed' },
              { value: 'open', label: 'Open weights only' },
              { value: 'closed', label: 'Closed weights only' },
            ]}
            onChange={(v) =>
              apply(
                (d) => setAt(d, `${scopePath}.openWeights`, v === 'any' ? undefined : v === 'open'),
                'shock scope weights',
              )
            }
          />
          <IdChecklist
            path={`${scopePath}.kinds`}
            label="Kinds"
            options={[
              { value: 'api', label: 'APIs' },
              { value: 'selfHost', label: 'Self-hosted' },
            ]}
            emptyMeans="both"
          />
        </div>
      ) : null}
      {mode === 'offers' || mode === 'rules' ? (
        <IdChecklist
          path={`${scopePath}.offers`}
          label={mode === 'rules' ? 'Only these offers' : 'Offers hit'}
          options={offers.map((o) => ({ value: o.id, label: o.name }))}
          emptyMeans="every offer"
        />
      ) : null}
      {mode === 'models' || mode === 'rules' ? (
        <IdChecklist
          path={`${scopePath}.models`}
          label={mode === 'rules' ? 'Only these models' : 'Models hit (every host)'}
          options={models.map((m) => ({
            value: m,
            label: `${m} (${plural(offers.filter((o) => o.model === m).length, 'offer')})`,
          }))}
          emptyMeans="every model"
        />
      ) : null}
      {mode === 'labs' || mode === 'rules' ? (
        <IdChecklist
          path={`${scopePath}.labs`}
          label={mode === 'rules' ? 'Only these labs' : 'Labs hit'}
          options={labs.map((l) => ({ value: l, label: l }))}
          emptyMeans="every lab"
        />
      ) : null}
      <IdChecklist
        path={`${scopePath}.regions`}
        label="User regions affected"
        options={doc.world.regions.map((r) => ({ value: r.id, label: r.name }))}
        emptyMeans="all regions"
      />
      <p className="small muted" style={{ margin: 0 }} data-testid="scope-hits">
        Hits now: {scopeOffersText(doc, getAt(doc, scopePath) as ShockIn['scope'])}.
      </p>
    </div>
  );
}
