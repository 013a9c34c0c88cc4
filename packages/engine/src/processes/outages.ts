import {
  laneStreams,
  outageHoursLanes,
  poissonStart,
  poissonTable,
  reseedBlock,
  sampleGamma,
  sampleLogNormal,
  samplePoisson,
  samplePoissonTable,
  streamKey,
  type StreamKey,
} from '../random/index.js';
import { HOURS_PER_MONTH } from '../units.js';
import type { ProcessModule } from '../world/process.js';

/** Outage and overload parameters of each offer (0 rates for offers no strategy uses). */
export interface CompiledOutages {
  rate: Float64Array;
  mu: Float64Array;
  sigma: Float64Array;
  severity: Float64Array;
  /** gamma shape of clustered counts, 0 when unclustered */
  shape: Float64Array;
  keys: StreamKey[];
  /** incidents per month for unclustered outages (`poissonTable`); null when clustered */
  table: (Float64Array | null)[];
  overloadRate: Float64Array;
  overloadMu: Float64Array;
  overloadSigma: Float64Array;
  overloadSeverity: Float64Array;
  overloadKeys: StreamKey[];
  overloadTable: (Float64Array | null)[];
}

/**
 * Outages and overload episodes (docs/model.md 4.1, 4.2): per offer and month, N ~ Poisson(lambda)
 * incidents (lambda ~ Gamma when clustered) of LogNormal(mu, sigma) hours times severity, plus
 * Poisson overload episodes; down hours are capped at the month's hours.
 * @example outages.compile(ctx).rate[o]
 */
export const outages: ProcessModule<CompiledOutages> = {
  name: 'outages',
  compile(ctx) {
    const { O, seed, used } = ctx;
    const f64 = () => new Float64Array(O);
    const c = {
      rate: f64(),
      mu: f64(),
      sigma: f64(),
      severity: f64(),
      shape: f64(),
      overloadRate: f64(),
      overloadMu: f64(),
      overloadSigma: f64(),
      overloadSeverity: f64(),
    };
    const offers = ctx.scenario.world.offers;
    offers.forEach((o, i) => {
      if (o.outages && used[i] === 1) {
        c.rate[i] = o.outages.ratePerMonth;
        c.mu[i] = o.outages.durationHours.mu;
        c.sigma[i] = o.outages.durationHours.sigma;
        c.severity[i] = o.outages.severity;
        c.shape[i] = o.outages.clusteringShape ?? 0;
      }
      if (o.overload && used[i] === 1) {
        c.overloadRate[i] = o.overload.ratePerMonth;
        c.overloadMu[i] = Math.log(o.overload.medianHours);
        c.overloadSigma[i] = o.overload.sigma;
        c.overloadSeverity[i] = o.overload.severity;
      }
    });
    return {
      ...c,
      keys: offers.map((o) => streamKey(seed, 'outage', o.id)),
      table: offers.map((_, i) => ((c.shape[i] ?? 0) > 0 ? null : poissonTable(c.rate[i] ?? 0))),
      overloadKeys: offers.map((o) => streamKey(seed, 'overload', o.id)),
      overloadTable: offers.map((_, i) => poissonTable(c.overloadRate[i] ?? 0)),
    };
  },
  lanes(c, dims, world) {
    const L = world.lanes;
    const { O } = dims;
    const outRng = laneStreams(c.keys, L, (_, o) => (c.rate[o] ?? 0) > 0);
    const ovRng = laneStreams(c.overloadKeys, L, (_, o) => (c.overloadRate[o] ?? 0) > 0);
    /** (mu, sigma) of each offer's durations, and where to search its count table */
    const params = Array.from({ length: O }, (_, o) =>
      Float64Array.of(c.mu[o] ?? 0, c.sigma[o] ?? 0),
    );
    const start = Int32Array.from(c.table, (table) => (table ? poissonStart(table) : 0));
    const { downHours, downFrac } = world;
    return {
      startBlock(firstRun, n) {
        reseedBlock(c.keys, outRng, L, firstRun, n);
        reseedBlock(c.overloadKeys, ovRng, L, firstRun, n);
      },
      step(t, n, events) {
        for (let o = 0; o < O; o++) {
          const table = c.table[o] ?? null;
          const mu = c.mu[o] ?? 0;
          const sigma = c.sigma[o] ?? 0;
          const severity = c.severity[o] ?? 1;
          const ovTable = c.overloadTable[o] ?? null;
          const ovMu = c.overloadMu[o] ?? 0;
          const ovSigma = c.overloadSigma[o] ?? 0;
          const ovSeverity = c.overloadSeverity[o] ?? 0;
          // Outage hours of every lane in one call (no lane of this block keeps a timeline:
          // sample runs are the first lanes of their block); else lane by lane, counting incidents.
          const allLanes = table !== null && !events[0];
          if (allLanes)
            outageHoursLanes(
              outRng,
              o * L,
              n,
              table,
              start[o] ?? 0,
              params[o] ?? new Float64Array(2),
              downHours,
              o * L,
            );
          if (allLanes && !((c.overloadRate[o] ?? 0) > 0)) {
            // No overload process and no timeline: just severity and the month's cap.
            for (let b = 0; b < n; b++) {
              const total = Math.min(HOURS_PER_MONTH, (downHours[o * L + b] ?? 0) * severity);
              downHours[o * L + b] = total;
              downFrac[o * L + b] = total / HOURS_PER_MONTH;
            }
            continue;
          }
          for (let b = 0; b < n; b++) {
            const ev = events[b] ?? null;
            let hours = 0;
            let incidents = 0;
            const rng = outRng[o * L + b];
            if (rng) {
              if (allLanes) hours = downHours[o * L + b] ?? 0;
              else {
                const shape = c.shape[o] ?? 0;
                const rate = c.rate[o] ?? 0;
                incidents = table
                  ? samplePoissonTable(rng, table)
                  : samplePoisson(rng, shape > 0 ? sampleGamma(rng, shape, rate / shape) : rate);
                for (let e = 0; e < incidents; e++) hours += sampleLogNormal(rng, mu, sigma);
              }
              hours *= severity;
            }
            let overloadHours = 0;
            const orng = ovRng[o * L + b];
            if (orng) {
              const episodes = ovTable
                ? samplePoissonTable(orng, ovTable)
                : samplePoisson(orng, c.overloadRate[o] ?? 0);
              for (let e = 0; e < episodes; e++)
                overloadHours += sampleLogNormal(orng, ovMu, ovSigma);
              overloadHours *= ovSeverity;
              if (episodes > 0 && ev?.wants()) {
                ev.push({
                  month: t,
                  kind: 'overload',
                  offerId: dims.offerIds[o],
                  detail: `${dims.offerNames[o]} overloaded ${overloadHours.toFixed(1)} capacity-hours`,
                });
              }
            }
            const total = Math.min(HOURS_PER_MONTH, hours + overloadHours);
            downHours[o * L + b] = total;
            downFrac[o * L + b] = total / HOURS_PER_MONTH;
            if (incidents > 0 && ev?.wants()) {
              ev.push({
                month: t,
                kind: 'outage',
                offerId: dims.offerIds[o],
                detail: `${dims.offerNames[o]}: ${incidents} incident${incidents === 1 ? '' : 's'}, ${hours.toFixed(1)} h down`,
              });
            }
          }
        }
      },
    };
  },
};
