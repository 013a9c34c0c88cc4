import { june2026Scenario } from '../src/fixtures.js';
import { simulate, workUnits } from '../src/index.js';
import { naiveSimulate } from './naive.js';

/**
 * `pnpm bench`: the June 2026 scenario at 10,000 and 100,000 runs on one core, with time,
 * nanoseconds per (run x month x offer x strategy), peak memory, and a naive reference loop for
 * a ratio. Targets (issue 2): 10k runs <= 0.5 s, 100k runs <= 4 s, peak memory < 1 GB.
 * Times are the best of a few repetitions; the machine may be busy with other work.
 */
const scenario = june2026Scenario();
const gc = (globalThis as { gc?: () => void }).gc;

function best(reps: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < reps; i++) {
    gc?.();
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

const rows: string[] = [];
simulate(scenario, { runs: 2000 }); // warm up the JIT
for (const [runs, reps, target] of [
  [10_000, 5, 500],
  [100_000, 2, 4000],
] as const) {
  let peak = 0;
  const ms = best(reps, () => {
    const r = simulate(scenario, { runs, seed: 2026 });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
  });
  peak = process.resourceUsage().maxRSS / 1024;
  const ns = (ms * 1e6) / workUnits(scenario, runs);
  rows.push(
    `engine  ${String(runs).padStart(7)} runs  ${ms.toFixed(0).padStart(6)} ms  (target ${target} ms: ${ms <= target ? 'met' : 'NOT met'})  ${ns.toFixed(1).padStart(6)} ns/unit  peak RSS ${peak.toFixed(0)} MB (target < 1024 MB)`,
  );
}
const naiveRuns = 2000;
const naiveMs = best(2, () => naiveSimulate(scenario, naiveRuns, 2026));
const engineMs = best(3, () => simulate(scenario, { runs: naiveRuns, seed: 2026 }));
const naiveNs = (naiveMs * 1e6) / workUnits(scenario, naiveRuns);
rows.push(
  `naive   ${String(naiveRuns).padStart(7)} runs  ${naiveMs.toFixed(0).padStart(6)} ms  ${naiveNs.toFixed(1).padStart(6)} ns/unit  engine at the same runs ${engineMs.toFixed(0)} ms: ${(naiveMs / engineMs).toFixed(1)}x faster`,
);
console.log(
  `Crosswind engine benchmark — June 2026 (${scenario.world.horizonMonths} months, ${scenario.world.offers.length} offers, ${scenario.strategies.length} strategies), Node ${process.version}`,
);
console.log('unit = one (run x month x offer x strategy)');
for (const row of rows) console.log(row);
