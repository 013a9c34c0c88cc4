import { laneStreams, reseedBlock, streamKey, uniform, type StreamKey } from '../random/index.js';
import type { ProcessModule } from '../world/process.js';
import { scopedOffers } from './scope.js';

export interface CompiledPriceChange {
  id: string;
  offers: Int32Array;
  atMonth: number;
  hazard: number;
  factor: number;
  key: StreamKey;
}

/**
 * One-off price changes (docs/model.md 4.5, 4.6): at a month, or with a hazard each month until
 * it fires (one uniform a month); it fires at most once and multiplies the prices of the
 * offers in scope from then on.
 * @example priceChanges.compile(ctx)[0]?.factor
 */
export const priceChanges: ProcessModule<CompiledPriceChange[]> = {
  name: 'priceChanges',
  compile(ctx) {
    const out: CompiledPriceChange[] = [];
    for (const shock of ctx.scenario.world.shocks) {
      if (shock.kind !== 'priceChange') continue;
      out.push({
        id: shock.id,
        offers: scopedOffers(ctx, shock.scope),
        atMonth: 'atMonth' in shock.timing ? shock.timing.atMonth : -1,
        hazard: 'hazardPerMonth' in shock.timing ? shock.timing.hazardPerMonth : 0,
        factor: shock.factor,
        key: streamKey(ctx.seed, 'shock', shock.id),
      });
    }
    return out;
  },
  lanes(list, _dims, world) {
    const L = world.lanes;
    const keys = list.map((pc) => pc.key);
    const rngs = laneStreams(list, L, (pc) => pc.hazard > 0);
    const fired = new Uint8Array(list.length * L);
    const { changeFactor } = world;
    return {
      startBlock(firstRun, n) {
        reseedBlock(keys, rngs, L, firstRun, n);
        fired.fill(0);
      },
      step(t, n, events) {
        for (let i = 0; i < list.length; i++) {
          const pc = list[i];
          if (!pc) continue;
          for (let b = 0; b < n; b++) {
            if (fired[i * L + b] === 1) continue;
            const rng = rngs[i * L + b];
            if (pc.atMonth === t || (rng && uniform(rng) < pc.hazard)) {
              fired[i * L + b] = 1;
              for (let q = 0; q < pc.offers.length; q++) {
                const o = pc.offers[q] ?? 0;
                changeFactor[o * L + b] = (changeFactor[o * L + b] ?? 1) * pc.factor;
              }
              if (events[b]?.wants())
                events[b]?.push({
                  month: t,
                  kind: 'priceChange',
                  shockId: pc.id,
                  detail: `${pc.id}: prices x${pc.factor}`,
                });
            }
          }
        }
      },
    };
  },
};
