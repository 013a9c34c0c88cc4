import { fastExp } from '../exp.js';
import type { Events } from '../timeline.js';
import type { StrategyLanes } from './lanes.js';
import { serve } from './serve.js';

/**
 * Adaptive strategies (docs/model.md 6.4, 6.5): shares on offers that cannot serve land on the
 * target at once (a forced migration only if the offer is banned or retired), then shares move
 * toward a softmax of -beta x log(risk-adjusted cost per successful task), by 1/lag of the gap
 * each month; an offer under a retirement notice gets no target (its share drains), unless no
 * offer takes new load. The switching cost is paid on the net share each offer gained since the
 * cell was last served. Each share goes to its offer first, then down the route's other
 * candidates.
 */
export function routeAdaptive(
  l: StrategyLanes,
  t: number,
  n: number,
  events: readonly Events[],
  countsExits: boolean,
): void {
  const { p, cs, shares, lastShares, target, newCount, L, left, unserved, downWeighted } = l;
  const { forced, switching, own } = l;
  const { R, C, H, W } = p;
  const demand = p.processes.demand.tasks;
  const { ready, open, blockCount, downHours, prevDownFrac } = l.world.state;
  const { cpst } = l.world.economics;
  // Without retirement notices every ready offer takes new load (`open` is `ready`).
  const notices = l.world.state.noticeCount !== null;
  const monthDemand = p.processes.demand.total[t] ?? 0;
  for (let c = 0; c < C; c++) {
    const w = (c / R) | 0;
    const r = c - w * R;
    const D = demand[c * H + t] ?? 0;
    const a = cs.candStart[c] ?? 0;
    const z = cs.candStart[c + 1] ?? 0;
    for (let b = 0; b < n; b++) {
      let displaced = 0;
      let bannedMass = 0;
      let incumbent = -1;
      let best = -1;
      for (let k = a; k < z; k++) {
        const sh = shares[k * L + b] ?? 0;
        if (sh > best + 1e-12) {
          best = sh;
          incumbent = k;
        }
      }
      let maxU = -Infinity;
      let maxOpenU = -Infinity;
      let anyAvail = false;
      let anyOpen = false;
      for (let k = a; k < z; k++) {
        const o = cs.candOffers[k] ?? 0;
        if (ready[(o * R + r) * L + b] !== 1) {
          const sh = shares[k * L + b] ?? 0;
          displaced += sh;
          if ((blockCount[(o * R + r) * L + b] ?? 0) > 0) bannedMass += sh;
          shares[k * L + b] = 0;
          target[k - a] = Number.NEGATIVE_INFINITY;
          continue;
        }
        anyAvail = true;
        const risk =
          (cpst[(o * W + w) * L + b] ?? 0) * (1 + cs.riskAversion * (prevDownFrac[o * L + b] ?? 0));
        const u =
          -cs.beta * Math.log(risk > 0 ? risk : 1e-300) + (k === incumbent ? cs.inertiaBonus : 0);
        target[k - a] = u;
        if (u > maxU) maxU = u;
        if (!notices || open[(o * R + r) * L + b] === 1) {
          anyOpen = true;
          if (u > maxOpenU) maxOpenU = u;
        }
      }
      if (bannedMass > 1e-12) {
        forced[b] = (forced[b] ?? 0) + 1;
        if (events[b]?.wants())
          events[b]?.push({
            month: t,
            kind: 'forcedMigration',
            strategyId: cs.id,
            regionId: p.regionIds[r],
            detail: `${cs.name}: ${(bannedMass * 100).toFixed(0)}% of ${p.workloadIds[w]} in ${p.regionIds[r]} forced off a banned or retired offer`,
          });
      }
      if (!anyAvail) {
        unserved[b] = (unserved[b] ?? 0) + D;
        continue;
      }
      // The softmax over the offers that take new load (over the ready ones if none does).
      const top = anyOpen ? maxOpenU : maxU;
      let sum = 0;
      for (let k = a; k < z; k++) {
        const u = target[k - a] ?? Number.NEGATIVE_INFINITY;
        const closed = notices && anyOpen && open[((cs.candOffers[k] ?? 0) * R + r) * L + b] !== 1;
        const e = u === Number.NEGATIVE_INFINITY || closed ? 0 : fastExp(u - top);
        target[k - a] = e;
        sum += e;
      }
      let prevSum = 0;
      for (let k = a; k < z; k++) prevSum += shares[k * L + b] ?? 0;
      let moved = 0;
      let lastSum = 0;
      for (let k = a; k < z; k++) {
        const goal = (target[k - a] ?? 0) / sum;
        // Displaced mass lands on the target at once; the rest moves by 1/lag of the gap.
        const from =
          prevSum > 1e-12
            ? ((shares[k * L + b] ?? 0) + displaced * goal) / (prevSum + displaced)
            : goal;
        const next = from + (goal - from) / cs.lagMonths;
        shares[k * L + b] = next;
        // The net share this offer gained since the cell was last served.
        const last = lastShares[k * L + b] ?? 0;
        lastSum += last;
        if (next > last) moved += next - last;
        lastShares[k * L + b] = next;
      }
      if (lastSum > 1e-12) switching[b] = (switching[b] ?? 0) + cs.switchCostUsd * moved;
      for (let k = a; k < z; k++) {
        const sh = shares[k * L + b] ?? 0;
        if (sh <= 0) continue;
        const o0 = cs.candOffers[k] ?? 0;
        if (sh > 1e-9 && countsExits) newCount[o0 * L + b] = (newCount[o0 * L + b] ?? 0) + 1;
        downWeighted[b] =
          (downWeighted[b] ?? 0) +
          (monthDemand > 0 ? ((D * sh) / monthDemand) * (downHours[o0 * L + b] ?? 0) : 0);
        left[b] = D * sh;
        own[b] = o0;
        serve(
          l,
          b,
          b + 1,
          cs.candChainOffers,
          cs.candChainStart[k] ?? 0,
          cs.candChainStart[k + 1] ?? 0,
          r,
          w,
        );
      }
    }
  }
}
