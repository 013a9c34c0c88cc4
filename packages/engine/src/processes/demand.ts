import { compileFormula, evaluateMonthly } from '../formula.js';
import { powInt } from '../pow.js';
import { NO_LANES, type ProcessModule } from '../world/process.js';

/** Tasks of each (workload, region) cell and month, and all tasks of each month. */
export interface CompiledDemand {
  /** `[cell][month]`, cell `c = w * R + r` */
  tasks: Float64Array;
  /** all cells' tasks, `[month]` */
  total: Float64Array;
}

/**
 * Demand (docs/model.md 4.8): V(w, r, t) = tasksPerMonth x growth(t) x mix(w, r), with growth
 * (1 + g)^t or a formula of `month` evaluated once per month. Not random: nothing to sample.
 * @example demand.compile(ctx).total[0] // all tasks of month 0
 */
export const demand: ProcessModule<CompiledDemand> = {
  name: 'demand',
  compile(ctx) {
    const { H, R, scenario } = ctx;
    const { workloads, regions } = scenario.world;
    const C = workloads.length * R;
    const tasks = new Float64Array(C * H);
    const total = new Float64Array(H);
    workloads.forEach((w, j) => {
      let growth: Float64Array;
      if ('formula' in w.growth) {
        const at = `world.workloads[${j}].growth.formula`;
        const compiled = compileFormula(w.growth.formula, ['month']);
        const values = compiled.ok ? evaluateMonthly(compiled.formula, H, 0, 1e6) : compiled;
        if (!values.ok) {
          ctx.errors.push({ path: at, message: `formula ${values.message}` });
          growth = new Float64Array(H);
        } else growth = values.values;
      } else {
        growth = new Float64Array(H);
        for (let t = 0; t < H; t++) growth[t] = powInt(1 + w.growth.monthlyRate, t);
      }
      regions.forEach((r, k) => {
        const mix = w.regionMix ? (w.regionMix[r.id] ?? 0) : r.demandShare;
        const c = j * R + k;
        for (let t = 0; t < H; t++) tasks[c * H + t] = w.tasksPerMonth * (growth[t] ?? 0) * mix;
      });
    });
    for (let c = 0; c < C; c++)
      for (let t = 0; t < H; t++) total[t] = (total[t] ?? 0) + (tasks[c * H + t] ?? 0);
    return { tasks, total };
  },
  lanes: () => NO_LANES,
};
