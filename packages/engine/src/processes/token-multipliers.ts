import { fastExp } from '../exp.js';
import {
  laneStreams,
  reseedBlock,
  sampleNormal,
  streamKey,
  type StreamKey,
} from '../random/index.js';
import type { ProcessModule } from '../world/process.js';

/** Each (offer, workload)'s multiplier of output tokens, `[offer][workload]`. */
export interface CompiledTokenMultipliers {
  /** the fixed multiplier, or the lognormal's median (1 when none is given) */
  median: Float64Array;
  /** the lognormal's log-sd (0: fixed) */
  sigma: Float64Array;
  /** a stream where the multiplier is random and some strategy uses the offer, else null */
  keys: (StreamKey | null)[];
}

/**
 * Token multipliers (docs/model.md 4.9): drawn once per run, m = median x e^(sigma Z), one
 * normal from the (offer/workload) stream; fixed multipliers draw nothing.
 * @example tokenMultipliers.compile(ctx).median[o * W + w]
 */
export const tokenMultipliers: ProcessModule<CompiledTokenMultipliers> = {
  name: 'tokenMultipliers',
  compile(ctx) {
    const { O, W, scenario, seed, used } = ctx;
    const median = new Float64Array(O * W).fill(1);
    const sigma = new Float64Array(O * W);
    const keys = new Array<StreamKey | null>(O * W).fill(null);
    scenario.world.offers.forEach((o, i) => {
      scenario.world.workloads.forEach((w, j) => {
        const m = o.tokenMultiplier[w.id];
        if (typeof m === 'number') median[i * W + j] = m;
        else if (m) {
          median[i * W + j] = m.lognormal.median;
          sigma[i * W + j] = m.lognormal.sigma;
          if (m.lognormal.sigma > 0 && used[i] === 1)
            keys[i * W + j] = streamKey(seed, 'tokenMultiplier', `${o.id}/${w.id}`);
        }
      });
    });
    return { median, sigma, keys };
  },
  lanes(c, dims, world) {
    const L = world.lanes;
    const rngs = laneStreams(c.keys, L, (key) => key !== null);
    const { mult } = world;
    const cells = dims.O * dims.W;
    return {
      startBlock(firstRun, n) {
        reseedBlock(c.keys, rngs, L, firstRun, n);
        for (let k = 0; k < cells; k++) {
          const median = c.median[k] ?? 1;
          const sigma = c.sigma[k] ?? 0;
          for (let b = 0; b < n; b++) {
            const rng = rngs[k * L + b];
            mult[k * L + b] = rng ? median * fastExp(sigma * sampleNormal(rng, 0, 1)) : median;
          }
        }
      },
      step: () => undefined,
    };
  },
};
