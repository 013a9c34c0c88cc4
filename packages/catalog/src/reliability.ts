import { isFirstPartyHost } from './providers.js';
import type { OfferInput } from './types.js';

/**
 * Default outages, overload episodes and monthly capacity for an offer added from the catalogue,
 * so that a new offer is not silently more reliable than every vendor of the presets (an offer
 * without `outages` never goes down and one without a cap never runs out). Every figure is an
 * assumption to tune, shown as "assumed" in the editor; docs/web.md repeats the table.
 *
 * Where the figures come from (tags as in packages/presets: [D] public data, [A] assumption):
 * - Anthropic API: the june-2026 preset's Fable 5 profile, 6.1 incidents a month, median
 *   e^-0.18 = 0.84 h (status-page history, June 2025 – May 2026) [D].
 * - OpenAI API: the presets' OPENAI_OUTAGES, 5.5 a month, median e^0.23 = 1.26 h [D].
 * - Google Gemini API: the june-2026 preset's Gemini profile, 4 a month, median 1 h [A].
 * - Zhipu, DeepSeek, Moonshot APIs: the presets' CN_OUTAGES (1.5x OpenAI's rate, 8.25 a month),
 *   CN_OVERLOAD (0.2 episodes a month, median 24 h, half the capacity lost: compute-constrained
 *   labs) and the presets' caps of 15,000 / 20,000 / 10,000 million tokens a month [A].
 * - Other labs' own APIs in CN (Alibaba, MiniMax, ...): the CN profile with the smallest preset
 *   cap, 10,000 million tokens a month, for lack of data [A].
 * - Other labs' own APIs elsewhere (xAI, Mistral, ...) and every third-party host (Fireworks,
 *   Together, Scaleway, Bedrock, Vertex, ...): the presets' HOST_OUTAGES, 3 a month, median 1 h,
 *   no overload and no cap (a host adds capacity by renting GPUs) [A]. Exception, as in the
 *   eu-sovereignty preset: OpenAI models on Microsoft Azure get OpenAI's profile (same fleet).
 * A presets test checks that these stay equal to the presets' own figures.
 */

type Outages = NonNullable<OfferInput['outages']>;
type Overload = NonNullable<OfferInput['overload']>;

interface Profile {
  outages: Outages & { durationHours: { mu: number; sigma: number }; ratePerMonth: number };
  overload?: Overload;
  capacityMTokensPerMonth?: number;
}

export interface ReliabilityDefaults extends Profile {
  /** one line saying which profile applied and why, for the editor */
  basis: string;
}

const ANTHROPIC: Profile = {
  outages: { ratePerMonth: 6.1, durationHours: { mu: -0.18, sigma: 1.4 }, severity: 1 },
};
const OPENAI: Profile = {
  outages: { ratePerMonth: 5.5, durationHours: { mu: 0.23, sigma: 1.17 }, severity: 1 },
};
const GOOGLE: Profile = {
  outages: { ratePerMonth: 4, durationHours: { mu: 0, sigma: 1.2 }, severity: 1 },
};
const HOST: Profile = {
  outages: { ratePerMonth: 3, durationHours: { mu: 0, sigma: 1.2 }, severity: 1 },
};
const CN_OUTAGES: Profile['outages'] = { ...OPENAI.outages, ratePerMonth: 8.25 };
const CN_OVERLOAD = { ratePerMonth: 0.2, medianHours: 24, sigma: 1, severity: 0.5 };
const cnLab = (capacityMTokensPerMonth: number): Profile => ({
  outages: CN_OUTAGES,
  overload: CN_OVERLOAD,
  capacityMTokensPerMonth,
});

/** Profiles of labs' own APIs, by lab name as the catalogue spells it. */
export const LAB_API_RELIABILITY: Readonly<Record<string, Profile>> = {
  Anthropic: ANTHROPIC,
  OpenAI: OPENAI,
  Google: GOOGLE,
  Zhipu: cnLab(15_000),
  DeepSeek: cnLab(20_000),
  Moonshot: cnLab(10_000),
};
/** Any other CN lab's own API. */
export const CN_LAB_API_RELIABILITY: Profile = cnLab(10_000);
/** Third-party hosts and other labs' own APIs. */
export const HOST_RELIABILITY: Profile = HOST;

function copy(p: Profile, basis: string): ReliabilityDefaults {
  const out: ReliabilityDefaults = {
    outages: { ...p.outages, durationHours: { ...p.outages.durationHours } },
    basis,
  };
  if (p.overload) out.overload = { ...p.overload };
  if (p.capacityMTokensPerMonth !== undefined)
    out.capacityMTokensPerMonth = p.capacityMTokensPerMonth;
  return out;
}

/**
 * The assumed outages, overload and capacity of an API offer, from who serves it.
 * @example
 * reliabilityDefaults({ lab: 'Anthropic', host: 'AWS Bedrock (EU)', labJurisdiction: 'US' }).basis;
 * // 'third-party host: the presets' host profile'
 */
export function reliabilityDefaults(
  offer: Pick<OfferInput, 'lab' | 'host' | 'labJurisdiction'>,
): ReliabilityDefaults {
  if (offer.lab === 'OpenAI' && offer.host.startsWith('Microsoft Azure'))
    return copy(OPENAI, 'OpenAI models on Azure: OpenAI’s own profile');
  if (isFirstPartyHost(offer.lab, offer.host)) {
    const known = LAB_API_RELIABILITY[offer.lab];
    if (known) return copy(known, `${offer.lab}’s own API: the presets’ ${offer.lab} profile`);
    if (offer.labJurisdiction === 'CN')
      return copy(CN_LAB_API_RELIABILITY, 'a CN lab’s own API: the presets’ CN profile');
    return copy(HOST, `${offer.lab}’s own API: the presets’ host profile`);
  }
  return copy(HOST, 'third-party host: the presets’ host profile');
}

/**
 * Which of an offer's reliability fields still equal the catalogue's assumption for it (so the
 * editor can mark them "assumed" without a flag in the scenario).
 * @example assumedReliabilityFields(offerFromCatalogue); // ['outages', 'overload', 'capacityMTokensPerMonth']
 */
export function assumedReliabilityFields(
  offer: Pick<
    OfferInput,
    'lab' | 'host' | 'labJurisdiction' | 'kind' | 'outages' | 'overload' | 'capacityMTokensPerMonth'
  >,
): ('outages' | 'overload' | 'capacityMTokensPerMonth')[] {
  if (offer.kind !== 'api') return [];
  const d = reliabilityDefaults(offer);
  const same = (a: unknown, b: unknown) =>
    a !== undefined && JSON.stringify(a) === JSON.stringify(b);
  const out: ('outages' | 'overload' | 'capacityMTokensPerMonth')[] = [];
  if (same(offer.outages, d.outages)) out.push('outages');
  if (same(offer.overload, d.overload)) out.push('overload');
  if (same(offer.capacityMTokensPerMonth, d.capacityMTokensPerMonth))
    out.push('capacityMTokensPerMonth');
  return out;
}
