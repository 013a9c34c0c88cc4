import { formatIssues, offerSchema } from '@crosswind/schema';
import type { CatalogOffer, ImportIssue, OfferInput } from './types.js';

export type ToOfferResult =
  { ok: true; offer: OfferInput; warnings: string[] } | { ok: false; errors: ImportIssue[] };

const REVIEW_FIELDS: Readonly<Record<string, readonly (keyof OfferInput)[]>> = {
  hostJurisdiction: ['hostJurisdiction'],
  'lab, labJurisdiction, openWeights': ['lab', 'labJurisdiction', 'openWeights'],
  quality: ['quality'],
};

/**
 * Turns a catalogue offer into a scenario offer, with `overrides` (id, quality, outages, token
 * multipliers, ...) applied on top. Quality must come from the bundled table or from
 * `overrides.quality`; without it the result is an error, not a guess. Review notes that the
 * overrides do not settle come back as warnings.
 * @example
 * const entry = findCatalogOffer('fireworks_ai/glm-5p2');
 * const r = entry && toOffer(entry, { id: 'glm-5.2-us-host', tokenMultiplier: { swe: 4 } });
 * if (r?.ok) scenario.world.offers.push(r.offer);
 */
export function toOffer(
  catalogOffer: CatalogOffer,
  overrides: Partial<OfferInput> = {},
): ToOfferResult {
  const base: OfferInput = {
    id: catalogOffer.id,
    name: catalogOffer.name,
    lab: catalogOffer.lab,
    model: catalogOffer.model,
    host: catalogOffer.host,
    kind: catalogOffer.kind,
    labJurisdiction: catalogOffer.labJurisdiction,
    hostJurisdiction: catalogOffer.hostJurisdiction,
    openWeights: catalogOffer.openWeights,
    priceUsdPerMTokens: { ...catalogOffer.priceUsdPerMTokens },
    quality: { ...(catalogOffer.quality ?? {}) },
  };
  if (catalogOffer.privateBenchmarkGapMonths !== undefined) {
    base.privateBenchmarkGapMonths = catalogOffer.privateBenchmarkGapMonths;
  }
  const offer: OfferInput = { ...base, ...overrides };
  if (Object.keys(offer.quality).length === 0) {
    return {
      ok: false,
      errors: [
        {
          path: 'quality',
          message: `no bundled quality for "${catalogOffer.source.key}"; pass overrides.quality, e.g. { "general": 50, "coding": 60 }`,
        },
      ],
    };
  }
  const parsed = offerSchema.safeParse(offer);
  if (!parsed.success) return { ok: false, errors: formatIssues(parsed.error) };
  const warnings = catalogOffer.review.filter((note) => {
    const field = note.slice(0, note.indexOf(':'));
    const settledBy = REVIEW_FIELDS[field] ?? [];
    return !settledBy.some((f) => overrides[f] !== undefined);
  });
  return { ok: true, offer, warnings };
}
