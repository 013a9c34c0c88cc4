import { june2026Scenario } from '../src/fixtures.js';
import { simulate, workUnits } from '../src/index.js';
import { naiveSimulate } from './naive.js';

/**
 * `pnpm bench`: the June 2026 scenario at 10,000 and 100,000 runs on one core, with time,
 * nanoseconds per (run x month x offer x strategy), peak memory, and a naive reference loop for
 * a ratio. Targets (issue 2): 10k runs <= 0.5 s, 100k runs <= 4 s, peak memory < 1 GB.
 * Times are the best and the median of a few repetitions in one warm process (the machine may be
 * busy with other work). No full GC is forced between repetitions: V8's forced full GC also
 * throws away optimised code, so every repetition would pay the JIT's warm-up again, which a
 * running API or CLI batch does not.
 */
const scenario = june2026Scenario();

/** Best and median wall time of `reps` calls of `fn`, in ms. */
function timed(reps: number, fn: () => void): { best: number; median: number } {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { best: times[0] ?? NaN, median: times[times.length >> 1] ?? NaN };
}

const rows: string[] = [];
simulate(scenario, { runs: 2000 }); // warm up the JIT
for (const [runs, reps, target] of [
  [10_000, 7, 500],
  [100_000, 3, 4000],
] as const) {
  const { best: ms, median } = timed(reps, () => {
    const r = simulate(scenario, { runs, seed: 2026 });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
  });
  const peak = process.resourceUsage().maxRSS / 1024;
  const ns = (ms * 1e6) / workUnits(scenario, runs);
  rows.push(
    `engine  ${String(runs).padStart(7)} runs  ${ms.toFixed(0).padStart(6)} ms best, ${median.toFixed(0)} ms median of ${reps}  (target ${target} ms: ${ms <= target ? 'met' : 'NOT met'})  ${ns.toFixed(1).padStart(6)} ns/unit  peak RSS ${peak.toFixed(0)} MB (target < 1024 MB)`,
  );
}
const naiveRuns = 2000;
const naiveMs = timed(2, () => naiveSimulate(scenario, naiveRuns, 2026)).best;
const engineMs = timed(3, () => simulate(scenario, { runs: naiveRuns, seed: 2026 })).best;
const naiveNs = (naiveMs * 1e6) / workUnits(scenario, naiveRuns);
rows.push(
  `naive   ${String(naiveRuns).padStart(7)} runs  ${naiveMs.toFixed(0).padStart(6)} ms  ${naiveNs.toFixed(1).padStart(6)} ns/unit  engine at the same runs ${engineMs.toFixed(0)} ms: ${(naiveMs / engineMs).toFixed(1)}x faster`,
);
console.log(
  `Crosswind engine benchmark — June 2026 (${scenario.world.horizonMonths} months, ${scenario.world.offers.length} offers, ${scenario.strategies.length} strategies), Node ${process.version}`,
);
console.log('unit = one (run x month x offer x strategy)');
for (const row of rows) console.log(row);
