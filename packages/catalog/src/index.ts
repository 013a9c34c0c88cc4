export type { CatalogOffer, CatalogSource, ImportIssue, OfferInput } from './types.js';
export { CHAT_MODES, displayModelName, importLiteLLM, perTokenToPerMillion } from './litellm.js';
export type { ImportOptions, ImportResult, ImportSkipped } from './litellm.js';
export { hostFor, isFirstPartyHost, labFor, slugify, UNKNOWN_JURISDICTION } from './providers.js';
export { canonicalModelSlug, qualityFor, qualityTable } from './quality.js';
export type { QualityEntry } from './quality.js';
export { toOffer } from './to-offer.js';
export type { ToOfferResult } from './to-offer.js';
export { catalog, catalogSnapshotDate, catalogSource, findCatalogOffer } from './catalog.js';
export {
  assumedReliabilityFields,
  CN_LAB_API_RELIABILITY,
  HOST_RELIABILITY,
  LAB_API_RELIABILITY,
  reliabilityDefaults,
} from './reliability.js';
export type { ReliabilityDefaults } from './reliability.js';
