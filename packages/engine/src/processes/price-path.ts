import { compileFormula, evaluateMonthly } from '../formula.js';
import { NO_LANES, type ProcessModule } from '../world/process.js';

/** Each offer's price-path factor by month, `[offer][month]` (1 without a path). */
export interface CompiledPricePath {
  factor: Float64Array;
}

/**
 * Price paths (docs/model.md 4.6): dated steps, or a formula of `month` evaluated once per month
 * in the sandbox (never per run). Not random: nothing to sample.
 * @example pricePath.compile(ctx).factor[o * H + t]
 */
export const pricePath: ProcessModule<CompiledPricePath> = {
  name: 'pricePath',
  compile(ctx) {
    const { H, O, scenario } = ctx;
    const factor = new Float64Array(O * H).fill(1);
    scenario.world.offers.forEach((o, i) => {
      const path = o.pricePath;
      if (path?.type === 'steps') {
        const steps = [...path.steps].sort((a, b) => a.month - b.month);
        let f = 1;
        let k = 0;
        for (let t = 0; t < H; t++) {
          while (k < steps.length && (steps[k]?.month ?? H) <= t) f = steps[k++]?.factor ?? f;
          factor[i * H + t] = f;
        }
      } else if (path?.type === 'formula') {
        const at = `world.offers[${i}].pricePath.formula`;
        const compiled = compileFormula(path.formula, ['month']);
        if (!compiled.ok) ctx.errors.push({ path: at, message: `formula ${compiled.message}` });
        else {
          const values = evaluateMonthly(compiled.formula, H, 0, 1e6);
          if (!values.ok) ctx.errors.push({ path: at, message: `formula ${values.message}` });
          else factor.set(values.values, i * H);
        }
      }
    });
    return { factor };
  },
  lanes: () => NO_LANES,
};
