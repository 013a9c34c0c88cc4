import type { ScenarioInput } from '@crosswind/schema';
import { june2026 } from './june-2026.js';

type OfferInput = ScenarioInput['world']['offers'][number];

/**
 * The June 2026 offers and workloads with every risk switched off: no shocks, no outages, no
 * overload episodes, no capacity caps and a self-host cluster that is ready at month 0 with room
 * for the whole demand (2 replicas). One strategy per offer, no fallbacks, so the result is a
 * plain cost-per-solved-task comparison. Token-use uncertainty (DeepSeek's lognormal multiplier)
 * is the only random input left.
 */
function withoutRisk(offer: OfferInput): OfferInput {
  const copy: OfferInput = { ...offer };
  delete copy.outages;
  delete copy.overload;
  delete copy.capacityMTokensPerMonth;
  if (copy.selfHost) copy.selfHost = { ...copy.selfHost, replicas: 2, leadTimeMonths: 0 };
  return copy;
}

const offers = june2026.world.offers.map(withoutRisk);

export const pureCost: ScenarioInput = {
  schemaVersion: 1,
  name: 'Pure cost: what one solved task costs on each offer',
  description:
    'The June 2026 offers and workloads without bans, outages, price moves or releases: each strategy sends everything to one offer, so totals rank offers by cost per successful task, token use included.',
  world: {
    ...june2026.world,
    offers,
    shocks: [],
    commonShocks: [],
  },
  strategies: offers.map((o) => ({
    id: `only-${o.id}`,
    name: `Only ${o.name}`,
    description: `All workloads on ${o.name}, no fallback.`,
    routes: [{ primary: [{ offer: o.id, weight: 1 }], fallbacks: [] }],
  })),
  simulation: { runs: 2000, seed: 2026, sampleRuns: 1 },
};
