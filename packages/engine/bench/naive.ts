import seedrandom from 'seedrandom';
import type { Scenario } from '@crosswind/schema';

/**
 * A naive reference loop of the same model, written the obvious way: objects per step, the
 * default ARC4 generator seeded by string per (run, process, entity), Box-Muller normals, maps
 * keyed by id, and a full sort per percentile series. It implements outages, bans, price
 * jumps and rule-mode fallback chains (the work that dominates the June 2026 scenario), so the
 * benchmark can print how much the engine's layout buys. Its numbers are not the engine's.
 */
export function naiveSimulate(scenario: Scenario, runs: number, seed: number): { p50: number[] } {
  const { world } = scenario;
  const H = world.horizonMonths;
  const totals: number[][] = scenario.strategies.map(() => []);
  const monthly: number[][][] = scenario.strategies.map(() => Array.from({ length: H }, () => []));
  for (let run = 0; run < runs; run++) {
    const rng = (process: string, entity: string) =>
      seedrandom(`${seed}|${run}|${process}|${entity}`);
    const normal = (r: () => number) =>
      Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    const poisson = (r: () => number, lambda: number) => {
      let k = 0;
      let p = r();
      while (p > Math.exp(-lambda)) {
        k++;
        p *= r();
      }
      return k;
    };
    const outRng = new Map(world.offers.map((o) => [o.id, rng('outage', o.id)]));
    const shockRng = new Map(world.shocks.map((s) => [s.id, rng('shock', s.id)]));
    const banned = new Set<string>();
    const priceFactor = new Map(world.offers.map((o) => [o.id, 1]));
    const runTotals = scenario.strategies.map(() => 0);
    for (let t = 0; t < H; t++) {
      const state = world.offers.map((o) => {
        let hours = 0;
        const r = outRng.get(o.id) ?? Math.random;
        const n = o.outages ? poisson(r, o.outages.ratePerMonth) : 0;
        for (let i = 0; i < n; i++)
          hours += Math.exp(
            (o.outages?.durationHours.mu ?? 0) + (o.outages?.durationHours.sigma ?? 0) * normal(r),
          );
        return { id: o.id, offer: o, down: Math.min(1, hours / 730.5) };
      });
      for (const shock of world.shocks) {
        const r = shockRng.get(shock.id) ?? Math.random;
        if (shock.kind === 'ban') {
          const fires =
            'atMonth' in shock.timing
              ? shock.timing.atMonth === t
              : r() < shock.timing.hazardPerMonth;
          if (fires)
            for (const o of world.offers)
              for (const region of world.regions) banned.add(`${o.id}/${region.id}`);
        } else if (shock.kind === 'priceJumps') {
          for (const o of world.offers) {
            const n = poisson(r, shock.ratePerMonth);
            for (let i = 0; i < n; i++)
              priceFactor.set(
                o.id,
                (priceFactor.get(o.id) ?? 1) *
                  Math.exp(shock.logSizeMean + shock.logSizeSd * normal(r)),
              );
          }
        }
      }
      scenario.strategies.forEach((st, s) => {
        let cost = 0;
        for (const w of world.workloads) {
          for (const region of world.regions) {
            const route = st.routes.find(
              (rt) =>
                (!rt.workloads || rt.workloads.includes(w.id)) &&
                (!rt.regions || rt.regions.includes(region.id)),
            );
            if (!route) continue;
            for (const portion of route.primary) {
              let x = w.tasksPerMonth * Math.pow(1.04, t) * region.demandShare * portion.weight;
              for (const id of [portion.offer, ...route.fallbacks]) {
                const o = state.find((e) => e.id === id);
                if (!o || banned.has(`${id}/${region.id}`)) continue;
                const served = x * (1 - o.down);
                const q =
                  (o.offer.quality[w.qualityAxis] ?? 0) - 2.5 * o.offer.privateBenchmarkGapMonths;
                const p = 1 / (1 + Math.exp(-(q - w.difficulty) / w.slope));
                const price = o.offer.priceUsdPerMTokens;
                const f = priceFactor.get(id) ?? 1;
                cost +=
                  (served *
                    (w.inputTokensPerAttempt * price.input * f +
                      w.outputTokensPerAttempt * price.output * f)) /
                  1e6 /
                  p;
                x -= served;
              }
            }
          }
        }
        runTotals[s] = (runTotals[s] ?? 0) + cost;
        monthly[s]?.[t]?.push(cost);
      });
    }
    runTotals.forEach((v, s) => totals[s]?.push(v));
  }
  const percentile = (xs: number[], p: number) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) * p)] ?? 0;
  };
  for (const series of monthly)
    for (const month of series) for (const p of [0.05, 0.25, 0.5, 0.75, 0.95]) percentile(month, p);
  return { p50: totals.map((xs) => percentile(xs, 0.5)) };
}
