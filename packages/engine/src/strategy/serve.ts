import type { StrategyLanes } from './lanes.js';

/**
 * Walks chain[a..z) in lanes [from, to), serving `left[b]` tasks of workload wl in a region
 * (docs/model.md 6.2, 6.5): each offer that takes load (open, or ready and the lane's own offer
 * `own[b]`: an offer under a retirement notice keeps what it serves but takes nothing new)
 * takes what its uptime, capacity cuts and remaining capacity allow, the rest falls through;
 * what no offer could take is added to `unserved`.
 */
export function serve(
  l: StrategyLanes,
  from: number,
  to: number,
  chain: Int32Array,
  a: number,
  z: number,
  region: number,
  wl: number,
): void {
  const { p, L, left, unserved, own } = l;
  const { ready, open, downFrac, cutAvail, cutsAvailability } = l.world.state;
  // Without retirement notices `open` is `ready`; without cuts on uncapped offers `cutAvail` is 1.
  const notices = l.world.state.noticeCount !== null;
  const { tokPerTask } = l.world.economics;
  const { remaining, servedTasks } = l;
  const { R, W, capacityMTokens } = p;
  for (let ci = a; ci < z; ci++) {
    const o = chain[ci] ?? 0;
    const row = (o * W + wl) * L;
    const readyRow = (o * R + region) * L;
    // Capacity (and capacity cuts) bind only on offers with a cap.
    const capped = Number.isFinite(capacityMTokens[o] ?? Infinity);
    for (let b = from; b < to; b++) {
      const x = left[b] ?? 0;
      if (!(x > 0)) continue;
      if (open[readyRow + b] !== 1 && !(notices && o === own[b] && ready[readyRow + b] === 1))
        continue;
      // Up time, and what the capacity cuts of an offer without a cap leave of it.
      const up = 1 - (downFrac[o * L + b] ?? 0);
      const avail = x * (cutsAvailability ? up * (cutAvail[readyRow + b] ?? 1) : up);
      let taken = avail;
      if (capped && avail > 0) {
        const perTask = tokPerTask[row + b] ?? 0;
        const need = avail * perTask;
        const room = remaining[o * L + b] ?? 0;
        if (need > room) {
          taken = perTask > 0 ? room / perTask : avail;
          remaining[o * L + b] = 0;
        } else remaining[o * L + b] = room - need;
      }
      if (taken <= 0) continue;
      servedTasks[row + b] = (servedTasks[row + b] ?? 0) + taken;
      left[b] = x - taken;
    }
  }
  for (let b = from; b < to; b++) unserved[b] = (unserved[b] ?? 0) + (left[b] ?? 0);
}
