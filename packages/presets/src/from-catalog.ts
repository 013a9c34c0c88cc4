import { findCatalogOffer, toOffer, type OfferInput } from '@crosswind/catalog';

/**
 * A scenario offer from the bundled price catalogue with preset-specific overrides. Presets are
 * bundled data, so a failure here is a bug in this package (the presets tests catch it), not a
 * user error; it throws with the key and every problem.
 * @example
 * const mistral = offerFromCatalog('mistral/mistral-large-3', { quality: { general: 36 } });
 */
export function offerFromCatalog(key: string, overrides: Partial<OfferInput> = {}): OfferInput {
  const entry = findCatalogOffer(key);
  if (!entry) throw new Error(`presets: "${key}" is not in the bundled catalogue`);
  const r = toOffer(entry, overrides);
  if (!r.ok) {
    throw new Error(
      `presets: "${key}": ${r.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    );
  }
  return r.offer;
}
