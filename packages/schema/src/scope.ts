import type { Offer, Scope } from './scenario.js';

/**
 * Whether a shock's scope covers an offer: every filter given must match, none means all
 * (regions are checked apart, per user region). The engine and validation share it.
 * @example offerInScope(offer, { labJurisdictions: ['CN'], kinds: ['api'] })
 */
export function offerInScope(
  o: Pick<
    Offer,
    'id' | 'lab' | 'model' | 'labJurisdiction' | 'hostJurisdiction' | 'kind' | 'openWeights'
  >,
  scope: Omit<Scope, 'regions'>,
): boolean {
  return (
    (!scope.offers || scope.offers.includes(o.id)) &&
    (!scope.labs || scope.labs.includes(o.lab)) &&
    (!scope.models || scope.models.includes(o.model)) &&
    (!scope.labJurisdictions || scope.labJurisdictions.includes(o.labJurisdiction)) &&
    (!scope.hostJurisdictions || scope.hostJurisdictions.includes(o.hostJurisdiction)) &&
    (!scope.kinds || scope.kinds.includes(o.kind)) &&
    (scope.openWeights === undefined || scope.openWeights === o.openWeights)
  );
}

/**
 * Whether an offer has a monthly token cap: its own `capacityMTokensPerMonth`, or the
 * throughput of its reserved replicas when self-hosted.
 * @example hasTokenCap({ kind: 'selfHost', ... }) // true
 */
export function hasTokenCap(o: Pick<Offer, 'kind' | 'capacityMTokensPerMonth'>): boolean {
  return o.capacityMTokensPerMonth !== undefined || o.kind === 'selfHost';
}
