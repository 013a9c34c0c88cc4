import type { ScenarioInput } from '@crosswind/schema';
import { getAt, setAt } from './paths';

/**
 * The editor's structural edits as pure functions of the scenario (plain JSON, possibly invalid
 * while the user types): add, duplicate, move and remove strategies, routes, primaries,
 * fallbacks, shocks and the rest. Each returns a new document and never mutates its input, so
 * undo can keep the old one. What each adds is valid on its own (ids unique, weights adding up
 * to 1, references to offers that exist), so a valid scenario stays valid.
 */

export type Doc = ScenarioInput;
export type OfferIn = Doc['world']['offers'][number];
export type WorkloadIn = Doc['world']['workloads'][number];
export type StrategyIn = Doc['strategies'][number];
export type RouteIn = StrategyIn['routes'][number];
export type ShockIn = NonNullable<Doc['world']['shocks']>[number];
export type ShockKind = ShockIn['kind'];
export type CommonShockIn = NonNullable<Doc['world']['commonShocks']>[number];

/** A schema-valid id from `base`, different from every id in `taken` ("ban", "ban-2", ...). */
export function uniqueId(base: string, taken: readonly string[]): string {
  const clean =
    base
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .replace(/-\d+$/, '')
      .slice(0, 58) || 'item';
  if (!taken.includes(clean)) return clean;
  for (let n = 2; ; n++) if (!taken.includes(`${clean}-${n}`)) return `${clean}-${n}`;
}

function listAt(doc: Doc, path: string): unknown[] {
  const v = getAt(doc, path);
  return Array.isArray(v) ? v : [];
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function idsAt(doc: Doc, path: string): string[] {
  return listAt(doc, path).map((x) =>
    x && typeof x === 'object' && typeof (x as { id?: unknown }).id === 'string'
      ? (x as { id: string }).id
      : '',
  );
}

/** Inserts `item` into the list at `path` (at the end, or at `index`). */
export function insertAt(doc: Doc, path: string, item: unknown, index?: number): Doc {
  const list = [...listAt(doc, path)];
  list.splice(index ?? list.length, 0, item);
  return setAt(doc, path, list);
}

/** Removes item `index` of the list at `path`. */
export function removeAt(doc: Doc, path: string, index: number): Doc {
  return setAt(
    doc,
    path,
    listAt(doc, path).filter((_, i) => i !== index),
  );
}

/** Moves item `from` of the list at `path` to position `to` (clamped to the list). */
export function moveAt(doc: Doc, path: string, from: number, to: number): Doc {
  const list = [...listAt(doc, path)];
  if (from < 0 || from >= list.length) return doc;
  const target = Math.max(0, Math.min(list.length - 1, to));
  if (target === from) return doc;
  const [item] = list.splice(from, 1);
  list.splice(target, 0, item);
  return setAt(doc, path, list);
}

/**
 * Copies item `index` of the list at `path` right after it. Items with an id get a fresh one
 * and "(copy)" after their name.
 */
export function duplicateAt(doc: Doc, path: string, index: number): Doc {
  const item = listAt(doc, path)[index];
  if (item === undefined) return doc;
  let copy: unknown = clone(item);
  if (copy && typeof copy === 'object' && typeof (copy as { id?: unknown }).id === 'string') {
    const c = copy as { id: string; name?: unknown };
    c.id = uniqueId(c.id, idsAt(doc, path));
    if (typeof c.name === 'string') c.name = `${c.name} (copy)`;
    copy = c;
  }
  return insertAt(doc, path, copy, index + 1);
}

// ---- strategies and routes ----------------------------------------------------------------

/** A route that sends everything to one offer, with no fallback. */
export function newRoute(offerId: string): RouteIn {
  return { primary: [{ offer: offerId, weight: 1 }], fallbacks: [] };
}

/** Adds a rule-mode strategy that serves all workloads and regions from the first offer. */
export function addStrategy(doc: Doc): Doc {
  const id = uniqueId(
    'strategy',
    doc.strategies.map((s) => s.id),
  );
  const strategy: StrategyIn = {
    id,
    name: `Strategy ${doc.strategies.length + 1}`,
    mode: 'rule',
    routes: [newRoute(doc.world.offers[0]?.id ?? '')],
    switching: {
      lagMonths: 1,
      switchCostUsd: 0,
      exitFeeUsd: 0,
      contractMonths: 0,
      inertiaBonus: 0,
    },
  };
  return insertAt(doc, 'strategies', strategy);
}

/** Rule mode drops the adaptive settings; adaptive mode adds them with documented defaults. */
export function setStrategyMode(doc: Doc, s: number, mode: 'rule' | 'adaptive'): Doc {
  const base = `strategies[${s}]`;
  let next = setAt(doc, `${base}.mode`, mode);
  if (mode === 'rule') next = setAt(next, `${base}.adaptive`, undefined);
  else if (getAt(next, `${base}.adaptive`) === undefined)
    next = setAt(next, `${base}.adaptive`, { beta: 2, riskAversion: 1 });
  return next;
}

/** Adds a route for all workloads and regions to strategy `s`. */
export function addRoute(doc: Doc, s: number): Doc {
  return insertAt(doc, `strategies[${s}].routes`, newRoute(doc.world.offers[0]?.id ?? ''));
}

/** Weights that add up to exactly 1 for `n` primaries (the last takes the rounding). */
export function evenWeights(n: number): number[] {
  if (n <= 0) return [];
  const each = Math.floor((1 / n) * 1000) / 1000;
  const out = Array.from({ length: n }, () => each);
  out[n - 1] = Math.round((1 - each * (n - 1)) * 1000) / 1000;
  return out;
}

/** Splits a route's demand evenly between its primaries. */
export function splitEvenly(doc: Doc, routePath: string): Doc {
  const primary = listAt(doc, `${routePath}.primary`) as { offer: string; weight: unknown }[];
  const w = evenWeights(primary.length);
  return setAt(
    doc,
    `${routePath}.primary`,
    primary.map((p, i) => ({ ...p, weight: w[i] ?? 0 })),
  );
}

/**
 * Adds a primary offer to a route (the first offer not yet in it) and splits the demand evenly,
 * so the weights still add up to 1.
 */
export function addPrimary(doc: Doc, routePath: string): Doc {
  const primary = listAt(doc, `${routePath}.primary`) as { offer: string; weight: unknown }[];
  const used = new Set(primary.map((p) => p.offer));
  const offer = doc.world.offers.find((o) => !used.has(o.id))?.id ?? doc.world.offers[0]?.id ?? '';
  return splitEvenly(insertAt(doc, `${routePath}.primary`, { offer, weight: 0 }), routePath);
}

/**
 * Removes a primary offer; the others keep their proportions, rescaled to add up to 1 (evenly
 * when they were all zero).
 */
export function removePrimary(doc: Doc, routePath: string, index: number): Doc {
  const primary = listAt(doc, `${routePath}.primary`) as { offer: string; weight: unknown }[];
  if (primary.length <= 1) return doc;
  const rest = primary.filter((_, i) => i !== index);
  const weights = rest.map((p) => (typeof p.weight === 'number' ? p.weight : 0));
  const sum = weights.reduce((a, b) => a + b, 0);
  const scaled =
    sum > 0 ? weights.map((w) => Math.round((w / sum) * 1e6) / 1e6) : evenWeights(rest.length);
  // Put the rounding remainder on the last one so the sum is exactly 1.
  const head = scaled.slice(0, -1).reduce((a, b) => a + b, 0);
  scaled[scaled.length - 1] = Math.round((1 - head) * 1e6) / 1e6;
  return setAt(
    doc,
    `${routePath}.primary`,
    rest.map((p, i) => ({ ...p, weight: scaled[i] ?? 0 })),
  );
}

/** Adds a fallback: the first offer neither primary nor already a fallback of the route. */
export function addFallback(doc: Doc, routePath: string): Doc {
  const route = getAt(doc, routePath) as Partial<RouteIn> | undefined;
  const used = new Set([
    ...(route?.primary ?? []).map((p) => p.offer),
    ...(route?.fallbacks ?? []),
  ]);
  const offer = doc.world.offers.find((o) => !used.has(o.id))?.id ?? doc.world.offers[0]?.id ?? '';
  return insertAt(doc, `${routePath}.fallbacks`, offer);
}

// ---- offers -------------------------------------------------------------------------------

/**
 * Removes an offer and the references to it that can go without changing meaning: fallbacks,
 * shock scopes that name other offers too (a scope naming only this offer keeps the reference:
 * dropping it would widen the shock to every offer) and primaries of routes that have other primaries (rescaled). A route
 * whose only primary was this offer keeps the reference, so validation points at it.
 */
export function removeOffer(doc: Doc, index: number): Doc {
  const id = doc.world.offers[index]?.id;
  let next = removeAt(doc, 'world.offers', index);
  if (id === undefined) return next;
  next.strategies.forEach((st, s) => {
    (st.routes ?? []).forEach((r, k) => {
      const rp = `strategies[${s}].routes[${k}]`;
      if (r.fallbacks?.includes(id))
        next = setAt(
          next,
          `${rp}.fallbacks`,
          r.fallbacks.filter((f) => f !== id),
        );
      const pi = (r.primary ?? []).findIndex((p) => p.offer === id);
      if (pi >= 0 && r.primary.length > 1) next = removePrimary(next, rp, pi);
    });
  });
  (next.world.shocks ?? []).forEach((sh, i) => {
    const offers = sh.scope?.offers;
    if (offers?.includes(id) && offers.length > 1)
      next = setAt(
        next,
        `world.shocks[${i}].scope.offers`,
        offers.filter((o) => o !== id),
      );
  });
  return next;
}

/**
 * Renames an id and every reference to it (routes, fallbacks, scopes, token multipliers, region
 * mixes, shock groups), so renaming never breaks a scenario.
 */
export function renameId(
  doc: Doc,
  what: 'offer' | 'workload' | 'region' | 'commonShock',
  from: string,
  to: string,
): Doc {
  if (from === to || from === '') return doc;
  const swap = (list: readonly string[] | undefined) => list?.map((x) => (x === from ? to : x));
  const renameKey = <V>(rec: Record<string, V> | undefined) =>
    rec && from in rec
      ? Object.fromEntries(Object.entries(rec).map(([k, v]) => [k === from ? to : k, v]))
      : rec;
  const next = clone(doc);
  const w = next.world;
  if (what === 'offer') {
    for (const st of next.strategies)
      for (const r of st.routes ?? []) {
        for (const p of r.primary ?? []) if (p.offer === from) p.offer = to;
        if (r.fallbacks) r.fallbacks = swap(r.fallbacks) ?? [];
      }
    for (const sh of w.shocks ?? []) if (sh.scope?.offers) sh.scope.offers = swap(sh.scope.offers);
  } else if (what === 'workload') {
    for (const st of next.strategies)
      for (const r of st.routes ?? []) if (r.workloads) r.workloads = swap(r.workloads);
    for (const o of w.offers) {
      const tm = renameKey(o.tokenMultiplier);
      if (tm) o.tokenMultiplier = tm;
    }
  } else if (what === 'region') {
    for (const st of next.strategies)
      for (const r of st.routes ?? []) if (r.regions) r.regions = swap(r.regions);
    for (const sh of w.shocks ?? [])
      if (sh.scope?.regions) sh.scope.regions = swap(sh.scope.regions);
    for (const wl of w.workloads) {
      const mix = renameKey(wl.regionMix);
      if (mix) wl.regionMix = mix;
    }
  } else {
    for (const sh of w.shocks ?? [])
      if ((sh.kind === 'ban' || sh.kind === 'capacityCut') && sh.group === from) sh.group = to;
  }
  return next;
}

/**
 * Kind "selfHost" gets self-hosting settings (the june-2026 8xH200 cluster), "api" loses them.
 * Prices stay as they were (for self-hosting they are the marginal price, usually 0).
 */
export function setOfferKind(doc: Doc, o: number, kind: 'api' | 'selfHost'): Doc {
  const base = `world.offers[${o}]`;
  let next = setAt(doc, `${base}.kind`, kind);
  if (kind === 'api') return setAt(next, `${base}.selfHost`, undefined);
  if (getAt(next, `${base}.selfHost`) === undefined)
    next = setAt(next, `${base}.selfHost`, {
      gpuHourUsd: 3.5,
      gpusPerReplica: 8,
      replicas: 1,
      outputTokensPerSecondPerReplica: 4000,
      utilisationCeiling: 0.7,
      inputTokenWeight: 0.1,
      leadTimeMonths: 2,
      setupCostUsd: 50_000,
      monthlyOpsUsd: 15_000,
    });
  return next;
}

export type PricePathKind = 'none' | 'steps' | 'formula';

/** Switches an offer's price path between none, dated steps and a formula of month. */
export function setPricePathKind(doc: Doc, o: number, kind: PricePathKind): Doc {
  const path = `world.offers[${o}].pricePath`;
  if (kind === 'none') return setAt(doc, path, undefined);
  if (kind === 'steps')
    return setAt(doc, path, { type: 'steps', steps: [{ month: 6, factor: 0.8 }] });
  return setAt(doc, path, { type: 'formula', formula: '0.97^month' });
}

// ---- shocks -------------------------------------------------------------------------------

export const SHOCK_KIND_LABELS: Record<ShockKind, string> = {
  ban: 'Ban',
  capacityCut: 'Capacity cut',
  priceChange: 'Price change',
  priceJumps: 'Random price jumps',
  release: 'Model releases',
};

/** A new shock of `kind` with sensible settings, scoped to the first offer where that applies. */
export function newShock(doc: Doc, kind: ShockKind): ShockIn {
  const id = uniqueId(
    kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
    (doc.world.shocks ?? []).map((s) => s.id),
  );
  const first = doc.world.offers[0];
  const offers = first ? [first.id] : undefined;
  const scope = offers ? { offers } : {};
  switch (kind) {
    case 'ban':
      return {
        id,
        name: 'New ban',
        kind,
        scope,
        timing: { hazardPerMonth: 0.01 },
        duration: 'permanent',
      };
    case 'capacityCut':
      return {
        id,
        name: 'New capacity cut',
        kind,
        scope,
        timing: { atMonth: 3 },
        duration: { months: 3 },
        capacityFactor: 0.5,
      };
    case 'priceChange':
      return { id, name: 'New price change', kind, scope, timing: { atMonth: 6 }, factor: 0.8 };
    case 'priceJumps':
      return {
        id,
        name: 'New price jumps',
        kind,
        scope,
        ratePerMonth: 0.1,
        logSizeMean: -0.1,
        logSizeSd: 0.2,
      };
    case 'release':
      return {
        id,
        name: 'New model releases',
        kind,
        scope: first ? { labs: [first.lab] } : {},
        timing: { ratePerMonth: 0.15 },
        qualityStepMean: 3,
        qualityStepSd: 2,
      };
  }
}

export function addShock(doc: Doc, kind: ShockKind): Doc {
  return insertAt(doc, 'world.shocks', newShock(doc, kind));
}

/** Adds a common-shock group (several shocks firing together). */
export function addCommonShock(doc: Doc): Doc {
  const id = uniqueId(
    'group',
    (doc.world.commonShocks ?? []).map((g) => g.id),
  );
  return insertAt(doc, 'world.commonShocks', {
    id,
    name: 'New common shock',
    hazardPerMonth: 0.005,
  });
}

/** Removes a common-shock group and the memberships that named it. */
export function removeCommonShock(doc: Doc, index: number): Doc {
  const id = doc.world.commonShocks?.[index]?.id;
  let next = removeAt(doc, 'world.commonShocks', index);
  (next.world.shocks ?? []).forEach((sh, i) => {
    if ((sh.kind === 'ban' || sh.kind === 'capacityCut') && sh.group === id)
      next = setAt(next, `world.shocks[${i}].group`, undefined);
  });
  return next;
}

/** A blank API offer with the quality axes the workloads use (50 each), to be filled in. */
export function addBlankOffer(doc: Doc): Doc {
  const id = uniqueId(
    'offer',
    doc.world.offers.map((o) => o.id),
  );
  const axes = [...new Set(doc.world.workloads.map((w) => w.qualityAxis))].filter(
    (a) => typeof a === 'string' && a !== '',
  );
  const offer: OfferIn = {
    id,
    name: 'New offer',
    lab: 'Lab',
    model: 'Model',
    host: 'Lab API',
    kind: 'api',
    labJurisdiction: 'US',
    hostJurisdiction: 'US',
    openWeights: false,
    priceUsdPerMTokens: { input: 1, output: 5 },
    quality: Object.fromEntries((axes.length > 0 ? axes : ['general']).map((a) => [a, 50])),
  };
  return insertAt(doc, 'world.offers', offer);
}

/** Turns shock `index` into another kind, keeping its id, name and scope. */
export function changeShockKind(doc: Doc, index: number, kind: ShockKind): Doc {
  const old = doc.world.shocks?.[index];
  if (!old || old.kind === kind) return doc;
  const fresh = newShock(doc, kind);
  return setAt(doc, `world.shocks[${index}]`, {
    ...fresh,
    id: old.id,
    ...(old.name !== undefined ? { name: old.name } : {}),
    scope: old.scope,
  });
}

/** `list` without `id`, unless that would empty it (an empty list would change its meaning). */
function without(list: string[] | undefined, id: string): string[] | undefined {
  if (!list?.includes(id)) return list;
  const rest = list.filter((x) => x !== id);
  return rest.length > 0 ? rest : list;
}

/**
 * Removes a workload and what only made sense with it: its token multipliers on every offer and
 * its place in route lists that name other workloads too. A route that served only this
 * workload keeps the reference, so validation points at it instead of the route silently
 * serving everything.
 */
export function removeWorkload(doc: Doc, index: number): Doc {
  const id = doc.world.workloads[index]?.id;
  const next = clone(removeAt(doc, 'world.workloads', index));
  if (id === undefined) return next;
  for (const o of next.world.offers)
    if (o.tokenMultiplier && id in o.tokenMultiplier) {
      const { [id]: _gone, ...rest } = o.tokenMultiplier;
      o.tokenMultiplier = rest;
    }
  for (const st of next.strategies)
    for (const r of st.routes ?? []) {
      const w = without(r.workloads, id);
      if (w) r.workloads = w;
    }
  return next;
}

/**
 * Removes a region and its place in workloads' region mixes, route lists and shock scopes that
 * name other regions too (a list naming only this region keeps it, for validation to point at).
 */
export function removeRegion(doc: Doc, index: number): Doc {
  const id = doc.world.regions[index]?.id;
  const next = clone(removeAt(doc, 'world.regions', index));
  if (id === undefined) return next;
  for (const w of next.world.workloads)
    if (w.regionMix && id in w.regionMix) {
      const { [id]: _gone, ...rest } = w.regionMix;
      w.regionMix = rest;
    }
  for (const st of next.strategies)
    for (const r of st.routes ?? []) {
      const rg = without(r.regions, id);
      if (rg) r.regions = rg;
    }
  for (const sh of next.world.shocks ?? []) {
    const rg = without(sh.scope?.regions, id);
    if (rg) sh.scope.regions = rg;
  }
  return next;
}
