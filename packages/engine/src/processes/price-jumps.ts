import { fastExp } from '../exp.js';
import {
  poissonTable,
  rareCounts,
  reseedBlock,
  Rng,
  sampleNormal,
  samplePoisson,
  streamKey,
  type StreamKey,
} from '../random/index.js';
import type { ProcessModule } from '../world/process.js';
import { scopedOffers } from './scope.js';

export interface CompiledPriceJumps {
  id: string;
  /** the offers in scope that some strategy uses */
  offers: Int32Array;
  keys: StreamKey[];
  rate: number;
  /** `poissonTable(rate)`: the number of jumps per month, without an exponential per draw */
  table: Float64Array | null;
  logMean: number;
  logSd: number;
}

/**
 * Random price jumps (docs/model.md 4.6): per offer and month K ~ Poisson(nu) jumps, each
 * multiplying the price by e^X, X ~ Normal(m, s). Every lane's count is taken at once from the
 * count table; only the lanes with a jump are visited.
 * @example priceJumps.compile(ctx)[0]?.rate
 */
export const priceJumps: ProcessModule<CompiledPriceJumps[]> = {
  name: 'priceJumps',
  compile(ctx) {
    const out: CompiledPriceJumps[] = [];
    for (const shock of ctx.scenario.world.shocks) {
      if (shock.kind !== 'priceJumps') continue;
      const inScope = scopedOffers(ctx, shock.scope).filter((i) => ctx.used[i] === 1);
      out.push({
        id: shock.id,
        offers: inScope,
        keys: [...inScope].map((i) =>
          streamKey(ctx.seed, `priceJumps/${shock.id}`, ctx.offerIds[i] ?? ''),
        ),
        rate: shock.ratePerMonth,
        table: poissonTable(shock.ratePerMonth),
        logMean: shock.logSizeMean,
        logSd: shock.logSizeSd,
      });
    }
    return out;
  },
  lanes(list, dims, world) {
    const L = world.lanes;
    const rngs = list.map((j) => Array.from({ length: j.keys.length * L }, () => new Rng()));
    const counts = new Int32Array(L);
    const hits = new Int32Array(L);
    const { jumpFactor } = world;
    return {
      startBlock(firstRun, n) {
        list.forEach((j, i) => reseedBlock(j.keys, rngs[i] ?? [], L, firstRun, n));
      },
      step(t, n, events) {
        for (let i = 0; i < list.length; i++) {
          const j = list[i];
          const streams = rngs[i];
          if (!j || !streams) continue;
          const table = j.table;
          for (let q = 0; q < j.offers.length; q++) {
            const o = j.offers[q] ?? 0;
            // Every lane's count at once; then only the lanes with a jump are visited.
            const visits = table ? rareCounts(streams, q * L, n, table, counts, hits) : n;
            for (let h = 0; h < visits; h++) {
              const b = table ? (hits[h] ?? 0) : h;
              const rng = streams[q * L + b];
              if (!rng) continue;
              const jumps = table ? (counts[b] ?? 0) : samplePoisson(rng, j.rate);
              for (let e = 0; e < jumps; e++) {
                const factor = fastExp(sampleNormal(rng, j.logMean, j.logSd));
                jumpFactor[o * L + b] = (jumpFactor[o * L + b] ?? 1) * factor;
                if (events[b]?.wants())
                  events[b]?.push({
                    month: t,
                    kind: 'priceJump',
                    offerId: dims.offerIds[o],
                    shockId: j.id,
                    detail: `${dims.offerNames[o]} price x${factor.toFixed(2)}`,
                  });
              }
            }
          }
        }
      },
    };
  },
};
