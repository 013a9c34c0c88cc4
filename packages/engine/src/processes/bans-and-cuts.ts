import { offerInScope, type Duration } from '@crosswind/schema';
import { fastExp } from '../exp.js';
import {
  laneStreams,
  reseedBlock,
  sampleNormal,
  streamKey,
  uniform,
  type Rng,
  type StreamKey,
} from '../random/index.js';
import type { ProcessModule } from '../world/process.js';
import { addMask } from '../world/state.js';

/** A shock that never ends (`end`), or has not fired. */
export const NEVER = 1 << 30;

/** A ban or a capacity cut: an on/off process over (offer, region) cells. */
export interface CompiledSwitchable {
  id: string;
  kind: 'ban' | 'capacityCut';
  /** 1 where the (offer, region) pair is in scope, `o * R + r` */
  mask: Uint8Array;
  atMonth: number;
  hazard: number;
  duration: Duration;
  /** index of its common shock, or -1 */
  group: number;
  capacityFactor: number;
  key: StreamKey;
}

export interface CompiledBansAndCuts {
  list: CompiledSwitchable[];
  groups: { id: string; hazard: number; key: StreamKey }[];
  /** 1 for offers with a token cap: a cut multiplies the cap there, else the availability */
  capped: Uint8Array;
}

/**
 * Bans, capacity cuts and the common shocks that fire them together (docs/model.md 4.3-4.5):
 * one uniform per group and month; per shock, a hazard draw each month while it is not in
 * force and a duration draw when it fires. Ban counts change only when a shock starts or ends;
 * capacity factors are recomputed then, multiplying the active cuts in shock order.
 * @example bansAndCuts.compile(ctx).list[0]?.mask
 */
export const bansAndCuts: ProcessModule<CompiledBansAndCuts> = {
  name: 'bansAndCuts',
  compile(ctx) {
    const { O, R, scenario, seed } = ctx;
    const { offers, regions, commonShocks } = scenario.world;
    const groupIndex = new Map(commonShocks.map((g, i) => [g.id, i]));
    const list: CompiledSwitchable[] = [];
    for (const shock of scenario.world.shocks) {
      if (shock.kind !== 'ban' && shock.kind !== 'capacityCut') continue;
      const mask = new Uint8Array(O * R);
      offers.forEach((o, i) => {
        if (!offerInScope(o, shock.scope)) return;
        regions.forEach((r, k) => {
          if (!shock.scope.regions || shock.scope.regions.includes(r.id)) mask[i * R + k] = 1;
        });
      });
      list.push({
        id: shock.id,
        kind: shock.kind,
        mask,
        atMonth: 'atMonth' in shock.timing ? shock.timing.atMonth : -1,
        hazard: 'hazardPerMonth' in shock.timing ? shock.timing.hazardPerMonth : 0,
        duration: shock.duration,
        group: shock.group === undefined ? -1 : (groupIndex.get(shock.group) ?? -1),
        capacityFactor: shock.kind === 'capacityCut' ? shock.capacityFactor : 0,
        key: streamKey(seed, 'shock', shock.id),
      });
    }
    return {
      list,
      groups: commonShocks.map((g) => ({
        id: g.id,
        hazard: g.hazardPerMonth,
        key: streamKey(seed, 'commonShock', g.id),
      })),
      capped: Uint8Array.from(ctx.capacityMTokens, (cap) => (Number.isFinite(cap) ? 1 : 0)),
    };
  },
  lanes(c, dims, world) {
    const L = world.lanes;
    const { O, R } = dims;
    const { list, groups, capped } = c;
    const swKeys = list.map((sw) => sw.key);
    const groupKeys = groups.map((g) => g.key);
    const swRng = laneStreams(list, L, (sw) => sw.hazard > 0 || typeof sw.duration === 'object');
    const groupRng = laneStreams(groups, L, (g) => g.hazard > 0);
    const active = new Uint8Array(list.length * L);
    const end = new Int32Array(list.length * L);
    const groupFired = new Uint8Array(groups.length * L);
    const cutsChanged = new Uint8Array(L);
    const { blockCount, readyChanged, capFactor, cutAvail } = world;

    /** Lane b's capacity factors: the product of its active cuts, in shock order (4.3). */
    const capacityFactors = (b: number) => {
      for (let o = 0; o < O; o++) capFactor[o * L + b] = 1;
      for (let i = 0; i < O * R; i++) cutAvail[i * L + b] = 1;
      for (let k = 0; k < list.length; k++) {
        const sw = list[k];
        if (!sw || sw.kind === 'ban' || active[k * L + b] !== 1) continue;
        const mask = sw.mask;
        for (let o = 0; o < O; o++) {
          const isCapped = capped[o] === 1;
          let hit = 0;
          for (let r = 0; r < R; r++) {
            const inScope = mask[o * R + r] ?? 0;
            hit |= inScope;
            const i = (o * R + r) * L + b;
            if (inScope && !isCapped) cutAvail[i] = (cutAvail[i] ?? 1) * sw.capacityFactor;
          }
          if (hit && isCapped)
            capFactor[o * L + b] = (capFactor[o * L + b] ?? 1) * sw.capacityFactor;
        }
      }
    };

    return {
      startBlock(firstRun, n) {
        reseedBlock(swKeys, swRng, L, firstRun, n);
        reseedBlock(groupKeys, groupRng, L, firstRun, n);
        active.fill(0);
      },
      step(t, n, events) {
        for (let g = 0; g < groups.length; g++) {
          const hazard = groups[g]?.hazard ?? 0;
          for (let b = 0; b < n; b++) {
            const rng = groupRng[g * L + b];
            groupFired[g * L + b] = rng && uniform(rng) < hazard ? 1 : 0;
          }
        }
        cutsChanged.fill(t === 0 ? 1 : 0);
        for (let k = 0; k < list.length; k++) {
          const sw = list[k];
          if (!sw) continue;
          const isBan = sw.kind === 'ban';
          for (let b = 0; b < n; b++) {
            const i = k * L + b;
            const rng = swRng[i] ?? null;
            const ev = events[b] ?? null;
            if (active[i] === 1 && t >= (end[i] ?? NEVER)) {
              active[i] = 0;
              if (isBan) {
                addMask(blockCount, sw.mask, -1, L, b);
                readyChanged[b] = 1;
              } else cutsChanged[b] = 1;
              if (ev?.wants())
                ev.push({
                  month: t,
                  kind: isBan ? 'banEnd' : 'capacityCutEnd',
                  shockId: sw.id,
                  detail: `${sw.id} lifted`,
                });
            }
            if (active[i] === 0) {
              let fire = sw.atMonth === t;
              if (sw.hazard > 0 && rng && uniform(rng) < sw.hazard) fire = true;
              if (sw.group >= 0 && groupFired[sw.group * L + b] === 1) fire = true;
              if (fire) {
                active[i] = 1;
                if (isBan) {
                  addMask(blockCount, sw.mask, 1, L, b);
                  readyChanged[b] = 1;
                } else cutsChanged[b] = 1;
                const months = durationMonths(sw.duration, rng);
                end[i] = months >= NEVER ? NEVER : t + months;
                if (ev?.wants())
                  ev.push({
                    month: t,
                    kind: isBan ? 'banStart' : 'capacityCutStart',
                    shockId: sw.id,
                    detail: `${sw.id} ${months >= NEVER ? 'for good' : `for ${months} month${months === 1 ? '' : 's'}`}`,
                  });
              }
            }
          }
        }
        for (let b = 0; b < n; b++) if (cutsChanged[b] === 1) capacityFactors(b);
      },
    };
  },
};

/**
 * Months a shock stays in force: permanent (`NEVER`), fixed, or max(1, round(D)) with
 * D = median x e^(sigma Z) (one normal). @example durationMonths({ months: 3 }, null) // 3
 */
export function durationMonths(duration: Duration, rng: Rng | null): number {
  if (duration === 'permanent') return NEVER;
  if ('months' in duration) return duration.months;
  const { median, sigma } = duration.lognormalMonths;
  const sample = rng ? median * fastExp(sigma * sampleNormal(rng, 0, 1)) : median;
  return Math.max(1, Math.round(sample));
}
