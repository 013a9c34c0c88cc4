import type { Events } from '../timeline.js';
import type { StrategyLanes } from './lanes.js';
import { serve } from './serve.js';

/**
 * Rule strategies (docs/model.md 6.2): each portion of a cell on the first ready offer of its
 * chain. Portions
 * whose chain is one or two offers without a capacity cap are walked per group of the same
 * chain in the same region (they share the assignment and the fractions each offer takes);
 * the others one by one by `serve`, in cell order (capacity goes first come, first served).
 */
export function routeRules(
  l: StrategyLanes,
  t: number,
  n: number,
  events: readonly Events[],
  countsExits: boolean,
): void {
  const { p, cs, prevAssigned, newCount, L, left, own, downWeighted, groups } = l;
  const { servedTasks, unserved, share1, share2 } = l;
  const { R, W, H } = p;
  const demand = p.processes.demand.tasks;
  const { ready, open, downHours, downFrac, cutAvail } = l.world.state;
  const monthDemand = p.processes.demand.total[t] ?? 0;
  const { portionStart, portionWeight, chainStart, chainOffers } = cs;
  reassign(l, t, n, events);
  // Each portion's tasks this month (the same in every run).
  const { portionTasks } = l;
  for (let c = 0; c < p.C; c++) {
    const D = demand[c * H + t] ?? 0;
    for (let q = portionStart[c] ?? 0; q < (portionStart[c + 1] ?? 0); q++)
      portionTasks[q] = D * (portionWeight[q] ?? 0);
  }
  for (const g of groups) {
    const { region: r, o1, o2, portions } = g;
    let tasks = 0;
    for (let j = 0; j < portions.length; j++) tasks += portionTasks[portions[j] ?? 0] ?? 0;
    const mass = monthDemand > 0 ? tasks / monthDemand : 0;
    const first = (portions[0] ?? 0) * L;
    const ready1 = (o1 * R + r) * L;
    const ready2 = (o2 * R + r) * L;
    // The group's assignment and the share of a portion's tasks each offer takes, run by run.
    for (let b = 0; b < n; b++) {
      const assigned = prevAssigned[first + b] ?? -1;
      if (assigned >= 0) {
        const i = assigned * L + b;
        if (countsExits) newCount[i] = (newCount[i] ?? 0) + portions.length;
        downWeighted[b] = (downWeighted[b] ?? 0) + mass * (downHours[i] ?? 0);
      }
      // Shares of one task: what each offer that takes load (open, or ready and assigned)
      // lets its uptime and capacity cuts take (both in [0, 1]), the rest falling through to
      // the next offer and then unserved.
      let rest = 1;
      let a1 = 0;
      let a2 = 0;
      if (open[ready1 + b] === 1 || (assigned === o1 && ready[ready1 + b] === 1)) {
        a1 = (1 - (downFrac[o1 * L + b] ?? 0)) * (cutAvail[ready1 + b] ?? 1);
        rest -= a1;
      }
      if (
        o2 >= 0 &&
        rest > 0 &&
        (open[ready2 + b] === 1 || (assigned === o2 && ready[ready2 + b] === 1))
      ) {
        a2 = rest * ((1 - (downFrac[o2 * L + b] ?? 0)) * (cutAvail[ready2 + b] ?? 1));
        rest -= a2;
      }
      share1[b] = a1;
      share2[b] = a2;
      unserved[b] = (unserved[b] ?? 0) + tasks * rest;
    }
    // What each portion (one per workload) puts on each offer.
    for (let j = 0; j < portions.length; j++) {
      const q = portions[j] ?? 0;
      const x = portionTasks[q] ?? 0;
      const w = l.portionWorkload[q] ?? 0;
      const row1 = (o1 * W + w) * L;
      for (let b = 0; b < n; b++)
        servedTasks[row1 + b] = (servedTasks[row1 + b] ?? 0) + x * (share1[b] ?? 0);
      if (o2 < 0) continue;
      const row2 = (o2 * W + w) * L;
      for (let b = 0; b < n; b++)
        servedTasks[row2 + b] = (servedTasks[row2 + b] ?? 0) + x * (share2[b] ?? 0);
    }
  }
  // The other portions, in cell order (capacity is taken first come, first served).
  for (let w = 0; w < W; w++) {
    for (let r = 0; r < R; r++) {
      const c = w * R + r;
      const pb = portionStart[c + 1] ?? 0;
      for (let q = portionStart[c] ?? 0; q < pb; q++) {
        if ((l.groupOf[q] ?? -1) >= 0) continue;
        const ca = chainStart[q] ?? 0;
        const cb = chainStart[q + 1] ?? 0;
        const tasks = portionTasks[q] ?? 0;
        // This portion's share of the month's demand (0 in a month without demand).
        const mass = monthDemand > 0 ? tasks / monthDemand : 0;
        for (let b = 0; b < n; b++) {
          const assigned = prevAssigned[q * L + b] ?? -1;
          if (assigned >= 0) {
            const i = assigned * L + b;
            if (countsExits) newCount[i] = (newCount[i] ?? 0) + 1;
            downWeighted[b] = (downWeighted[b] ?? 0) + mass * (downHours[i] ?? 0);
          }
          left[b] = tasks;
          own[b] = assigned;
        }
        serve(l, 0, n, chainOffers, ca, cb, r, w);
      }
    }
  }
}

/**
 * Rule strategies, in the runs whose ready table changed this month: each portion moves to the
 * first offer of its chain that takes new load (open), or stays on its offer if that comes
 * first and is still ready (under a retirement notice), paying for the move (6.3); leaving a
 * banned or retired offer is a forced migration (6.6).
 */
function reassign(l: StrategyLanes, t: number, n: number, events: readonly Events[]): void {
  const { p, cs, prevAssigned, lastServed, L, forced, switching } = l;
  const { R, W } = p;
  const { ready, open, readyChanged, blockCount } = l.world.state;
  const notices = l.world.state.noticeCount !== null;
  const { portionStart, portionWeight, chainStart, chainOffers } = cs;
  // The runs whose ready table changed (usually one or two of a block), listed once.
  const changed = l.changedLanes;
  let k = 0;
  for (let b = 0; b < n; b++) {
    changed[k] = b;
    k += readyChanged[b] ?? 0;
  }
  if (k === 0) return;
  for (let w = 0; w < W; w++) {
    for (let r = 0; r < R; r++) {
      const c = w * R + r;
      for (let q = portionStart[c] ?? 0; q < (portionStart[c + 1] ?? 0); q++) {
        const ca = chainStart[q] ?? 0;
        const cb = chainStart[q + 1] ?? 0;
        for (let j = 0; j < k; j++) {
          const b = changed[j] ?? 0;
          const prev = prevAssigned[q * L + b] ?? -1;
          let assigned = -1;
          for (let ci = ca; ci < cb; ci++) {
            const o = chainOffers[ci] ?? 0;
            const i = (o * R + r) * L + b;
            if (open[i] === 1 || (notices && o === prev && ready[i] === 1)) {
              assigned = o;
              break;
            }
          }
          if (assigned === prev) continue;
          if (prev >= 0 && (blockCount[(prev * R + r) * L + b] ?? 0) > 0) {
            forced[b] = (forced[b] ?? 0) + 1;
            if (events[b]?.wants())
              events[b]?.push({
                month: t,
                kind: 'forcedMigration',
                strategyId: cs.id,
                regionId: p.regionIds[r],
                offerId: p.offerIds[prev] ?? '',
                detail: `${cs.name}: ${p.workloadIds[w]} in ${p.regionIds[r]} forced off ${p.offerNames[prev]} to ${assigned >= 0 ? p.offerNames[assigned] : 'nothing (unserved)'}`,
              });
          }
          // A move pays when the portion lands on another offer than the last that served
          // it, also after months on no offer at all (A -> none -> B pays, A -> none -> A not).
          if (assigned >= 0) {
            const last = lastServed[q * L + b] ?? -1;
            if (last >= 0 && last !== assigned)
              switching[b] = (switching[b] ?? 0) + cs.switchCostUsd * (portionWeight[q] ?? 0);
            lastServed[q * L + b] = assigned;
          }
          prevAssigned[q * L + b] = assigned;
        }
      }
    }
  }
}
