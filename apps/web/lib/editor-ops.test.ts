import { getPreset } from '@crosswind/presets';
import { validateScenario, type ScenarioInput } from '@crosswind/schema';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBlankOffer,
  addCommonShock,
  addFallback,
  addPrimary,
  addRoute,
  addShock,
  addStrategy,
  changeShockKind,
  duplicateAt,
  evenWeights,
  moveAt,
  removeAt,
  removeCommonShock,
  removeOffer,
  removePrimary,
  removeRegion,
  removeWorkload,
  renameId,
  SHOCK_KIND_LABELS,
  setOfferKind,
  setPricePathKind,
  setStrategyMode,
  splitEvenly,
  type ShockKind,
} from './editor-ops';
import { blankScenario } from './templates';

function preset(id: string): ScenarioInput {
  const p = getPreset(id)?.scenario;
  if (!p) throw new Error(`preset ${id} missing`);
  return structuredClone(p);
}

function issues(doc: ScenarioInput): string[] {
  const v = validateScenario(doc);
  return v.ok ? [] : v.issues.map((i) => `${i.path}: ${i.message}`);
}

const june = preset('june-2026');
const KINDS = Object.keys(SHOCK_KIND_LABELS) as ShockKind[];

describe('structural edits keep a valid scenario valid', () => {
  it('starts from valid presets and the blank template', () => {
    expect(issues(june)).toEqual([]);
    expect(issues(blankScenario)).toEqual([]);
  });

  it('adds a strategy that serves everything from the first offer', () => {
    const next = addStrategy(june);
    expect(next.strategies).toHaveLength(5);
    expect(next.strategies[4]?.routes[0]?.primary).toEqual([{ offer: 'fable-5', weight: 1 }]);
    expect(issues(next)).toEqual([]);
    expect(june.strategies).toHaveLength(4); // the input is untouched
  });

  it('duplicates a strategy right after it, with a fresh id and a deep copy', () => {
    const next = duplicateAt(june, 'strategies', 1);
    expect(next.strategies.map((s) => s.id)).toEqual([
      'incumbent',
      'hedge',
      'hedge-2',
      'open-default',
      'cn-api-only',
    ]);
    expect(next.strategies[2]?.name).toBe('Hedge (copy)');
    expect(next.strategies[2]?.routes).not.toBe(next.strategies[1]?.routes);
    expect(issues(next)).toEqual([]);
  });

  it('reorders and removes strategies', () => {
    const moved = moveAt(june, 'strategies', 3, 0);
    expect(moved.strategies.map((s) => s.id)).toEqual([
      'cn-api-only',
      'incumbent',
      'hedge',
      'open-default',
    ]);
    expect(moveAt(june, 'strategies', 0, -1)).toBe(june);
    expect(removeAt(moved, 'strategies', 0).strategies.map((s) => s.id)).toEqual([
      'incumbent',
      'hedge',
      'open-default',
    ]);
  });

  it('adds a primary as an even split whose weights add up to exactly 1', () => {
    let next = june;
    for (let n = 0; n < 5; n++) next = addPrimary(next, 'strategies[3].routes[0]');
    const primary = next.strategies[3]?.routes[0]?.primary ?? [];
    expect(primary).toHaveLength(6);
    expect(primary.reduce((a, p) => a + p.weight, 0)).toBeCloseTo(1, 12);
    expect(new Set(primary.map((p) => p.offer)).size).toBe(6); // a new offer each time
    expect(issues(next)).toEqual([]);
  });

  it('removes a primary and rescales the others in proportion', () => {
    const next = removePrimary(
      addPrimary(june, 'strategies[1].routes[0]'),
      'strategies[1].routes[0]',
      2,
    );
    expect(next.strategies[1]?.routes[0]?.primary).toEqual([
      { offer: 'gpt-5.5', weight: 0.5 },
      { offer: 'glm-5.2-us-host', weight: 0.5 },
    ]);
    const back = removePrimary(june, 'strategies[1].routes[0]', 0);
    expect(back.strategies[1]?.routes[0]?.primary).toEqual([
      { offer: 'glm-5.2-us-host', weight: 1 },
    ]);
    expect(removePrimary(back, 'strategies[1].routes[0]', 0)).toBe(back); // never the last one
  });

  it('splits evenly', () => {
    expect(evenWeights(3)).toEqual([0.333, 0.333, 0.334]);
    const next = splitEvenly(june, 'strategies[1].routes[0]');
    expect(next.strategies[1]?.routes[0]?.primary.map((p) => p.weight)).toEqual([0.5, 0.5]);
  });

  it('adds fallbacks the route does not use yet, and reorders them', () => {
    const next = addFallback(june, 'strategies[0].routes[0]');
    expect(next.strategies[0]?.routes[0]?.fallbacks).toEqual(['gpt-5.5', 'gemini-3.1-pro']);
    const swapped = moveAt(next, 'strategies[0].routes[0].fallbacks', 1, 0);
    expect(swapped.strategies[0]?.routes[0]?.fallbacks).toEqual(['gemini-3.1-pro', 'gpt-5.5']);
    expect(issues(swapped)).toEqual([]);
  });

  it('adds and duplicates routes', () => {
    const next = duplicateAt(addRoute(june, 2), 'strategies[2].routes', 0);
    expect(next.strategies[2]?.routes).toHaveLength(4);
    expect(next.strategies[2]?.routes[1]).toEqual(next.strategies[2]?.routes[0]);
    expect(issues(next)).toEqual([]);
  });

  it.each(KINDS)('adds a valid %s shock, and turns it into every other kind', (kind) => {
    const next = addShock(june, kind);
    expect(next.world.shocks?.at(-1)?.kind).toBe(kind);
    expect(issues(next)).toEqual([]);
    const i = (next.world.shocks?.length ?? 0) - 1;
    for (const other of KINDS) expect(issues(changeShockKind(next, i, other))).toEqual([]);
  });

  it('adds a common shock and forgets memberships when it is removed', () => {
    let next = addCommonShock(june);
    const gid = next.world.commonShocks?.at(-1)?.id ?? '';
    next = addShock(next, 'capacityCut');
    const si = (next.world.shocks?.length ?? 0) - 1;
    const cut = next.world.shocks?.[si];
    if (cut?.kind !== 'capacityCut') throw new Error('not a cut');
    cut.group = gid;
    expect(issues(next)).toEqual([]);
    const removed = removeCommonShock(next, (next.world.commonShocks?.length ?? 0) - 1);
    const after = removed.world.shocks?.[si];
    expect(after && 'group' in after ? after.group : undefined).toBeUndefined();
    expect(issues(removed)).toEqual([]);
  });

  it('switches strategy mode with the adaptive settings the schema needs', () => {
    const adaptive = setStrategyMode(june, 1, 'adaptive');
    expect(adaptive.strategies[1]?.adaptive).toEqual({ beta: 2, riskAversion: 1 });
    expect(issues(adaptive)).toEqual([]);
    const rule = setStrategyMode(adaptive, 1, 'rule');
    expect(rule.strategies[1]?.adaptive).toBeUndefined();
    expect(issues(rule)).toEqual([]);
  });

  it('switches price paths between none, steps and formula', () => {
    for (const k of ['steps', 'formula', 'none'] as const)
      expect(issues(setPricePathKind(june, 0, k))).toEqual([]);
    expect(setPricePathKind(june, 0, 'none').world.offers[0]?.pricePath).toBeUndefined();
  });

  it('makes an offer self-hosted with settings, and an API again without them', () => {
    const selfHosted = setOfferKind(june, 1, 'selfHost');
    expect(selfHosted.world.offers[1]?.selfHost?.gpusPerReplica).toBe(8);
    expect(issues(selfHosted)).toEqual([]);
    const api = setOfferKind(selfHosted, 1, 'api');
    expect(api.world.offers[1]?.selfHost).toBeUndefined();
    expect(issues(api)).toEqual([]);
  });

  it('adds a blank offer with the quality axes the workloads use', () => {
    const next = addBlankOffer(june);
    expect(Object.keys(next.world.offers.at(-1)?.quality ?? {}).sort()).toEqual([
      'coding',
      'general',
    ]);
    expect(issues(next)).toEqual([]);
  });
});

describe('removing and renaming offers', () => {
  it('removes an offer with its fallbacks, scope entries and split shares', () => {
    // gemini-3.1-pro is a fallback of hedge and open-default.
    const next = removeOffer(june, 2);
    expect(next.world.offers.some((o) => o.id === 'gemini-3.1-pro')).toBe(false);
    expect(issues(next)).toEqual([]);
    // glm-5.2-us-host is 40% of hedge's split: gpt-5.5 takes all of it.
    const i = june.world.offers.findIndex((o) => o.id === 'glm-5.2-us-host');
    const hedge = removeOffer(june, i).strategies[1]?.routes[0]?.primary;
    expect(hedge).toEqual([{ offer: 'gpt-5.5', weight: 1 }]);
  });

  it('keeps the reference when the offer was a route’s only primary, so validation points at it', () => {
    const next = removeOffer(june, 0); // fable-5 is incumbent's only primary
    expect(issues(next).join('\n')).toContain(
      'strategies[0].routes[0].primary[0]: unknown offer "fable-5"',
    );
  });

  it('renames an offer everywhere it is used', () => {
    const next = renameId(june, 'offer', 'fable-5', 'fable-5-us');
    expect(next.strategies[0]?.routes[0]?.primary[0]?.offer).toBe('fable-5-us');
    expect(next.world.shocks?.[0]?.scope.offers).toEqual(['fable-5-us']);
    // renameId changes the references; the offer's own id field is what the user typed
    const typed = structuredClone(next);
    const fable = typed.world.offers[0];
    if (fable) fable.id = 'fable-5-us';
    expect(issues(typed)).toEqual([]);
  });

  it('renames workloads in token multipliers and routes, and regions in scopes', () => {
    const w = renameId(june, 'workload', 'swe', 'software');
    expect(w.world.offers.find((o) => o.id === 'glm-5.2-zai')?.tokenMultiplier).toEqual({
      office: 1.5,
      software: 4,
      support: 1.5,
    });
    expect(w.strategies[2]?.routes[0]?.workloads).toEqual(['software']);
    const r = renameId(june, 'region', 'eu', 'europe');
    expect(r.world.shocks?.[0]?.scope.regions).toEqual(['europe', 'apac']);
  });
});

describe('any sequence of edits keeps the scenario valid (property)', () => {
  const edit = fc.oneof(
    fc.constant((d: ScenarioInput) => addStrategy(d)),
    fc
      .nat(20)
      .map((n) => (d: ScenarioInput) => duplicateAt(d, 'strategies', n % d.strategies.length)),
    fc.tuple(fc.nat(20), fc.nat(20)).map(
      ([a, b]) =>
        (d: ScenarioInput) =>
          moveAt(d, 'strategies', a % d.strategies.length, b % d.strategies.length),
    ),
    fc
      .nat(20)
      .map(
        (n) => (d: ScenarioInput) =>
          d.strategies.length > 1 ? removeAt(d, 'strategies', n % d.strategies.length) : d,
      ),
    fc.nat(20).map((n) => (d: ScenarioInput) => addRoute(d, n % d.strategies.length)),
    fc.tuple(fc.nat(20), fc.nat(20)).map(([s, r]) => (d: ScenarioInput) => {
      const si = s % d.strategies.length;
      const ri = r % (d.strategies[si]?.routes.length ?? 1);
      return addPrimary(d, `strategies[${si}].routes[${ri}]`);
    }),
    fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)).map(([s, r, p]) => (d: ScenarioInput) => {
      const si = s % d.strategies.length;
      const ri = r % (d.strategies[si]?.routes.length ?? 1);
      const n = d.strategies[si]?.routes[ri]?.primary.length ?? 1;
      return removePrimary(d, `strategies[${si}].routes[${ri}]`, p % n);
    }),
    fc.tuple(fc.nat(20), fc.nat(20)).map(([s, r]) => (d: ScenarioInput) => {
      const si = s % d.strategies.length;
      const ri = r % (d.strategies[si]?.routes.length ?? 1);
      return addFallback(d, `strategies[${si}].routes[${ri}]`);
    }),
    fc.constantFrom(...KINDS).map((k) => (d: ScenarioInput) => addShock(d, k)),
    fc
      .nat(20)
      .map(
        (n) => (d: ScenarioInput) =>
          (d.world.shocks?.length ?? 0) > 0
            ? duplicateAt(d, 'world.shocks', n % (d.world.shocks?.length ?? 1))
            : d,
      ),
    fc.constant((d: ScenarioInput) => addCommonShock(d)),
    fc.tuple(fc.nat(20), fc.constantFrom('rule', 'adaptive' as const)).map(
      ([n, m]) =>
        (d: ScenarioInput) =>
          setStrategyMode(d, n % d.strategies.length, m),
    ),
    fc.tuple(fc.nat(20), fc.constantFrom('none', 'steps', 'formula' as const)).map(
      ([n, k]) =>
        (d: ScenarioInput) =>
          setPricePathKind(d, n % d.world.offers.length, k),
    ),
    fc.constant((d: ScenarioInput) => addBlankOffer(d)),
  );

  it('on June 2026 and on the blank scenario', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(edit, { maxLength: 12 }), (useJune, edits) => {
        let doc = useJune ? june : blankScenario;
        for (const e of edits) doc = e(doc);
        // Limits of the schema (12 strategies, 20 primaries, ...) are the only allowed failures.
        const left = issues(doc).filter((m) => !/at most/.test(m));
        expect(left).toEqual([]);
      }),
      { seed: 20261207, numRuns: 150 },
    );
  });
});

describe('removing workloads and regions', () => {
  it('drops a workload’s token multipliers and its place in route lists', () => {
    const swe = june.world.workloads.findIndex((w) => w.id === 'swe');
    const next = removeWorkload(june, swe);
    for (const o of next.world.offers)
      expect(Object.keys(o.tokenMultiplier ?? {})).not.toContain('swe');
    // open-default's first route served only swe: it keeps the reference for validation to show.
    expect(issues(next)).toEqual([
      'strategies[2].routes[0].workloads[0]: unknown workload "swe"; known: "office", "support"',
    ]);
  });

  it('drops a region from mixes, routes and scopes that name other regions', () => {
    const apac = june.world.regions.findIndex((r) => r.id === 'apac');
    let next = removeRegion(june, apac);
    expect(next.world.shocks?.[0]?.scope.regions).toEqual(['eu']);
    // The shares no longer add up to 1: the only issue left, and the user's to fix.
    expect(issues(next)).toEqual([
      'world.regions: region demand shares must add up to 1 (they add up to 0.7500)',
    ]);
    next = {
      ...next,
      world: {
        ...next.world,
        regions: next.world.regions.map((r) => ({
          ...r,
          demandShare: r.id === 'eu' ? 0.75 : r.demandShare,
        })),
      },
    };
    expect(issues(next)).toEqual([]);
  });
});
