import type { Scenario, SimulationEvent } from '@crosswind/schema';
import { HOURS_PER_MONTH, prepareScenario, type Prepared } from './prepare.js';
import {
  reseed,
  Rng,
  sampleGamma,
  sampleLogNormal,
  sampleNormal,
  samplePoisson,
  samplePoissonTable,
  uniform,
  type StreamKey,
} from './rng.js';
import {
  ENGINE_VERSION,
  SHARE_BINS,
  TOTAL_METRICS,
  type EngineResult,
  type RunBatch,
  type RunRange,
} from './types.js';

/** Progress callback: runs done so far out of the range's runs. Called about 100 times at most. */
export type ProgressFn = (done: number, total: number) => void;

const NEVER = 1 << 30;

/** Allocates an empty batch for runs [start, end). @example allocateBatch(prepared, 2026, 0, 1000) */
export function allocateBatch(
  p: Prepared,
  seed: number | string,
  start: number,
  end: number,
): RunBatch {
  const n = end - start;
  const { S, H, O } = p;
  const totals = Object.fromEntries(
    TOTAL_METRICS.map((m) => [m, new Float64Array(S * n)]),
  ) as RunBatch['totals'];
  return {
    engineVersion: ENGINE_VERSION,
    seed,
    start,
    end,
    strategies: S,
    months: H,
    offers: O,
    totals,
    costByOffer: new Float64Array(S * O * n),
    monthlyCost: new Float64Array(S * H * n),
    monthlyServedShare: new Float64Array(S * H * n),
    monthlyUnserved: new Float64Array(S * H * n),
    monthlyForcedSum: new Float64Array(S * H),
    shareHistogram: new Uint32Array(S * O * H * (SHARE_BINS + 1)),
    shareSumMicro: new Float64Array(S * O * H),
    samples: [],
  };
}

/**
 * Simulates runs [start, end) of a validated scenario. Each run is independent of every other
 * (its streams are keyed by its global index), so any split of [0, runs) into ranges, merged
 * with `mergeBatches`, gives the same batch bit for bit.
 * @example
 * const r = simulateRange(scenario, { seed: 2026, start: 0, end: 5000 });
 * if (r.ok) post(r.value, transferables(r.value));
 */
export function simulateRange(
  scenario: Scenario,
  range: RunRange,
  onProgress?: ProgressFn,
): EngineResult<RunBatch> {
  if (
    !Number.isInteger(range.start) ||
    !Number.isInteger(range.end) ||
    range.start < 0 ||
    range.end < range.start
  ) {
    return {
      ok: false,
      errors: [{ path: 'runs', message: `invalid run range [${range.start}, ${range.end})` }],
    };
  }
  const prepared = prepareScenario(scenario, range.seed);
  if (!prepared.ok) return prepared;
  return { ok: true, value: runBatch(prepared.value, range, onProgress) };
}

/**
 * The inner loop over runs, months and strategies, on preallocated typed arrays.
 * @example runBatch(prepared, { seed: 2026, start: 0, end: 1000 })
 */
export function runBatch(p: Prepared, range: RunRange, onProgress?: ProgressFn): RunBatch {
  const { H, O, W, R, C, S } = p;
  const { start, end } = range;
  const {
    leadTime,
    valueUsd,
    demand,
    demandTotal,
    capacityMTokens,
    isSelfHost,
    selfSetupUsd,
    selfMonthlyUsd,
    offerIds,
    offerNames,
    regionIds,
    workloadIds,
    pathFactor,
    qualityBase,
    difficulty,
    slope,
    retries,
    tokIn,
    tokOut,
    inputWeight,
    priceIn,
    priceOut,
    outRate,
    outMu,
    outSigma,
    outSeverity,
    outShape,
    ovRate,
    ovMu,
    ovSigma,
    ovSeverity,
    multKeys,
    multMedian,
    multSigma,
  } = p;
  const N = end - start;
  const batch = allocateBatch(p, range.seed, start, end);
  const K = p.switchables.length;
  // Loops over offers visit only those a strategy (or any strategy) can use, in index order.
  const live = p.liveOffers;
  const anyAdaptive = p.strategies.some((cs) => cs.adaptive);
  const G = p.groups.length;
  const f64 = (n: number) => new Float64Array(n);

  const mult = f64(O * W);
  const swActive = new Uint8Array(K);
  const swEnd = new Int32Array(K);
  const groupFired = new Uint8Array(G);
  const banCount = new Uint8Array(O * R);
  // 1 where an offer can take work in a region this month: ready (lead time) and not banned.
  const ready = new Uint8Array(O * R);
  const capFactor = f64(O);
  const changeFactor = f64(O);
  const changeFired = new Uint8Array(p.priceChanges.length);
  const jumpFactor = f64(O);
  const resetFactor = f64(O);
  const qualityBonus = f64(O);
  const downFrac = f64(O);
  const downHours = f64(O);
  const prevDownFrac = f64(O);
  const costPerTask = f64(O * W);
  const tokPerTask = f64(O * W);
  const succPerTask = f64(O * W);
  const cpst = f64(O * W);
  const attemptsPerTask = f64(O * W);
  const succPerAttempt = f64(O * W);
  const basePerAttempt = f64(O * W);
  const qualityDirty = new Uint8Array(O);
  const remaining = f64(O);
  const servedByOffer = f64(O);
  const newCount = new Int32Array(O);
  const prevCount = new Int32Array(S * O);
  const runCostByOffer = f64(S * O);
  const runTotals = f64(S * TOTAL_METRICS.length);

  const portionOffset: number[] = [];
  const candOffset: number[] = [];
  let totalPortions = 0;
  let totalCands = 0;
  for (const cs of p.strategies) {
    portionOffset.push(totalPortions);
    candOffset.push(totalCands);
    totalPortions += cs.portionWeight.length;
    totalCands += cs.candOffers.length;
  }
  const prevAssigned = new Int32Array(totalPortions);
  const shares = f64(totalCands);
  const target = f64(Math.max(1, ...p.strategies.map((cs) => maxCands(cs.candStart))));

  // One reusable generator per stream: re-seeded for each run, never allocated in the loop.
  // Null where a process has nothing random (zero rate, fixed timing): no draws, no seeding.
  const scratch = new Rng();
  const outRng = p.outKeys.map((_, o) => ((outRate[o] ?? 0) > 0 ? new Rng() : null));
  const ovRng = p.ovKeys.map((_, o) => ((ovRate[o] ?? 0) > 0 ? new Rng() : null));
  const swRng = p.switchables.map((sw) =>
    sw.hazard > 0 || typeof sw.duration === 'object' ? new Rng() : null,
  );
  const groupRng = p.groups.map((g) => (g.hazard > 0 ? new Rng() : null));
  const pcRng = p.priceChanges.map((pc) => (pc.hazard > 0 ? new Rng() : null));
  const pjRng = p.priceJumps.map((j) => j.keys.map(() => new Rng()));
  const relRng = p.releases.map((rel) => rel.labs.map(() => new Rng()));
  const reseedAll = (keys: readonly StreamKey[], rngs: readonly (Rng | null)[], run: number) => {
    for (let i = 0; i < rngs.length; i++) {
      const rng = rngs[i];
      const key = keys[i];
      if (rng && key) reseed(rng, key, run);
    }
  };
  const swKeys = p.switchables.map((sw) => sw.key);
  const groupKeys = p.groups.map((g) => g.key);
  const pcKeys = p.priceChanges.map((pc) => pc.key);
  const relKeys = p.releases.map((rel) => rel.labs.map((lab) => lab.key));
  const progressEvery = Math.max(1, Math.floor(N / 100));
  // Per-run outputs go to small [series][run-in-block] buffers first and are copied out 64 runs
  // at a time: writing straight into the [series][run] layout costs a cache miss per value.
  const B = 64;
  const M = TOTAL_METRICS.length;
  const blockCost = f64(S * H * B);
  const blockServed = f64(S * H * B);
  const blockUnserved = f64(S * H * B);
  const blockTotals = f64(M * S * B);
  const blockByOffer = f64(S * O * B);
  let blockStart = start;
  const flush = (upTo: number) => {
    const count = upTo - blockStart;
    const at = blockStart - start;
    const copy = (dst: Float64Array, src: Float64Array, rows: number) => {
      for (let row = 0; row < rows; row++)
        dst.set(src.subarray(row * B, row * B + count), row * N + at);
    };
    copy(batch.monthlyCost, blockCost, S * H);
    copy(batch.monthlyServedShare, blockServed, S * H);
    copy(batch.monthlyUnserved, blockUnserved, S * H);
    copy(batch.costByOffer, blockByOffer, S * O);
    TOTAL_METRICS.forEach((metric, m) =>
      copy(batch.totals[metric], blockTotals.subarray(m * S * B, (m + 1) * S * B), S),
    );
    blockStart = upTo;
  };

  // Tasks served this month by the strategy being simulated, per (offer, workload): the walk
  // below adds only these; costs, successes and value are priced once per month from them.
  const servedTasks = f64(O * W);
  /** Walks chain[a..b) serving x0 tasks of workload wl in a region; returns what no offer could take. */
  const serve = (
    x0: number,
    chain: Int32Array,
    a: number,
    b: number,
    region: number,
    wl: number,
  ): number => {
    let x = x0;
    for (let ci = a; ci < b && x > 0; ci++) {
      const o = chain[ci] ?? 0;
      if (ready[o * R + region] !== 1) continue;
      const k = o * W + wl;
      const avail = x * (1 - (downFrac[o] ?? 0));
      if (avail <= 0) continue;
      const perTask = tokPerTask[k] ?? 0;
      let n = avail;
      const need = avail * perTask;
      const left = remaining[o] ?? 0;
      if (need > left) {
        n = perTask > 0 ? left / perTask : avail;
        remaining[o] = 0;
      } else remaining[o] = left - need;
      if (n <= 0) continue;
      servedTasks[k] = (servedTasks[k] ?? 0) + n;
      x -= n;
    }
    return x;
  };

  for (let run = start; run < end; run++) {
    const ri = run - start;
    const bi = run - blockStart;
    const events: SimulationEvent[] | null = run < p.sampleRuns ? [] : null;

    for (let k = 0; k < O * W; k++) {
      const key = multKeys[k];
      const median = multMedian[k] ?? 1;
      mult[k] = key
        ? median * Math.exp((multSigma[k] ?? 0) * sampleNormal(reseed(scratch, key, run), 0, 1))
        : median;
    }
    reseedAll(p.outKeys, outRng, run);
    reseedAll(p.ovKeys, ovRng, run);
    reseedAll(swKeys, swRng, run);
    reseedAll(groupKeys, groupRng, run);
    reseedAll(pcKeys, pcRng, run);
    p.priceJumps.forEach((j, i) => reseedAll(j.keys, pjRng[i] ?? [], run));
    relKeys.forEach((keys, i) => reseedAll(keys, relRng[i] ?? [], run));

    swActive.fill(0);
    banCount.fill(0);
    changeFactor.fill(1);
    changeFired.fill(0);
    jumpFactor.fill(1);
    resetFactor.fill(1);
    qualityBonus.fill(0);
    qualityDirty.fill(1);
    prevDownFrac.fill(0);
    runCostByOffer.fill(0);
    runTotals.fill(0);
    initStrategies(p, prevAssigned, prevCount, shares, portionOffset, candOffset);

    for (let t = 0; t < H; t++) {
      // Common shocks: one draw per group and month.
      for (let g = 0; g < G; g++) {
        const rng = groupRng[g];
        groupFired[g] = rng && uniform(rng) < (p.groups[g]?.hazard ?? 0) ? 1 : 0;
      }
      // Bans and capacity cuts: a hazard draw each month while inactive; a duration draw on firing.
      // Ban counts change only when a shock starts or ends; capacity factors are recomputed then,
      // multiplying the active cuts in shock order as before.
      let cutsChanged = t === 0;
      for (let k = 0; k < K; k++) {
        const sw = p.switchables[k];
        if (!sw) continue;
        const rng = swRng[k] ?? null;
        if (swActive[k] === 1 && t >= (swEnd[k] ?? NEVER)) {
          swActive[k] = 0;
          if (sw.kind === 'ban') addMask(banCount, sw.mask, -1);
          else cutsChanged = true;
          events?.push({
            month: t,
            kind: sw.kind === 'ban' ? 'banEnd' : 'capacityCutEnd',
            shockId: sw.id,
            detail: `${sw.id} lifted`,
          });
        }
        if (swActive[k] === 0) {
          let fire = sw.atMonth === t;
          if (sw.hazard > 0 && rng && uniform(rng) < sw.hazard) fire = true;
          if (sw.group >= 0 && groupFired[sw.group] === 1) fire = true;
          if (fire) {
            swActive[k] = 1;
            if (sw.kind === 'ban') addMask(banCount, sw.mask, 1);
            else cutsChanged = true;
            const months = durationMonths(sw.duration, rng);
            swEnd[k] = months >= NEVER ? NEVER : t + months;
            events?.push({
              month: t,
              kind: sw.kind === 'ban' ? 'banStart' : 'capacityCutStart',
              shockId: sw.id,
              detail: `${sw.id} ${months >= NEVER ? 'for good' : `for ${months} month${months === 1 ? '' : 's'}`}`,
            });
          }
        }
      }
      if (cutsChanged) {
        capFactor.fill(1);
        for (let k = 0; k < K; k++) {
          const sw = p.switchables[k];
          if (!sw || sw.kind === 'ban' || swActive[k] !== 1) continue;
          const mask = sw.mask;
          for (let o = 0; o < O; o++) {
            let hit = 0;
            for (let r = 0; r < R; r++) hit |= mask[o * R + r] ?? 0;
            if (hit) capFactor[o] = (capFactor[o] ?? 1) * sw.capacityFactor;
          }
        }
      }
      for (let o = 0; o < O; o++) {
        const isReady = t >= (leadTime[o] ?? 0);
        for (let r = 0; r < R; r++) ready[o * R + r] = isReady && banCount[o * R + r] === 0 ? 1 : 0;
      }
      // One-off price changes.
      for (let i = 0; i < p.priceChanges.length; i++) {
        const pc = p.priceChanges[i];
        if (!pc || changeFired[i] === 1) continue;
        const rng = pcRng[i];
        if (pc.atMonth === t || (rng && uniform(rng) < pc.hazard)) {
          changeFired[i] = 1;
          for (let q = 0; q < pc.offers.length; q++) {
            const o = pc.offers[q] ?? 0;
            changeFactor[o] = (changeFactor[o] ?? 1) * pc.factor;
          }
          events?.push({
            month: t,
            kind: 'priceChange',
            shockId: pc.id,
            detail: `${pc.id}: prices x${pc.factor}`,
          });
        }
      }
      // Random price jumps: Poisson(nu) per offer and month, log-size ~ Normal(m, s).
      for (let i = 0; i < p.priceJumps.length; i++) {
        const j = p.priceJumps[i];
        const streams = pjRng[i];
        if (!j || !streams) continue;
        for (let q = 0; q < j.offers.length; q++) {
          const rng = streams[q];
          const o = j.offers[q] ?? 0;
          if (!rng) continue;
          const n = j.table ? samplePoissonTable(rng, j.table) : samplePoisson(rng, j.rate);
          for (let e = 0; e < n; e++) {
            const factor = Math.exp(sampleNormal(rng, j.logMean, j.logSd));
            jumpFactor[o] = (jumpFactor[o] ?? 1) * factor;
            events?.push({
              month: t,
              kind: 'priceJump',
              offerId: offerIds[o],
              shockId: j.id,
              detail: `${offerNames[o]} price x${factor.toFixed(2)}`,
            });
          }
        }
      }
      // Capability releases, one stream per lab.
      for (let i = 0; i < p.releases.length; i++) {
        const rel = p.releases[i];
        const streams = relRng[i];
        if (!rel || !streams) continue;
        for (let q = 0; q < rel.labs.length; q++) {
          const rng = streams[q];
          const lab = rel.labs[q];
          if (!rng || !lab) continue;
          const n =
            rel.atMonth >= 0
              ? rel.atMonth === t
                ? 1
                : 0
              : rel.hazard > 0
                ? uniform(rng) < rel.hazard
                  ? 1
                  : 0
                : rel.table
                  ? samplePoissonTable(rng, rel.table)
                  : samplePoisson(rng, rel.rate);
          for (let e = 0; e < n; e++) {
            const step = sampleNormal(rng, rel.stepMean, rel.stepSd);
            for (let li = 0; li < lab.offers.length; li++) {
              const o = lab.offers[li] ?? 0;
              qualityDirty[o] = 1;
              qualityBonus[o] = (qualityBonus[o] ?? 0) + step;
              if (rel.priceReset > 0) {
                resetFactor[o] = rel.priceReset;
                jumpFactor[o] = 1;
                changeFactor[o] = 1;
              }
            }
            events?.push({
              month: t,
              kind: 'release',
              shockId: rel.id,
              detail: `${lab.lab} release: quality ${step >= 0 ? '+' : ''}${step.toFixed(1)} points`,
            });
          }
        }
      }
      // Outages: N ~ Poisson(lambda) (lambda ~ Gamma when clustered), durations LogNormal(mu, sigma).
      for (let o = 0; o < O; o++) {
        let hours = 0;
        let incidents = 0;
        const rng = outRng[o];
        if (rng) {
          const shape = outShape[o] ?? 0;
          const rate = outRate[o] ?? 0;
          const table = p.outPoisson[o];
          incidents = table
            ? samplePoissonTable(rng, table)
            : samplePoisson(rng, shape > 0 ? sampleGamma(rng, shape, rate / shape) : rate);
          const mu = outMu[o] ?? 0;
          const sigma = outSigma[o] ?? 0;
          for (let e = 0; e < incidents; e++) hours += sampleLogNormal(rng, mu, sigma);
          hours *= outSeverity[o] ?? 1;
        }
        let overloadHours = 0;
        const orng = ovRng[o];
        if (orng) {
          const table = p.ovPoisson[o];
          const episodes = table
            ? samplePoissonTable(orng, table)
            : samplePoisson(orng, ovRate[o] ?? 0);
          for (let e = 0; e < episodes; e++)
            overloadHours += sampleLogNormal(orng, ovMu[o] ?? 0, ovSigma[o] ?? 0);
          overloadHours *= ovSeverity[o] ?? 0;
          if (events && episodes > 0) {
            events.push({
              month: t,
              kind: 'overload',
              offerId: offerIds[o],
              detail: `${offerNames[o]} overloaded ${overloadHours.toFixed(1)} capacity-hours`,
            });
          }
        }
        const total = Math.min(HOURS_PER_MONTH, hours + overloadHours);
        downHours[o] = total;
        downFrac[o] = total / HOURS_PER_MONTH;
        if (events && incidents > 0) {
          events.push({
            month: t,
            kind: 'outage',
            offerId: offerIds[o],
            detail: `${offerNames[o]}: ${incidents} incident${incidents === 1 ? '' : 's'}, ${hours.toFixed(1)} h down`,
          });
        }
      }
      // Economics of one task on each offer this month (MODEL.md section 5). Success rates and
      // token use change only with quality (releases), so they are recomputed only then.
      for (let u = 0; u < live.length; u++) {
        const o = live[u] ?? 0;
        if (qualityDirty[o] === 1) {
          qualityDirty[o] = 0;
          for (let w = 0; w < W; w++) {
            const k = o * W + w;
            const m = mult[k] ?? 1;
            // Inline taskEconomics (no allocation): p, P(success) = 1 - (1-p)^(r+1), attempts = P / p.
            const q = (qualityBase[k] ?? 0) + (qualityBonus[o] ?? 0);
            const pa = Math.max(
              1e-12,
              1 / (1 + Math.exp(-(q - (difficulty[w] ?? 0)) / (slope[w] ?? 1))),
            );
            let fail = 1;
            for (let a = 0; a <= (retries[w] ?? 0); a++) fail *= 1 - pa;
            const ps = 1 - fail;
            const attempts = ps / pa;
            attemptsPerTask[k] = attempts;
            succPerTask[k] = ps;
            succPerAttempt[k] = pa;
            tokPerTask[k] =
              (attempts * ((tokIn[w] ?? 0) * (inputWeight[o] ?? 1) + (tokOut[w] ?? 0) * m)) / 1e6;
            basePerAttempt[k] =
              ((tokIn[w] ?? 0) * (priceIn[o] ?? 0) + (tokOut[w] ?? 0) * m * (priceOut[o] ?? 0)) /
              1e6;
          }
        }
        const f =
          (pathFactor[o * H + t] ?? 1) *
          (changeFactor[o] ?? 1) *
          (jumpFactor[o] ?? 1) *
          (resetFactor[o] ?? 1);
        for (let w = 0; w < W; w++) {
          const k = o * W + w;
          const perAttempt = (basePerAttempt[k] ?? 0) * f;
          costPerTask[k] = (attemptsPerTask[k] ?? 1) * perAttempt;
          if (anyAdaptive) cpst[k] = perAttempt / (succPerAttempt[k] ?? 1);
        }
      }

      for (let s = 0; s < S; s++) {
        const cs = p.strategies[s];
        if (!cs) continue;
        let fixed = 0;
        let switching = 0;
        let unserved = 0;
        let downWeighted = 0;
        let forced = 0;
        const uses = cs.usedOffers;
        for (let u = 0; u < uses.length; u++) {
          const o = uses[u] ?? 0;
          remaining[o] = (capacityMTokens[o] ?? Infinity) * (capFactor[o] ?? 1);
          newCount[o] = 0;
          for (let w = 0; w < W; w++) servedTasks[o * W + w] = 0;
        }
        for (let u = 0; u < uses.length; u++) {
          const o = uses[u] ?? 0;
          if (isSelfHost[o] !== 1) continue;
          let c = 0;
          if (t === 0) c += selfSetupUsd[o] ?? 0;
          if (t >= (leadTime[o] ?? 0)) c += selfMonthlyUsd[o] ?? 0;
          if (events && t === (leadTime[o] ?? 0) && t > 0) {
            events.push({
              month: t,
              kind: 'selfHostReady',
              offerId: offerIds[o],
              strategyId: cs.id,
              detail: `${offerNames[o]} ready to take load`,
            });
          }
          fixed += c;
          runCostByOffer[s * O + o] = (runCostByOffer[s * O + o] ?? 0) + c;
        }
        const monthDemand = demandTotal[t] ?? 0;

        for (let c = 0; c < C; c++) {
          const w = (c / R) | 0;
          const r = c - w * R;
          const D = demand[c * H + t] ?? 0;
          if (cs.adaptive) {
            const a = cs.candStart[c] ?? 0;
            const b = cs.candStart[c + 1] ?? 0;
            const base = candOffset[s] ?? 0;
            // Availability, forced moves off banned offers, and the softmax target.
            let forcedMass = 0;
            let incumbent = -1;
            let best = -1;
            for (let k = a; k < b; k++) {
              const sh = shares[base + k] ?? 0;
              if (sh > best + 1e-12) {
                best = sh;
                incumbent = k;
              }
            }
            let maxU = -Infinity;
            let anyAvail = false;
            for (let k = a; k < b; k++) {
              const o = cs.candOffers[k] ?? 0;
              const avail = ready[o * R + r] === 1;
              if (!avail) {
                forcedMass += shares[base + k] ?? 0;
                shares[base + k] = 0;
                target[k - a] = Number.NEGATIVE_INFINITY;
                continue;
              }
              anyAvail = true;
              const risk = (cpst[o * W + w] ?? 0) * (1 + cs.riskAversion * (prevDownFrac[o] ?? 0));
              const u =
                -cs.beta * Math.log(risk > 0 ? risk : 1e-300) +
                (k === incumbent ? cs.inertiaBonus : 0);
              target[k - a] = u;
              if (u > maxU) maxU = u;
            }
            if (forcedMass > 1e-12) {
              forced++;
              switching += cs.switchCostUsd * forcedMass;
              events?.push({
                month: t,
                kind: 'forcedMigration',
                strategyId: cs.id,
                regionId: regionIds[r],
                detail: `${cs.name}: ${(forcedMass * 100).toFixed(0)}% of ${workloadIds[w]} in ${regionIds[r]} forced off a banned offer`,
              });
            }
            if (!anyAvail) {
              unserved += D;
              continue;
            }
            let z = 0;
            for (let k = a; k < b; k++) {
              const u = target[k - a] ?? Number.NEGATIVE_INFINITY;
              const e = u === Number.NEGATIVE_INFINITY ? 0 : Math.exp(u - maxU);
              target[k - a] = e;
              z += e;
            }
            let prevSum = 0;
            for (let k = a; k < b; k++) prevSum += shares[base + k] ?? 0;
            let moved = 0;
            for (let k = a; k < b; k++) {
              const goal = (target[k - a] ?? 0) / z;
              // Forced mass lands on the target at once; the rest moves by 1/lag of the gap.
              const from =
                prevSum > 1e-12
                  ? ((shares[base + k] ?? 0) + forcedMass * goal) / (prevSum + forcedMass)
                  : goal;
              const next = from + (goal - from) / cs.lagMonths;
              if (next > from) moved += next - from;
              shares[base + k] = next;
            }
            if (prevSum > 1e-12) switching += cs.switchCostUsd * moved;
            for (let k = a; k < b; k++) {
              const sh = shares[base + k] ?? 0;
              if (sh <= 0) continue;
              const o0 = cs.candOffers[k] ?? 0;
              if (sh > 1e-9) newCount[o0] = (newCount[o0] ?? 0) + 1;
              downWeighted += monthDemand > 0 ? ((D * sh) / monthDemand) * (downHours[o0] ?? 0) : 0;
              const x = serve(
                D * sh,
                cs.candChainOffers,
                cs.candChainStart[k] ?? 0,
                cs.candChainStart[k + 1] ?? 0,
                r,
                w,
              );
              unserved += x;
            }
            continue;
          }
          const pa = cs.portionStart[c] ?? 0;
          const pb = cs.portionStart[c + 1] ?? 0;
          for (let q = pa; q < pb; q++) {
            const weight = cs.portionWeight[q] ?? 0;
            const ca = cs.chainStart[q] ?? 0;
            const cb = cs.chainStart[q + 1] ?? 0;
            let assigned = -1;
            for (let ci = ca; ci < cb; ci++) {
              const o = cs.chainOffers[ci] ?? 0;
              if (ready[o * R + r] === 1) {
                assigned = o;
                break;
              }
            }
            const slot = (portionOffset[s] ?? 0) + q;
            const prev = prevAssigned[slot] ?? -1;
            if (assigned !== prev) {
              const wasBanned = prev >= 0 && (banCount[prev * R + r] ?? 0) > 0;
              if (wasBanned) {
                forced++;
                events?.push({
                  month: t,
                  kind: 'forcedMigration',
                  strategyId: cs.id,
                  regionId: regionIds[r],
                  offerId: offerIds[prev] ?? '',
                  detail: `${cs.name}: ${workloadIds[w]} in ${regionIds[r]} forced off ${offerNames[prev]} to ${assigned >= 0 ? offerNames[assigned] : 'nothing (unserved)'}`,
                });
              }
              if (assigned >= 0 && prev >= 0) switching += cs.switchCostUsd * weight;
              prevAssigned[slot] = assigned;
            }
            if (assigned >= 0) {
              newCount[assigned] = (newCount[assigned] ?? 0) + 1;
              downWeighted +=
                monthDemand > 0 ? ((D * weight) / monthDemand) * (downHours[assigned] ?? 0) : 0;
            }
            unserved += serve(D * weight, cs.chainOffers, ca, cb, r, w);
          }
        }
        // Exit fees: leaving an offer altogether before the contract ends.
        for (let u = 0; u < uses.length; u++) {
          const o = uses[u] ?? 0;
          if ((prevCount[s * O + o] ?? 0) > 0 && newCount[o] === 0 && t < cs.contractMonths) {
            switching += cs.exitFeeUsd;
            events?.push({
              month: t,
              kind: 'exit',
              strategyId: cs.id,
              offerId: offerIds[o],
              detail: `${cs.name} left ${offerNames[o]} early: exit fee`,
            });
          }
          prevCount[s * O + o] = newCount[o] ?? 0;
        }

        let cost = 0;
        let successes = 0;
        let value = 0;
        let served = 0;
        for (let u = 0; u < uses.length; u++) {
          const o = uses[u] ?? 0;
          let offerCost = 0;
          let offerServed = 0;
          for (let w = 0; w < W; w++) {
            const k = o * W + w;
            const n = servedTasks[k] ?? 0;
            if (n === 0) continue;
            const succ = n * (succPerTask[k] ?? 0);
            offerCost += n * (costPerTask[k] ?? 0);
            offerServed += n;
            successes += succ;
            value += succ * (valueUsd[w] ?? 0);
          }
          cost += offerCost;
          served += offerServed;
          servedByOffer[o] = offerServed;
          runCostByOffer[s * O + o] = (runCostByOffer[s * O + o] ?? 0) + offerCost;
        }
        const monthCost = cost + fixed + switching;
        const mi = (s * H + t) * B + bi;
        blockCost[mi] = monthCost;
        blockServed[mi] = monthDemand > 0 ? served / monthDemand : 1;
        blockUnserved[mi] = unserved;
        batch.monthlyForcedSum[s * H + t] = (batch.monthlyForcedSum[s * H + t] ?? 0) + forced;
        for (let u = 0; u < uses.length; u++) {
          const o = uses[u] ?? 0;
          const sh = served > 0 ? (servedByOffer[o] ?? 0) / served : 0;
          if (sh === 0) continue; // zero shares are counted at summary time: n minus the rest
          const cell = (s * O + o) * H + t;
          const bin = cell * (SHARE_BINS + 1) + Math.round(sh * SHARE_BINS);
          batch.shareHistogram[bin] = (batch.shareHistogram[bin] ?? 0) + 1;
          batch.shareSumMicro[cell] = (batch.shareSumMicro[cell] ?? 0) + Math.round(sh * 1e6);
        }
        const tb = s * TOTAL_METRICS.length;
        runTotals[tb + 0] = (runTotals[tb + 0] ?? 0) + monthCost;
        runTotals[tb + 1] = (runTotals[tb + 1] ?? 0) + successes;
        runTotals[tb + 2] = (runTotals[tb + 2] ?? 0) + unserved;
        runTotals[tb + 3] = (runTotals[tb + 3] ?? 0) + downWeighted;
        runTotals[tb + 4] = (runTotals[tb + 4] ?? 0) + forced;
        runTotals[tb + 5] = (runTotals[tb + 5] ?? 0) + switching;
        runTotals[tb + 6] = (runTotals[tb + 6] ?? 0) + fixed;
        runTotals[tb + 7] = (runTotals[tb + 7] ?? 0) + value;
      }
      prevDownFrac.set(downFrac);
    }

    for (let s = 0; s < S; s++) {
      for (let m = 0; m < M; m++) blockTotals[(m * S + s) * B + bi] = runTotals[s * M + m] ?? 0;
      for (let o = 0; o < O; o++)
        blockByOffer[(s * O + o) * B + bi] = runCostByOffer[s * O + o] ?? 0;
    }
    if (events) {
      const monthlyCostUsd: Record<string, number[]> = {};
      p.strategies.forEach((cs, s) => {
        monthlyCostUsd[cs.id] = Array.from(
          { length: H },
          (_, t) => blockCost[(s * H + t) * B + bi] ?? 0,
        );
      });
      batch.samples.push({ run, events, monthlyCostUsd });
    }
    if (bi === B - 1 || run === end - 1) flush(run + 1);
    if (onProgress && ((ri + 1) % progressEvery === 0 || run === end - 1)) onProgress(ri + 1, N);
  }
  return batch;
}

/** counts[i] += sign x mask[i]: a ban's (offer, region) cells start or stop counting. */
function addMask(counts: Uint8Array, mask: Uint8Array, sign: number): void {
  for (let i = 0; i < mask.length; i++) counts[i] = (counts[i] ?? 0) + sign * (mask[i] ?? 0);
}

function maxCands(candStart: Int32Array): number {
  let m = 0;
  for (let c = 0; c + 1 < candStart.length; c++)
    m = Math.max(m, (candStart[c + 1] ?? 0) - (candStart[c] ?? 0));
  return m;
}

/** Status quo before month 0: each portion on the first offer of its chain that is ready. */
function initStrategies(
  p: Prepared,
  prevAssigned: Int32Array,
  prevCount: Int32Array,
  shares: Float64Array,
  portionOffset: number[],
  candOffset: number[],
): void {
  prevCount.fill(0);
  p.strategies.forEach((cs, s) => {
    for (let q = 0; q < cs.portionWeight.length; q++) {
      let first = -1;
      for (let ci = cs.chainStart[q] ?? 0; ci < (cs.chainStart[q + 1] ?? 0); ci++) {
        const o = cs.chainOffers[ci] ?? 0;
        if ((p.leadTime[o] ?? 0) === 0) {
          first = o;
          break;
        }
      }
      prevAssigned[(portionOffset[s] ?? 0) + q] = first;
      if (first >= 0 && !cs.adaptive)
        prevCount[s * p.O + first] = (prevCount[s * p.O + first] ?? 0) + 1;
    }
    for (let c = 0; c + 1 < cs.candStart.length; c++) {
      const a = cs.candStart[c] ?? 0;
      const b = cs.candStart[c + 1] ?? 0;
      let sum = 0;
      for (let k = a; k < b; k++) sum += cs.candInitialShare[k] ?? 0;
      for (let k = a; k < b; k++) {
        const sh = sum > 0 ? (cs.candInitialShare[k] ?? 0) / sum : 1 / (b - a);
        shares[(candOffset[s] ?? 0) + k] = sh;
        const o = cs.candOffers[k] ?? 0;
        if (cs.adaptive && sh > 1e-9) prevCount[s * p.O + o] = (prevCount[s * p.O + o] ?? 0) + 1;
      }
    }
  });
}

function durationMonths(
  duration: Prepared['switchables'][number]['duration'],
  rng: Rng | null,
): number {
  if (duration === 'permanent') return NEVER;
  if ('months' in duration) return duration.months;
  const { median, sigma } = duration.lognormalMonths;
  const sample = rng ? median * Math.exp(sigma * sampleNormal(rng, 0, 1)) : median;
  return Math.max(1, Math.round(sample));
}

/**
 * Success of one task with retries (MODEL.md section 5): p = 1 / (1 + exp(-(Q - d) / s)),
 * P(success) = 1 - (1 - p)^(r + 1), expected attempts = P(success) / p.
 * @example taskEconomics(74.9, 62, 5, 1) // { successPerAttempt: 0.93, successWithRetries: 0.995, attempts: 1.07 }
 */
export function taskEconomics(quality: number, difficulty: number, slope: number, retries: number) {
  const pRaw = 1 / (1 + Math.exp(-(quality - difficulty) / slope));
  const successPerAttempt = Math.max(pRaw, 1e-12);
  const successWithRetries = 1 - Math.pow(1 - successPerAttempt, retries + 1);
  return {
    successPerAttempt,
    successWithRetries,
    attempts: successWithRetries / successPerAttempt,
  };
}
