'use client';

import { CatalogPicker } from './catalog-picker';
import { useEditor } from './fields';
import { OfferCard } from './offer-card';
import { Section } from './section';
import { addBlankOffer } from '@/lib/editor-ops';

export function OffersSection() {
  const { doc, apply } = useEditor();
  return (
    <Section
      id="offers"
      title="Offers"
      intro="Each offer is one route to one model: the lab's own API, another host, or your own cluster."
      actions={
        <button
          type="button"
          className="btn btn-small"
          onClick={() => apply(addBlankOffer, 'add offer')}
        >
          Add blank offer
        </button>
      }
    >
      <CatalogPicker />
      {doc.world.offers.map((o, i) => (
        <OfferCard key={i} offer={o} index={i} />
      ))}
    </Section>
  );
}
