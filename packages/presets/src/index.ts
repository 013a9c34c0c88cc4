import type { ScenarioInput } from '@crosswind/schema';
import { euSovereignty } from './eu-sovereignty.js';
import { june2026 } from './june-2026.js';
import { pureCost } from './pure-cost.js';

/** A ready-made scenario with the question it answers. */
export interface Preset {
  /** short slug used on the command line and in URLs, e.g. `june-2026` */
  id: string;
  name: string;
  /** the decision it informs, in one sentence */
  question: string;
  description: string;
  scenario: ScenarioInput;
}

/** The bundled presets, June 2026 first. */
export const presets: readonly Preset[] = [
  {
    id: 'june-2026',
    name: 'June 2026: the Fable 5 ban and the GLM 5.2 wave',
    question: 'Non-US users just lost Fable 5 and GLM 5.2 costs a tenth: stay, hedge, or go open?',
    description:
      'The canonical scenario of the model reference (docs/model.md section 9): three regions, six labs, self-hosted GLM 5.2, correlated bans, outages, price jumps and releases over 24 months.',
    scenario: june2026,
  },
  {
    id: 'pure-cost',
    name: 'Pure cost per solved task',
    question:
      'With no bans, outages or price moves, which offer solves our tasks for the least money?',
    description:
      'The June 2026 offers and workloads with every risk switched off; one strategy per offer, no fallbacks. Token use and success rates, not list prices, decide.',
    scenario: pureCost,
  },
  {
    id: 'eu-sovereignty',
    name: 'EU data sovereignty',
    question:
      'If the EU restricts US- and CN-hosted AI APIs, what do US APIs, EU-hosted models and own GPUs cost us?',
    description:
      'An EU-only organisation; US APIs vs GPT-5.5 on Azure EU vs open weights on EU hosts vs GLM 5.2 on its own EU cluster, under a transfer ruling, a CLOUD-Act-style ban and CN API blocks.',
    scenario: euSovereignty,
  },
];

/**
 * A preset by id, or undefined.
 * @example
 * const scenario = getPreset('june-2026')?.scenario;
 */
export function getPreset(id: string): Preset | undefined {
  return presets.find((p) => p.id === id);
}

export { euSovereignty, june2026, pureCost };
