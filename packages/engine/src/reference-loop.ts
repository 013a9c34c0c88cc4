import { offerInScope, type Duration, type Scenario } from '@crosswind/schema';
import { fastExp } from './exp.js';
import {
  openStream,
  sampleGamma,
  sampleLogNormal,
  sampleNormal,
  samplePoisson,
  streamKey,
  uniform,
  type Rng,
} from './random/index.js';
import { GAP_SLOPE_POINTS_PER_MONTH, HOURS_PER_MONTH } from './units.js';

/**
 * A plain, slow, readable reference of the model (docs/model.md sections 4 to 7) for the tests:
 * one run at a time, objects and maps keyed by id, every month recomputed from scratch (routing
 * is re-derived every month, not only when readiness changes), no lanes, tables, kernels or
 * grouped portions. It draws from the same streams (seed, run, process, entity) with the plain
 * samplers, so for the same seed and run it lives the same world as the engine, and its totals
 * must match the engine's run by run (up to float rounding: sums happen in another order).
 */

/** One run's totals per strategy, as `RunBatch.totals`, and its monthly costs. */
export interface ReferenceRun {
  totalCostUsd: number;
  successfulTasks: number;
  unservedTasks: number;
  downtimeHours: number;
  forcedMigrations: number;
  switchingCostUsd: number;
  fixedSelfHostCostUsd: number;
  valueUsd: number;
  monthlyCostUsd: number[];
}

type Offer = Scenario['world']['offers'][number];
type Strategy = Scenario['strategies'][number];

const NEVER = Number.POSITIVE_INFINITY;

function months(duration: Duration, rng: Rng | null): number {
  if (duration === 'permanent') return NEVER;
  if ('months' in duration) return duration.months;
  const { median, sigma } = duration.lognormalMonths;
  const d = rng ? median * fastExp(sigma * sampleNormal(rng, 0, 1)) : median;
  return Math.max(1, Math.round(d));
}

/** Which offers some strategy can use (jurisdiction filter, in a primary or fallback). */
function allowedBy(st: Strategy, o: Offer): boolean {
  return (
    !st.allowedJurisdictions ||
    (st.allowedJurisdictions.includes(o.labJurisdiction) &&
      st.allowedJurisdictions.includes(o.hostJurisdiction))
  );
}

/**
 * Simulates run `run` of a validated scenario with `seed`, the plain way.
 * @example referenceRun(scenario, 2026, 17)[0]?.totalCostUsd
 */
export function referenceRun(
  scenario: Scenario,
  seed: number | string,
  run: number,
): ReferenceRun[] {
  const { world } = scenario;
  const H = world.horizonMonths;
  const offers = world.offers;
  const byId = new Map(offers.map((o) => [o.id, o]));
  const stream = (process: string, entity: string) =>
    openStream(streamKey(seed, process, entity), run);

  // The routes of each strategy per (workload, region) cell.
  const routeOf = (st: Strategy, w: string, r: string) =>
    st.routes.find(
      (rt) =>
        (!rt.workloads || rt.workloads.includes(w)) && (!rt.regions || rt.regions.includes(r)),
    );
  const chainsOf = (st: Strategy, w: string, r: string) => {
    const route = routeOf(st, w, r);
    const fallbacks = route?.fallbacks ?? [];
    const allowed = (id: string) => {
      const o = byId.get(id);
      return o !== undefined && allowedBy(st, o);
    };
    const portions = (route?.primary ?? []).map((p) => ({
      weight: p.weight,
      chain: [p.offer, ...fallbacks.filter((f) => f !== p.offer)].filter(allowed),
    }));
    const candidates = [
      ...new Set([...(route?.primary ?? []).map((p) => p.offer), ...fallbacks]),
    ].filter(allowed);
    return { portions, candidates, primary: route?.primary ?? [] };
  };
  const used = new Set<string>();
  for (const st of scenario.strategies)
    for (const w of world.workloads)
      for (const r of world.regions)
        for (const p of chainsOf(st, w.id, r.id).portions) for (const o of p.chain) used.add(o);

  // Token multipliers, once per run (4.9).
  const mult = new Map<string, number>();
  for (const o of offers)
    for (const w of world.workloads) {
      const m = o.tokenMultiplier[w.id];
      let value = 1;
      if (typeof m === 'number') value = m;
      else if (m) {
        value = m.lognormal.median;
        if (m.lognormal.sigma > 0 && used.has(o.id))
          value =
            m.lognormal.median *
            fastExp(
              m.lognormal.sigma * sampleNormal(stream('tokenMultiplier', `${o.id}/${w.id}`), 0, 1),
            );
      }
      mult.set(`${o.id}/${w.id}`, value);
    }

  // Streams and state of the world's processes.
  const groupRng = new Map(world.commonShocks.map((g) => [g.id, stream('commonShock', g.id)]));
  const shockRng = new Map(world.shocks.map((s) => [s.id, stream('shock', s.id)]));
  const outRng = new Map(offers.map((o) => [o.id, stream('outage', o.id)]));
  const ovRng = new Map(offers.map((o) => [o.id, stream('overload', o.id)]));
  const active = new Map<string, { end: number }>();
  const changed = new Set<string>();
  const changeFactor = new Map(offers.map((o) => [o.id, 1]));
  const jumpFactor = new Map(offers.map((o) => [o.id, 1]));
  const resetFactor = new Map(offers.map((o) => [o.id, 1]));
  const bonus = new Map(offers.map((o) => [o.id, 0]));
  const jumpRng = new Map<string, Rng>();
  const releaseRng = new Map<string, Rng>();
  let prevDown = new Map(offers.map((o) => [o.id, 0]));

  const cap = (o: Offer) => {
    let c = o.capacityMTokensPerMonth ?? Infinity;
    if (o.kind === 'selfHost' && o.selfHost) {
      const sh = o.selfHost;
      c = Math.min(
        c,
        (sh.replicas *
          sh.outputTokensPerSecondPerReplica *
          sh.utilisationCeiling *
          3600 *
          HOURS_PER_MONTH) /
          1e6,
      );
    }
    return c;
  };
  const reserved = (o: Offer) =>
    o.selfHost
      ? o.selfHost.replicas * o.selfHost.gpusPerReplica * o.selfHost.gpuHourUsd * HOURS_PER_MONTH +
        o.selfHost.monthlyOpsUsd
      : 0;
  const lead = (o: Offer) => (o.kind === 'selfHost' ? (o.selfHost?.leadTimeMonths ?? 0) : 0);
  const pathFactor = (o: Offer, t: number) => {
    const path = o.pricePath;
    if (path?.type !== 'steps') return 1; // the tests' scenarios have no formulas
    let f = 1;
    for (const s of [...path.steps].sort((a, b) => a.month - b.month))
      if (s.month <= t) f = s.factor;
    return f;
  };

  // Per strategy: its state across months.
  const states = scenario.strategies.map((st) => ({
    st,
    assigned: new Map<string, string | null>(),
    lastServed: new Map<string, string | null>(),
    shares: new Map<string, Map<string, number>>(),
    lastShares: new Map<string, Map<string, number>>(),
    inUse: new Set<string>(),
    totals: {
      totalCostUsd: 0,
      successfulTasks: 0,
      unservedTasks: 0,
      downtimeHours: 0,
      forcedMigrations: 0,
      switchingCostUsd: 0,
      fixedSelfHostCostUsd: 0,
      valueUsd: 0,
      monthlyCostUsd: [] as number[],
    },
  }));
  // The status quo (6.1): each portion on the first offer of its chain ready at month 0; each
  // adaptive share on the first offer of its candidate chain ready at month 0.
  for (const s of states)
    for (const w of world.workloads)
      for (const r of world.regions) {
        const { portions, candidates, primary } = chainsOf(s.st, w.id, r.id);
        portions.forEach((p, i) => {
          const first = p.chain.find((id) => lead(byId.get(id) as Offer) === 0) ?? null;
          s.assigned.set(`${w.id}/${r.id}/${i}`, first);
          s.lastServed.set(`${w.id}/${r.id}/${i}`, first);
          if (first !== null && s.st.mode !== 'adaptive') s.inUse.add(first);
        });
        const weights = candidates.map((o) =>
          primary.filter((p) => p.offer === o).reduce((a, p) => a + p.weight, 0),
        );
        const total = weights.reduce((a, b) => a + b, 0);
        const shares = new Map(candidates.map((o) => [o, 0]));
        candidates.forEach((o, k) => {
          const sh = total > 0 ? (weights[k] ?? 0) / total : 1 / candidates.length;
          const chain = [o, ...candidates.filter((x) => x !== o)];
          const home = chain.find((id) => lead(byId.get(id) as Offer) === 0) ?? o;
          shares.set(home, (shares.get(home) ?? 0) + sh);
        });
        s.shares.set(`${w.id}/${r.id}`, shares);
        s.lastShares.set(
          `${w.id}/${r.id}`,
          new Map(
            candidates.map((o) => [o, lead(byId.get(o) as Offer) === 0 ? (shares.get(o) ?? 0) : 0]),
          ),
        );
        if (s.st.mode === 'adaptive') for (const [o, sh] of shares) if (sh > 1e-9) s.inUse.add(o);
      }

  for (let t = 0; t < H; t++) {
    // Common shocks, then bans and cuts (4.4).
    const fired = new Set(
      world.commonShocks
        .filter(
          (g) => g.hazardPerMonth > 0 && uniform(groupRng.get(g.id) as Rng) < g.hazardPerMonth,
        )
        .map((g) => g.id),
    );
    for (const shock of world.shocks) {
      if (shock.kind !== 'ban' && shock.kind !== 'capacityCut') continue;
      const rng = shockRng.get(shock.id) as Rng;
      const a = active.get(shock.id);
      if (a && t >= a.end) active.delete(shock.id);
      if (active.has(shock.id)) continue;
      let fire = 'atMonth' in shock.timing && shock.timing.atMonth === t;
      if (
        'hazardPerMonth' in shock.timing &&
        shock.timing.hazardPerMonth > 0 &&
        uniform(rng) < shock.timing.hazardPerMonth
      )
        fire = true;
      if (shock.group !== undefined && fired.has(shock.group)) fire = true;
      if (fire) {
        const random = 'hazardPerMonth' in shock.timing ? shock.timing.hazardPerMonth > 0 : false;
        const d = months(shock.duration, random || typeof shock.duration === 'object' ? rng : null);
        active.set(shock.id, { end: t + d });
      }
    }
    const inScope = (shock: Scenario['world']['shocks'][number], o: Offer, region: string) =>
      offerInScope(o, shock.scope) &&
      (!shock.scope.regions || shock.scope.regions.includes(region));
    const banned = (o: Offer, region: string) =>
      world.shocks.some((s) => s.kind === 'ban' && active.has(s.id) && inScope(s, o, region)) ||
      world.shocks.some(
        (s) => s.kind === 'retirement' && t >= s.atMonth && offerInScope(o, s.scope),
      );
    const noticed = (o: Offer) =>
      world.shocks.some(
        (s) =>
          s.kind === 'retirement' &&
          t >= s.atMonth - s.noticeMonths &&
          t < s.atMonth &&
          offerInScope(o, s.scope),
      );
    const ready = (o: Offer, region: string) => t >= lead(o) && !banned(o, region);
    const open = (o: Offer, region: string) => ready(o, region) && !noticed(o);
    const cutFactor = (o: Offer, region: string | null) => {
      let f = 1;
      for (const s of world.shocks)
        if (
          s.kind === 'capacityCut' &&
          active.has(s.id) &&
          (region === null ? offerInScope(o, s.scope) : inScope(s, o, region))
        )
          f *= s.capacityFactor;
      return f;
    };

    // Price changes, jumps, releases (4.6, 4.7).
    for (const s of world.shocks) {
      if (s.kind !== 'priceChange' || changed.has(s.id)) continue;
      const atMonth = 'atMonth' in s.timing && s.timing.atMonth === t;
      const h = 'hazardPerMonth' in s.timing ? s.timing.hazardPerMonth : 0;
      if (atMonth || (h > 0 && uniform(shockRng.get(s.id) as Rng) < h)) {
        changed.add(s.id);
        for (const o of offers)
          if (offerInScope(o, s.scope))
            changeFactor.set(o.id, (changeFactor.get(o.id) ?? 1) * s.factor);
      }
    }
    for (const s of world.shocks) {
      if (s.kind !== 'priceJumps') continue;
      for (const o of offers) {
        if (!offerInScope(o, s.scope) || !used.has(o.id)) continue;
        const key = `${s.id}|${o.id}`;
        if (!jumpRng.has(key)) jumpRng.set(key, stream(`priceJumps/${s.id}`, o.id));
        const rng = jumpRng.get(key) as Rng;
        const jumps = samplePoisson(rng, s.ratePerMonth);
        for (let e = 0; e < jumps; e++)
          jumpFactor.set(
            o.id,
            (jumpFactor.get(o.id) ?? 1) * fastExp(sampleNormal(rng, s.logSizeMean, s.logSizeSd)),
          );
      }
    }
    for (const s of world.shocks) {
      if (s.kind !== 'release') continue;
      const labs = [
        ...new Set(
          offers.filter((o) => offerInScope(o, s.scope) && used.has(o.id)).map((o) => o.lab),
        ),
      ];
      for (const lab of labs) {
        const key = `${s.id}|${lab}`;
        if (!releaseRng.has(key)) releaseRng.set(key, stream(`release/${s.id}`, lab));
        const rng = releaseRng.get(key) as Rng;
        const timing = s.timing;
        let count = 0;
        if ('atMonth' in timing) count = timing.atMonth === t ? 1 : 0;
        else if ('hazardPerMonth' in timing)
          count = timing.hazardPerMonth > 0 && uniform(rng) < timing.hazardPerMonth ? 1 : 0;
        else count = samplePoisson(rng, timing.ratePerMonth);
        for (let e = 0; e < count; e++) {
          const step = sampleNormal(rng, s.qualityStepMean, s.qualityStepSd);
          for (const o of offers)
            if (o.lab === lab && offerInScope(o, s.scope) && used.has(o.id)) {
              bonus.set(o.id, (bonus.get(o.id) ?? 0) + step);
              if ((s.priceResetFactor ?? 0) > 0) {
                resetFactor.set(o.id, s.priceResetFactor ?? 1);
                jumpFactor.set(o.id, 1);
                changeFactor.set(o.id, 1);
              }
            }
        }
      }
    }

    // Outages and overload (4.1, 4.2).
    const downHours = new Map<string, number>();
    for (const o of offers) {
      let hours = 0;
      if (o.outages && used.has(o.id) && o.outages.ratePerMonth > 0) {
        const rng = outRng.get(o.id) as Rng;
        const k = o.outages.clusteringShape ?? 0;
        const rate =
          k > 0 ? sampleGamma(rng, k, o.outages.ratePerMonth / k) : o.outages.ratePerMonth;
        const n = samplePoisson(rng, rate);
        for (let e = 0; e < n; e++)
          hours += sampleLogNormal(rng, o.outages.durationHours.mu, o.outages.durationHours.sigma);
        hours *= o.outages.severity;
      }
      let overload = 0;
      if (o.overload && used.has(o.id) && o.overload.ratePerMonth > 0) {
        const rng = ovRng.get(o.id) as Rng;
        const n = samplePoisson(rng, o.overload.ratePerMonth);
        for (let e = 0; e < n; e++)
          overload += sampleLogNormal(rng, Math.log(o.overload.medianHours), o.overload.sigma);
        overload *= o.overload.severity;
      }
      downHours.set(o.id, Math.min(HOURS_PER_MONTH, hours + overload));
    }
    const downFrac = (o: Offer) => (downHours.get(o.id) ?? 0) / HOURS_PER_MONTH;

    // One task of workload w on offer o this month (section 5).
    const task = (o: Offer, w: Scenario['world']['workloads'][number]) => {
      const m = mult.get(`${o.id}/${w.id}`) ?? 1;
      const q =
        (o.quality[w.qualityAxis] ?? 0) -
        GAP_SLOPE_POINTS_PER_MONTH * o.privateBenchmarkGapMonths +
        (bonus.get(o.id) ?? 0);
      const p = Math.max(1e-12, 1 / (1 + Math.exp((w.difficulty - q) / w.slope)));
      const success = 1 - (1 - p) ** (w.maxRetries + 1);
      const attempts = success / p;
      const priceFactor =
        pathFactor(o, t) *
        (changeFactor.get(o.id) ?? 1) *
        (jumpFactor.get(o.id) ?? 1) *
        (resetFactor.get(o.id) ?? 1);
      const perAttempt =
        (w.inputTokensPerAttempt * o.priceUsdPerMTokens.input +
          w.outputTokensPerAttempt * m * o.priceUsdPerMTokens.output) /
        1e6;
      const inputWeight = o.kind === 'selfHost' ? (o.selfHost?.inputTokenWeight ?? 1) : 1;
      const tokens = (w.inputTokensPerAttempt * inputWeight + w.outputTokensPerAttempt * m) / 1e6;
      const perMToken = o.kind === 'selfHost' ? reserved(o) / cap(o) : 0;
      return {
        success,
        cost: attempts * perAttempt * priceFactor,
        tokens: attempts * tokens,
        cpst: (perAttempt * priceFactor + tokens * perMToken) / p,
      };
    };

    const monthDemand = world.workloads.reduce(
      (sum, w) =>
        sum +
        world.regions.reduce(
          (s, r) =>
            s +
            w.tasksPerMonth *
              (1 + ('monthlyRate' in w.growth ? w.growth.monthlyRate : 0)) ** t *
              (w.regionMix ? (w.regionMix[r.id] ?? 0) : r.demandShare),
          0,
        ),
      0,
    );

    for (const s of states) {
      const { st, totals } = s;
      const remaining = new Map(offers.map((o) => [o.id, cap(o) * cutFactor(o, null)]));
      const served = new Map<string, number>();
      let unserved = 0;
      let switching = 0;
      let fixed = 0;
      const nowInUse = new Set<string>();
      // Self-hosting (6.8).
      for (const o of offers) {
        if (o.kind !== 'selfHost' || !used.has(o.id) || !chainUses(st, o.id)) continue;
        if (t === 0) fixed += o.selfHost?.setupCostUsd ?? 0;
        if (t >= lead(o)) fixed += reserved(o);
      }
      /** Walks a chain with `x` tasks; `own` takes load under a notice. */
      const walk = (
        chain: string[],
        x: number,
        w: Scenario['world']['workloads'][number],
        region: string,
        own: string | null,
      ) => {
        let left = x;
        for (const id of chain) {
          const o = byId.get(id) as Offer;
          if (!(left > 0)) break;
          if (!open(o, region) && !(id === own && ready(o, region))) continue;
          let taken =
            left * (1 - downFrac(o)) * (Number.isFinite(cap(o)) ? 1 : cutFactor(o, region));
          if (Number.isFinite(cap(o)) && taken > 0) {
            const perTask = task(o, w).tokens;
            const room = remaining.get(id) ?? 0;
            if (taken * perTask > room) {
              taken = perTask > 0 ? room / perTask : taken;
              remaining.set(id, 0);
            } else remaining.set(id, room - taken * perTask);
          }
          if (taken <= 0) continue;
          served.set(`${id}/${w.id}`, (served.get(`${id}/${w.id}`) ?? 0) + taken);
          left -= taken;
        }
        unserved += left;
      };
      for (const w of world.workloads)
        for (const r of world.regions) {
          const D =
            w.tasksPerMonth *
            (1 + ('monthlyRate' in w.growth ? w.growth.monthlyRate : 0)) ** t *
            (w.regionMix ? (w.regionMix[r.id] ?? 0) : r.demandShare);
          const { portions, candidates } = chainsOf(st, w.id, r.id);
          if (st.mode !== 'adaptive') {
            // Rule mode (6.2, 6.3, 6.6), re-derived every month.
            portions.forEach((p, i) => {
              const key = `${w.id}/${r.id}/${i}`;
              const prev = s.assigned.get(key) ?? null;
              const next =
                p.chain.find(
                  (id) =>
                    open(byId.get(id) as Offer, r.id) ||
                    (id === prev && ready(byId.get(id) as Offer, r.id)),
                ) ?? null;
              if (next !== prev) {
                if (prev !== null && banned(byId.get(prev) as Offer, r.id))
                  totals.forcedMigrations++;
                if (next !== null) {
                  const last = s.lastServed.get(key) ?? null;
                  if (last !== null && last !== next)
                    switching += st.switching.switchCostUsd * p.weight;
                  s.lastServed.set(key, next);
                }
                s.assigned.set(key, next);
              }
              if (next !== null) {
                nowInUse.add(next);
                if (monthDemand > 0)
                  totals.downtimeHours +=
                    ((D * p.weight) / monthDemand) * (downHours.get(next) ?? 0);
              }
              walk(p.chain, D * p.weight, w, r.id, next);
            });
            continue;
          }
          // Adaptive mode (6.4, 6.5, 6.6).
          const shares = s.shares.get(`${w.id}/${r.id}`) as Map<string, number>;
          const lastShares = s.lastShares.get(`${w.id}/${r.id}`) as Map<string, number>;
          let incumbent: string | null = null;
          let best = -1;
          for (const o of candidates)
            if ((shares.get(o) ?? 0) > best + 1e-12) [best, incumbent] = [shares.get(o) ?? 0, o];
          let displaced = 0;
          let bannedMass = 0;
          const utility = new Map<string, number>();
          for (const id of candidates) {
            const o = byId.get(id) as Offer;
            if (!ready(o, r.id)) {
              displaced += shares.get(id) ?? 0;
              if (banned(o, r.id)) bannedMass += shares.get(id) ?? 0;
              shares.set(id, 0);
              continue;
            }
            const risk =
              task(o, w).cpst * (1 + (st.adaptive?.riskAversion ?? 0) * (prevDown.get(id) ?? 0));
            utility.set(
              id,
              -(st.adaptive?.beta ?? 1) * Math.log(risk > 0 ? risk : 1e-300) +
                (id === incumbent ? st.switching.inertiaBonus : 0),
            );
          }
          if (bannedMass > 1e-12) totals.forcedMigrations++;
          if (utility.size === 0) {
            unserved += D;
            continue;
          }
          const openIds = [...utility.keys()].filter((id) => open(byId.get(id) as Offer, r.id));
          const targets = openIds.length > 0 ? openIds : [...utility.keys()];
          const top = Math.max(...targets.map((id) => utility.get(id) ?? -Infinity));
          const weights = new Map(
            targets.map((id) => [id, Math.exp((utility.get(id) ?? 0) - top)]),
          );
          const sum = [...weights.values()].reduce((a, b) => a + b, 0);
          const prevSum = candidates.reduce((a, id) => a + (shares.get(id) ?? 0), 0);
          let moved = 0;
          let lastSum = 0;
          for (const id of candidates) {
            const goal = (weights.get(id) ?? 0) / sum;
            const from =
              prevSum > 1e-12
                ? ((shares.get(id) ?? 0) + displaced * goal) / (prevSum + displaced)
                : goal;
            const next = from + (goal - from) / st.switching.lagMonths;
            shares.set(id, next);
            lastSum += lastShares.get(id) ?? 0;
            moved += Math.max(0, next - (lastShares.get(id) ?? 0));
            lastShares.set(id, next);
          }
          if (lastSum > 1e-12) switching += st.switching.switchCostUsd * moved;
          for (const id of candidates) {
            const sh = shares.get(id) ?? 0;
            if (sh <= 0) continue;
            if (sh > 1e-9) nowInUse.add(id);
            if (monthDemand > 0)
              totals.downtimeHours += ((D * sh) / monthDemand) * (downHours.get(id) ?? 0);
            walk([id, ...candidates.filter((x) => x !== id)], D * sh, w, r.id, id);
          }
        }
      // Exit fees (6.7).
      if (t < st.switching.contractMonths) {
        for (const id of s.inUse) if (!nowInUse.has(id)) switching += st.switching.exitFeeUsd;
        s.inUse = nowInUse;
      }
      // Prices (7.1).
      let cost = 0;
      for (const o of offers)
        for (const w of world.workloads) {
          const tasks = served.get(`${o.id}/${w.id}`) ?? 0;
          if (tasks === 0) continue;
          const e = task(o, w);
          cost += tasks * e.cost;
          totals.successfulTasks += tasks * e.success;
          totals.valueUsd += tasks * e.success * w.valuePerSuccessUsd;
        }
      const month = cost + fixed + switching;
      totals.monthlyCostUsd.push(month);
      totals.totalCostUsd += month;
      totals.unservedTasks += unserved;
      totals.switchingCostUsd += switching;
      totals.fixedSelfHostCostUsd += fixed;
    }
    prevDown = new Map(offers.map((o) => [o.id, downFrac(o)]));
  }
  return states.map((s) => s.totals);

  /** Whether a strategy's chains name the offer (only then does it pay for self-hosting it). */
  function chainUses(st: Strategy, id: string): boolean {
    return world.workloads.some((w) =>
      world.regions.some((r) =>
        chainsOf(st, w.id, r.id).portions.some((p) => p.chain.includes(id)),
      ),
    );
  }
}
