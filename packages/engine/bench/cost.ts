import { prepareScenario } from '../src/compile/prepare.js';
import { simulate, simulationCost } from '../src/index.js';
import { june2026Scenario } from '../src/fixtures.js';
import { stressCases } from '../src/stress-scenarios.js';

/**
 * `pnpm --filter @crosswind/engine bench:cost`: how well `simulationCost` predicts the time and
 * the result size of scenarios that stress one dimension each. Prints, per case, the measured
 * nanoseconds per work unit (the estimate is calibrated so this stays at or below ~1 on the
 * reference machine: a budget in work units is then a budget in nanoseconds of one core) and
 * the measured result size against the estimated upper bound.
 */
const rows: string[] = [];
for (const c of [
  { name: 'June 2026', scenario: june2026Scenario(), runs: 4000 },
  ...stressCases(),
]) {
  const prepared = prepareScenario(c.scenario, c.scenario.simulation.seed);
  if (!prepared.ok) throw new Error(JSON.stringify(prepared.errors));
  simulate(c.scenario, { runs: Math.max(1, c.runs >> 2) }); // warm up
  let best = Infinity;
  let bytes = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = simulate(c.scenario, { runs: c.runs });
    best = Math.min(best, performance.now() - t0);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    bytes = JSON.stringify(r.value).length;
  }
  const cost = simulationCost(prepared.value, c.runs);
  rows.push(
    `${c.name.padEnd(72)} ${String(c.runs).padStart(5)} runs  ${best.toFixed(0).padStart(6)} ms  ` +
      `${((best * 1e6) / cost.workUnits).toFixed(2).padStart(5)} ns/unit  ` +
      `result ${(bytes / 1e6).toFixed(2)} MB of ${(cost.resultBytes / 1e6).toFixed(2)} MB estimated`,
  );
}
console.log(rows.join('\n'));
