import type { Doc, OfferIn, ShockIn } from './editor-ops';

type Scope = NonNullable<ShockIn['scope']>;

/**
 * Whether a shock's scope takes in an offer: every filter given must match, a missing filter
 * matches everything (the engine's `offerInScope` in packages/engine/src/prepare.ts).
 */
export function offerInScope(o: OfferIn, scope: Scope | undefined): boolean {
  const s = scope ?? {};
  return (
    (!s.offers || s.offers.includes(o.id)) &&
    (!s.labs || s.labs.includes(o.lab)) &&
    (!s.models || s.models.includes(o.model)) &&
    (!s.labJurisdictions || s.labJurisdictions.includes(o.labJurisdiction)) &&
    (!s.hostJurisdictions || s.hostJurisdictions.includes(o.hostJurisdiction)) &&
    (!s.kinds || s.kinds.includes(o.kind)) &&
    (s.openWeights === undefined || s.openWeights === o.openWeights)
  );
}

/** A model is a lab's model: "Anthropic · Fable 5". Offers of one model differ only by host. */
export function modelKey(o: Pick<OfferIn, 'lab' | 'model'>): string {
  return `${o.lab} · ${o.model}`;
}

export type ScopeMode = 'offers' | 'models' | 'labs' | 'rules';

const RULE_KEYS = ['labJurisdictions', 'hostJurisdictions', 'kinds', 'openWeights'] as const;

/**
 * How the editor shows a scope: picked offers, models (every offer of the model, through any
 * host), labs, or rules (jurisdictions, kinds, open weights, and any mix of filters).
 */
export function scopeMode(scope: Scope | undefined): ScopeMode {
  const s = scope ?? {};
  const given = [
    s.offers !== undefined,
    s.models !== undefined,
    s.labs !== undefined,
    RULE_KEYS.some((k) => s[k] !== undefined),
  ];
  if (given.filter(Boolean).length > 1 || given[3]) return 'rules';
  if (given[1]) return 'models';
  if (given[2]) return 'labs';
  return 'offers';
}

/** The scope with only the filter of `mode` kept (regions always kept), seeded from `hit`. */
export function switchScopeMode(
  scope: Scope | undefined,
  mode: ScopeMode,
  hit: readonly OfferIn[],
): Scope {
  const s = scope ?? {};
  const regions = s.regions ? { regions: s.regions } : {};
  const uniq = (xs: string[]) => [...new Set(xs)];
  switch (mode) {
    case 'offers':
      return { ...regions, offers: hit.map((o) => o.id) };
    case 'models':
      return { ...regions, models: uniq(hit.map((o) => o.model)) };
    case 'labs':
      return { ...regions, labs: uniq(hit.map((o) => o.lab)) };
    case 'rules': {
      const rules: Scope = { ...regions };
      for (const k of RULE_KEYS) if (s[k] !== undefined) Object.assign(rules, { [k]: s[k] });
      if (Object.keys(rules).length === Object.keys(regions).length)
        rules.labJurisdictions = uniq(hit.map((o) => o.labJurisdiction));
      return rules;
    }
  }
}

export interface ScopeEscape {
  /** index of the shock in world.shocks */
  shock: number;
  shockName: string;
  /** offers of a model the shock hits that are outside its scope */
  offers: { id: string; name: string; model: string }[];
}

/**
 * Offers that escape a ban picked by offer: another offer of a model the ban hits (e.g. the same
 * model through another host, just added from the catalogue) that the ban does not name. Bans
 * scoped by model, lab or rules take in new offers on their own, so only offer lists can leak.
 */
export function banEscapes(doc: Doc): ScopeEscape[] {
  const out: ScopeEscape[] = [];
  (doc.world.shocks ?? []).forEach((sh, i) => {
    if (sh.kind !== 'ban' || !sh.scope?.offers) return;
    const hit = doc.world.offers.filter((o) => offerInScope(o, sh.scope));
    const models = new Set(hit.map(modelKey));
    const escaped = doc.world.offers.filter(
      (o) => models.has(modelKey(o)) && !sh.scope.offers?.includes(o.id),
    );
    if (escaped.length > 0)
      out.push({
        shock: i,
        shockName: sh.name ?? sh.id,
        offers: escaped.map((o) => ({ id: o.id, name: o.name, model: o.model })),
      });
  });
  return out;
}

/** One line saying which offers a scope takes in, for a shock's summary. */
export function scopeOffersText(doc: Doc, scope: Scope | undefined): string {
  const hit = doc.world.offers.filter((o) => offerInScope(o, scope));
  if (hit.length === doc.world.offers.length) return 'all offers';
  if (hit.length === 0) return 'no offer';
  return hit.map((o) => o.name).join(', ');
}
