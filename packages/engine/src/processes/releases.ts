import {
  poissonTable,
  rareCounts,
  reseedBlock,
  Rng,
  sampleNormal,
  samplePoisson,
  streamKey,
  uniform,
  type StreamKey,
} from '../random/index.js';
import type { ProcessModule } from '../world/process.js';
import { scopedOffers } from './scope.js';

export interface CompiledRelease {
  id: string;
  /** one stream per lab: a release of a lab's model reaches every offer of that lab in scope */
  labs: { lab: string; offers: Int32Array; key: StreamKey }[];
  atMonth: number;
  hazard: number;
  rate: number;
  table: Float64Array | null;
  stepMean: number;
  stepSd: number;
  priceReset: number;
}

/**
 * Capability releases (docs/model.md 4.7), one stream per lab: per month one release at a
 * month, Bernoulli(h) with a hazard or Poisson(rate); each adds a Normal quality step to every
 * in-scope offer of the lab and may reset their prices (4.6).
 * @example releases.compile(ctx)[0]?.labs[0]?.lab
 */
export const releases: ProcessModule<CompiledRelease[]> = {
  name: 'releases',
  compile(ctx) {
    const offers = ctx.scenario.world.offers;
    const out: CompiledRelease[] = [];
    for (const shock of ctx.scenario.world.shocks) {
      if (shock.kind !== 'release') continue;
      const inScope = [...scopedOffers(ctx, shock.scope)].filter((i) => ctx.used[i] === 1);
      const labs = [...new Set(inScope.map((i) => offers[i]?.lab ?? ''))];
      const t = shock.timing;
      out.push({
        id: shock.id,
        labs: labs.map((lab) => ({
          lab,
          offers: Int32Array.from(inScope.filter((i) => offers[i]?.lab === lab)),
          key: streamKey(ctx.seed, `release/${shock.id}`, lab),
        })),
        atMonth: 'atMonth' in t ? t.atMonth : -1,
        hazard: 'hazardPerMonth' in t ? t.hazardPerMonth : 0,
        rate: 'ratePerMonth' in t ? t.ratePerMonth : 0,
        table: poissonTable('ratePerMonth' in t ? t.ratePerMonth : 0),
        stepMean: shock.qualityStepMean,
        stepSd: shock.qualityStepSd,
        priceReset: shock.priceResetFactor ?? 0,
      });
    }
    return out;
  },
  lanes(list, _dims, world) {
    const L = world.lanes;
    const rngs = list.map((rel) => Array.from({ length: rel.labs.length * L }, () => new Rng()));
    const keys = list.map((rel) => rel.labs.map((lab) => lab.key));
    const counts = new Int32Array(L);
    const hits = new Int32Array(L);
    const { qualityDirty, qualityBonus, resetFactor, jumpFactor, changeFactor } = world;
    return {
      startBlock(firstRun, n) {
        keys.forEach((k, i) => reseedBlock(k, rngs[i] ?? [], L, firstRun, n));
      },
      step(t, n, events) {
        for (let i = 0; i < list.length; i++) {
          const rel = list[i];
          const streams = rngs[i];
          if (!rel || !streams) continue;
          // Releases at a rate, from a count table: every lane's count at once, then only the
          // lanes with a release are visited.
          const table = rel.atMonth < 0 && !(rel.hazard > 0) ? rel.table : null;
          for (let q = 0; q < rel.labs.length; q++) {
            const lab = rel.labs[q];
            if (!lab) continue;
            const visits = table ? rareCounts(streams, q * L, n, table, counts, hits) : n;
            for (let h = 0; h < visits; h++) {
              const b = table ? (hits[h] ?? 0) : h;
              const rng = streams[q * L + b];
              if (!rng) continue;
              let count: number;
              if (table) count = counts[b] ?? 0;
              else if (rel.atMonth >= 0) count = rel.atMonth === t ? 1 : 0;
              else if (rel.hazard > 0) count = uniform(rng) < rel.hazard ? 1 : 0;
              else count = samplePoisson(rng, rel.rate);
              for (let e = 0; e < count; e++) {
                const step = sampleNormal(rng, rel.stepMean, rel.stepSd);
                for (let li = 0; li < lab.offers.length; li++) {
                  const x = (lab.offers[li] ?? 0) * L + b;
                  qualityDirty[x] = 1;
                  qualityBonus[x] = (qualityBonus[x] ?? 0) + step;
                  if (rel.priceReset > 0) {
                    resetFactor[x] = rel.priceReset;
                    jumpFactor[x] = 1;
                    changeFactor[x] = 1;
                  }
                }
                if (events[b]?.wants())
                  events[b]?.push({
                    month: t,
                    kind: 'release',
                    shockId: rel.id,
                    detail: `${lab.lab} release: quality ${step >= 0 ? '+' : ''}${step.toFixed(1)} points`,
                  });
              }
            }
          }
        }
      },
    };
  },
};
