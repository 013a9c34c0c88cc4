'use client';

import { useMemo, useState } from 'react';
import { catalog, reliabilityDefaults, toOffer, type CatalogOffer } from '@crosswind/catalog';
import { useEditor } from './fields';
import { insertAt, uniqueId } from '@/lib/editor-ops';
import { formatUsd } from '@/lib/format';
import { banEscapes } from '@/lib/scope';

function catalogLabel(c: CatalogOffer): string {
  return `${c.name} — ${c.host} · ${formatUsd(c.priceUsdPerMTokens.input)} / ${formatUsd(c.priceUsdPerMTokens.output)}`;
}

/**
 * Adds an offer from the bundled price catalogue: list prices from the LiteLLM snapshot, quality
 * from the bundled table, and the catalogue's assumed outages, overload and capacity for its lab
 * and host (marked "assumed" on the card), never a vendor that cannot fail.
 */
export function CatalogPicker() {
  const { doc, apply } = useEditor();
  const [choice, setChoice] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const sorted = useMemo(
    () => [...catalog].sort((a, b) => a.lab.localeCompare(b.lab) || a.name.localeCompare(b.name)),
    [],
  );
  const labs = [...new Set(sorted.map((c) => c.lab))];
  const add = () => {
    const entry = sorted.find((c) => c.source.key === choice);
    if (!entry) return;
    const offers = doc.world.offers;
    const id = uniqueId(
      entry.id,
      offers.map((o) => o.id),
    );
    const { basis, ...reliability } = reliabilityDefaults(entry);
    const axes = [...new Set(doc.world.workloads.map((w) => w.qualityAxis))];
    let r = toOffer(entry, { id, ...reliability });
    let guessed = false;
    if (!r.ok) {
      r = toOffer(entry, {
        id,
        ...reliability,
        quality: Object.fromEntries(axes.map((a) => [a, 50])),
      });
      guessed = true;
    }
    if (!r.ok) {
      setNote(`Could not add ${entry.name}: ${r.errors.map((e) => e.message).join('; ')}`);
      return;
    }
    const offer = r.offer;
    const next = insertAt(doc, 'world.offers', offer);
    apply((d) => insertAt(d, 'world.offers', offer), `add offer ${id}`);
    const escaped = banEscapes(next).filter((e) => e.offers.some((o) => o.id === id));
    const warnings = [
      ...(guessed ? ['quality: no published index for this model; 50 used, please set it'] : []),
      ...r.warnings,
    ];
    setNote(
      [
        `Added ${entry.name} with catalogue prices and assumed outages${reliability.capacityMTokensPerMonth !== undefined ? ' and capacity' : ''} (${basis}).`,
        warnings.length ? `Please check: ${warnings.join('; ')}.` : '',
        escaped.length
          ? `It is outside ${escaped.map((e) => `the ban “${e.shockName}”`).join(' and ')}, which names another offer of ${offer.model}: see the warning on its card.`
          : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
    setChoice('');
    requestAnimationFrame(() =>
      document.getElementById(`offer-${offers.length}`)?.scrollIntoView({ block: 'center' }),
    );
  };
  return (
    <div
      className="item"
      style={{ background: 'var(--accent-soft)', borderColor: '#c7d6fb', marginBottom: 14 }}
    >
      <div className="row">
        <label htmlFor="catalog-picker" className="field-label">
          Add an offer from the price catalogue
        </label>
        <select
          id="catalog-picker"
          className="select"
          style={{ flex: '1 1 240px', minWidth: 0 }}
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
        >
          <option value="">Choose a model and host…</option>
          {labs.map((lab) => (
            <optgroup key={lab} label={lab}>
              {sorted
                .filter((c) => c.lab === lab)
                .map((c) => (
                  <option key={c.source.key} value={c.source.key}>
                    {catalogLabel(c)}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
        <button type="button" className="btn btn-primary" disabled={!choice} onClick={add}>
          Add offer
        </button>
      </div>
      <p className="small muted" style={{ margin: '6px 0 0' }}>
        Prices in USD per million tokens (input / output), from the bundled LiteLLM snapshot.
        Outages and capacity are assumed from the lab and host (see Details).
      </p>
      {note ? (
        <p className="small" role="status" style={{ margin: '6px 0 0' }}>
          {note}
        </p>
      ) : null}
    </div>
  );
}
