import type { ScenarioInput } from '@crosswind/schema';

/** A scenario offer as a user writes it (defaults optional). */
export type OfferInput = ScenarioInput['world']['offers'][number];

/** Where an imported price came from. */
export interface CatalogSource {
  /** the key of the entry in the LiteLLM-format file, e.g. `fireworks_ai/glm-5p2` */
  key: string;
  /** `litellm_provider` of the entry */
  provider: string;
  /** `mode` of the entry (`chat` or `responses`) */
  mode: string;
  maxInputTokens?: number;
}

/**
 * An offer template from a price table: everything a scenario offer needs except, possibly,
 * quality (prices are facts in the file; capability is a judgement). `review` lists fields
 * that were guessed and that the user should confirm, e.g. an unknown provider's jurisdiction.
 */
export interface CatalogOffer {
  /** suggested offer id (a valid schema id, unique within one import) */
  id: string;
  name: string;
  lab: string;
  model: string;
  host: string;
  kind: 'api';
  labJurisdiction: string;
  hostJurisdiction: string;
  openWeights: boolean;
  priceUsdPerMTokens: { input: number; output: number };
  /** capability index per axis, from the bundled quality table when the model is known */
  quality?: Record<string, number>;
  /** months the private-benchmark gap discounts the public index by (docs/model.md 5.2) */
  privateBenchmarkGapMonths?: number;
  /** fields that were guessed and need a human look; empty when everything was known */
  review: string[];
  source: CatalogSource;
}

/** A problem with one entry of the input, or with the input as a whole (`path` = `(root)`). */
export interface ImportIssue {
  path: string;
  message: string;
}
