import type { ProcessModule } from '../world/process.js';
import { scopedOffers } from './scope.js';

export interface CompiledRetirement {
  id: string;
  /** the offers of the retired model (the offers in scope), every region */
  offers: Int32Array;
  /** the month the notice starts (the offers take no new load), and the month they stop serving */
  noticeMonth: number;
  atMonth: number;
}

/**
 * Model retirements (docs/model.md 4.11): a lab retires a model at a month, after an optional
 * notice. From the notice its offers take no new load (no portion or adaptive share moves onto
 * them, no overflow reaches them: `WorldState.open`); at the retirement they stop serving, and
 * what they served migrates down its chain as a forced migration (`WorldState.blockCount`).
 * Scheduled, so the same in every run: no stream, no draws.
 * @example retirements.compile(ctx)[0]?.noticeMonth
 */
export const retirements: ProcessModule<CompiledRetirement[]> = {
  name: 'retirements',
  compile(ctx) {
    const out: CompiledRetirement[] = [];
    for (const shock of ctx.scenario.world.shocks) {
      if (shock.kind !== 'retirement') continue;
      out.push({
        id: shock.id,
        offers: scopedOffers(ctx, shock.scope),
        noticeMonth: shock.atMonth - shock.noticeMonths,
        atMonth: shock.atMonth,
      });
    }
    return out;
  },
  lanes(list, dims, world) {
    const L = world.lanes;
    const { R } = dims;
    const { blockCount, noticeCount, readyChanged } = world;
    /** Adds `sign` to the counts of every region of the retirement's offers in lanes 0 .. n - 1. */
    const mark = (counts: Uint8Array, offers: Int32Array, sign: number, n: number) => {
      for (const o of offers)
        for (let r = 0; r < R; r++)
          for (let b = 0; b < n; b++) {
            const i = (o * R + r) * L + b;
            counts[i] = (counts[i] ?? 0) + sign;
          }
    };
    return {
      startBlock: () => undefined,
      step(t, n, events) {
        for (const ret of list) {
          // A notice that started before month 0 is in force from month 0.
          const noticeStarts = ret.noticeMonth < ret.atMonth && t === Math.max(0, ret.noticeMonth);
          const names = [...ret.offers].map((o) => dims.offerNames[o]).join(', ');
          if (noticeStarts && noticeCount) {
            mark(noticeCount, ret.offers, 1, n);
            readyChanged.fill(1, 0, n);
            for (let b = 0; b < n; b++)
              if (events[b]?.wants())
                events[b]?.push({
                  month: t,
                  kind: 'retirementNotice',
                  shockId: ret.id,
                  detail: `${ret.id}: ${names} take no new load; retired in month ${ret.atMonth}`,
                });
          }
          if (t !== ret.atMonth) continue;
          if (noticeCount && ret.noticeMonth < ret.atMonth) mark(noticeCount, ret.offers, -1, n);
          mark(blockCount, ret.offers, 1, n);
          readyChanged.fill(1, 0, n);
          for (let b = 0; b < n; b++)
            if (events[b]?.wants())
              events[b]?.push({
                month: t,
                kind: 'retirement',
                shockId: ret.id,
                detail: `${ret.id}: ${names} retired`,
              });
        }
      },
    };
  },
};
