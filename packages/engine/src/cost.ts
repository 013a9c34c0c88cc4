import { MAX_TIMELINE_EVENTS } from './timeline.js';
import type { Prepared } from './compile/prepare.js';
import { HISTOGRAM_BINS } from './summarize.js';
import { SHARE_BINS, TOTAL_METRICS } from './types.js';

/**
 * What a simulation will cost before it runs: compute, memory and the size of its result,
 * each counted from the compiled scenario (every dimension the engine loops over), so that a
 * service can refuse an expensive request up front instead of finding out by running out of
 * time or memory.
 */
export interface SimulationCost {
  /**
   * Compute, in units of about one nanosecond of one core on the machine the weights below
   * were measured on (see docs/reliability.md): runs x months x the per-run-month work of
   * the world (offers, outage incidents, shocks) and of every strategy (the offers it uses,
   * its routing portions and their fallback chains, adaptive candidates).
   */
  workUnits: number;
  /** Peak bytes of the simulation's arrays: every shard's batch plus the merged copy. */
  memoryBytes: number;
  /** The part of `memoryBytes` that grows with each run (the rest is fixed: histograms). */
  memoryPerRunBytes: number;
  /** An upper bound of the result's JSON text, in bytes. */
  resultBytes: number;
}

/**
 * Weights of the compute estimate, in nanoseconds per run and month, measured by timing
 * scenarios that stress one dimension each (June 2026; 100 offers; 50 workloads x 50 regions
 * with long chains; 200 outages a month per offer; 200 hazard bans) and fitting an upper
 * envelope: each scenario's measured time is at most its estimate.
 */
const NS = {
  /** per offer in use: price, release and outage bookkeeping */
  offer: 6,
  /** per expected outage incident or overload episode (a lognormal draw each) */
  incident: 30,
  /** per ban or capacity cut: its on/off process, plus its scope when it may switch */
  shock: 4,
  shockCell: 3,
  /** per strategy: its month's bookkeeping */
  strategy: 20,
  /** per offer a strategy uses: pricing, share histograms */
  strategyOffer: 10,
  /** per routing portion (a workload x region x primary entry) and per offer on its chain */
  portion: 8,
  chainOffer: 4,
  /** per adaptive candidate (softmax and lagged shares) and per offer on its overflow chain */
  candidate: 20,
  candidateChain: 4,
} as const;

/** JSON bytes of one number in a result (17 significant digits, a comma). */
const NUMBER_BYTES = 24;
/** JSON bytes of an id or name with its key and quotes (ids: 64 characters, names: 120). */
const ID_BYTES = 140;
/** JSON bytes of one timeline event (month, kind, ids, a detail sentence with names). */
const EVENT_BYTES = 600;

/**
 * The cost of simulating `runs` runs of a compiled scenario in `shards` shards.
 * @example simulationCost(prepared, 10_000, 2).workUnits
 */
export function simulationCost(p: Prepared, runs: number, shards = 1): SimulationCost {
  const { H, S, O, W } = p;
  let world = 0;
  const { outages, bansAndCuts, retirements, priceChanges, priceJumps, releases } = p.processes;
  for (const o of p.liveOffers)
    world += NS.offer + NS.incident * ((outages.rate[o] ?? 0) + (outages.overloadRate[o] ?? 0));
  // A ban or cut that starts or ends re-assigns every portion of the runs it hits: `churn` is
  // the expected share of run-months with such a change (1 when it is every month).
  let churn = 0;
  for (const sw of bansAndCuts.list) {
    const hazard = sw.group >= 0 ? (bansAndCuts.groups[sw.group]?.hazard ?? 0) : sw.hazard;
    const changes = Math.min(1, hazard > 0 ? 2 * hazard : 2 / H);
    // Each start or end walks the (offer x region) table of the shock and of the ready flags.
    world += NS.shock + NS.shockCell * changes * sw.mask.length;
    churn += changes;
  }
  // A retirement gives notice and retires: two changes in every run, each walking the offers.
  for (const ret of retirements) {
    world += NS.shock + NS.shockCell * (2 / H) * ret.offers.length * p.R;
    churn += 2 / H;
  }
  churn = Math.min(1, churn);
  world += NS.shock * (priceChanges.length + priceJumps.length + releases.length);

  let strategies = 0;
  for (const cs of p.strategies) {
    const portions = cs.portionWeight.length;
    const chainOffers = cs.chainOffers.length;
    const candidates = cs.candOffers.length;
    const candidateChains = cs.candChainOffers.length;
    strategies +=
      NS.strategy +
      NS.strategyOffer * cs.usedOffers.length +
      (1 + churn) * (NS.portion * portions + NS.chainOffer * chainOffers) +
      NS.candidate * candidates +
      NS.candidateChain * candidateChains;
  }
  const workUnits = Math.ceil(runs * H * (world + strategies));

  // Per run: totals, cost by offer and three monthly series, for every strategy (8 bytes each).
  const perRun = 8 * S * (TOTAL_METRICS.length + O + 3 * H);
  // Per shard, whatever its runs: share histograms (4 bytes a bin) and share sums.
  const perShard = p.shareSlots * H * ((SHARE_BINS + 1) * 4 + 8) + 8 * S * H;
  const n = Math.max(1, Math.min(shards, runs));
  // The shards hold all runs once; merging allocates the whole again.
  const memoryPerRunBytes = 2 * perRun;
  const memoryBytes = runs * memoryPerRunBytes + (n + 1) * perShard;

  // Result bytes: numbers at NUMBER_BYTES, ids at ID_BYTES (their keys and quotes included).
  const num = (count: number) => count * NUMBER_BYTES;
  const stats = num(12 + 2 * HISTOGRAM_BINS + 1) + 200;
  const bands = num(6 * H) + 60;
  const sampleRuns = Math.min(p.sampleRuns, runs);
  const resultBytes =
    1000 +
    num(2 * H) + // months, demand
    O * 2 * ID_BYTES + // offers
    p.liveOffers.length * W * (num(11) + 2 * ID_BYTES + 300) + // offer economics
    S * (2 * ID_BYTES + 9 * stats + 400 + O * 2 * (ID_BYTES + NUMBER_BYTES) + 4 * bands) +
    p.shareSlots * (ID_BYTES + bands) + // share by offer
    ((S * (S - 1)) / 2) * (2 * ID_BYTES + stats + num(3) + 100) + // pairwise
    sampleRuns * (100 + S * (ID_BYTES + num(H)) + MAX_TIMELINE_EVENTS * EVENT_BYTES);
  return { workUnits, memoryBytes, memoryPerRunBytes, resultBytes };
}
