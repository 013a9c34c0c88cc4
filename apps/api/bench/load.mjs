// Load benchmark (issues 5 and 10): first FINDS the capacity for opening a saved scenario
// (GET /api/v1/scenarios/{id}): it steps the offered rate up until p99 exceeds 50 ms (or the
// rate is not reached, or anything fails) and prints the highest rate that held. Then it drives
// the built API on 127.0.0.1 at fixed request rates with autocannon and prints throughput,
// p50/p99 latency and errors for opening a saved scenario, a cached result and small
// simulations, the API process's event-loop delay meanwhile, and what happens at twice the
// simulation queue's capacity. It prints; it asserts nothing about timings.
//
//   npx -y pnpm@10 build && npx -y pnpm@10 --filter @crosswind/api bench:load
//
// Options (environment): BENCH_SECONDS (per phase, default 8, at most 10), BENCH_STEP_SECONDS
// (per capacity step, default 4), BENCH_P99_MS (the latency bound of the capacity search,
// default 50), BENCH_CAPACITY_ONLY=1 (stop after the capacity search), BENCH_THREADS (worker
// threads, default: cores), BENCH_JSON=path (also write the figures as JSON).
import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = path.dirname(fileURLToPath(import.meta.url));
const entry = path.join(here, 'instrumented-server.mjs');
const fixtures = path.join(here, '../dist/testing/fixtures.js');
if (!existsSync(fixtures)) {
  console.error('apps/api/dist is missing: run `npx -y pnpm@10 build` first');
  process.exit(1);
}
const { smallScenario } = await import(fixtures);

const SECONDS = Math.min(10, Math.max(1, Number(process.env.BENCH_SECONDS ?? 8)));
const STEP_SECONDS = Math.min(10, Math.max(1, Number(process.env.BENCH_STEP_SECONDS ?? 4)));
const P99_BOUND_MS = Number(process.env.BENCH_P99_MS ?? 50);
const CAPACITY_ONLY = process.env.BENCH_CAPACITY_ONLY === '1';
const THREADS = Number(process.env.BENCH_THREADS ?? availableParallelism());
const CONCURRENCY = 2;
const QUEUE = 8;
const CAPACITY = CONCURRENCY + QUEUE;
const SMALL_RUNS = 200;
const HEAVY_RUNS = 20_000;

const figures = {
  date: new Date().toISOString(),
  machine: `${cpus().length} cores, ${cpus()[0]?.model ?? '?'}`,
  node: process.version,
  phases: {},
};

// ---- the server -------------------------------------------------------------------------------
const dataDir = mkdtempSync(path.join(tmpdir(), 'crosswind-bench-'));
const child = fork(entry, [], {
  env: {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    CROSSWIND_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // Far above anything measured here: the benchmark must never meet the rate limit, nor the
    // per-address connection cap (all its connections come from 127.0.0.1).
    CROSSWIND_RATE_LIMIT_PER_MINUTE: '1000000',
    CROSSWIND_MAX_CONNECTIONS_PER_CLIENT: '0',
    CROSSWIND_SIM_THREADS: String(THREADS),
    CROSSWIND_SIM_CONCURRENCY: String(CONCURRENCY),
    CROSSWIND_SIM_QUEUE: String(QUEUE),
  },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
// Whatever happens here (an error, Ctrl-C), the API process goes with us.
process.on('exit', () => child.kill('SIGKILL'));
process.on('SIGINT', () => process.exit(130));
const messages = [];
const waiters = [];
child.on('message', (m) => {
  const w = waiters.findIndex((x) => x.type === m.type);
  if (w >= 0) waiters.splice(w, 1)[0].resolve(m);
  else messages.push(m);
});
child.on('exit', (code) => {
  if (!closing) {
    console.error(`the API process exited (${code}) during the benchmark`);
    process.exit(1);
  }
});
let closing = false;
function next(type) {
  const i = messages.findIndex((m) => m.type === type);
  if (i >= 0) return Promise.resolve(messages.splice(i, 1)[0]);
  return new Promise((resolve) => waiters.push({ type, resolve }));
}
async function loopReset() {
  child.send('reset');
  await next('reset');
}
async function loopRead() {
  child.send('read');
  return next('loop');
}

const { port } = await next('listening');
const base = `http://127.0.0.1:${port}`;
const json = { 'content-type': 'application/json' };

async function post(p, body) {
  const started = performance.now();
  const res = await fetch(`${base}${p}`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    ms: performance.now() - started,
    text,
    retryAfter: res.headers.get('retry-after'),
  };
}

// ---- helpers ----------------------------------------------------------------------------------
const round = (x, d = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function cannon(name, opts) {
  await loopReset();
  const { path: urlPath, ...rest } = opts;
  const result = await autocannon({
    url: `${base}${urlPath}`,
    duration: SECONDS,
    connections: 8,
    ...rest,
  });
  const loop = await loopRead();
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count]),
  );
  const row = {
    targetRate: opts.overallRate,
    achievedRate: round(result.requests.average),
    sent: result.requests.sent,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    loop,
  };
  figures.phases[name] = row;
  console.log(
    `\n${name}\n  rate: ${row.achievedRate} req/s of ${row.targetRate} target (${round((100 * row.achievedRate) / row.targetRate, 0)}%), ${row.sent} sent in ${SECONDS} s\n` +
      `  latency: p50 ${row.p50Ms} ms, p99 ${row.p99Ms} ms (p99/p50 ${round(row.p99Ms / Math.max(row.p50Ms, 1))}x), max ${row.maxMs} ms\n` +
      `  answers: ${JSON.stringify(statuses)}; errors ${row.errors}, timeouts ${row.timeouts}\n` +
      `  API event loop: delay p50 ${loop.p50Ms} ms, p99 ${loop.p99Ms} ms, max ${loop.maxMs} ms; utilization ${round(loop.utilization * 100, 0)}%`,
  );
  return row;
}

// ---- seed ---------------------------------------------------------------------------------------
const saved = await post('/api/v1/scenarios', { scenario: smallScenario(), name: 'bench' });
if (saved.status !== 200) throw new Error(`seeding failed: ${saved.status} ${saved.text}`);
const { id } = JSON.parse(saved.text);
console.log(
  `Crosswind load benchmark: ${figures.machine}, Node ${process.version}, ${THREADS} worker threads, ` +
    `simulation concurrency ${CONCURRENCY} + queue ${QUEUE}, ${SECONDS} s per phase; saved scenario ${id}`,
);

await loopReset();
await new Promise((r) => setTimeout(r, 1000));
const idle = await loopRead();
figures.phases.idle = { loop: idle };
console.log(
  `\nidle (1 s): API event loop delay p50 ${idle.p50Ms} ms, p99 ${idle.p99Ms} ms, max ${idle.maxMs} ms`,
);

// Unloaded cost of one small simulation (distinct seeds: no cache), for the ratios below.
const single = [];
for (let i = 0; i < 10; i++)
  single.push(
    (await post('/api/v1/simulations', { scenarioId: id, runs: SMALL_RUNS, seed: 1_000_000 + i }))
      .ms,
  );
single.sort((a, b) => a - b);
const singleP50 = percentile(single, 50);
figures.phases.singleSmallSimulation = {
  runs: SMALL_RUNS,
  p50Ms: round(singleP50),
  maxMs: round(single[single.length - 1]),
};
console.log(
  `one small simulation (${SMALL_RUNS} runs), unloaded: p50 ${round(singleP50)} ms over 10`,
);

// ---- capacity: the highest rate at which opening a saved scenario keeps p99 under the bound -----
/**
 * Offers `rate` requests/s for STEP_SECONDS. Enough connections that pacing, not a lack of
 * connections, sets the rate (autocannon spreads `overallRate` over them).
 */
async function step(urlPath, rate) {
  await loopReset();
  const result = await autocannon({
    url: `${base}${urlPath}`,
    duration: STEP_SECONDS,
    connections: Math.min(128, Math.max(8, Math.ceil(rate / 100))),
    overallRate: rate,
  });
  const loop = await loopRead();
  const achieved = result.requests.total / STEP_SECONDS;
  const failures = result.errors + result.timeouts + result.non2xx;
  const held = result.latency.p99 <= P99_BOUND_MS && achieved >= 0.95 * rate && failures === 0;
  return {
    targetRate: rate,
    achievedRate: round(achieved),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    failures,
    loopP99Ms: loop.p99Ms,
    utilization: loop.utilization,
    held,
  };
}

async function findCapacity(name, urlPath) {
  console.log(`\ncapacity: ${name} (steps of ${STEP_SECONDS} s, p99 bound ${P99_BOUND_MS} ms)`);
  const steps = [];
  let best;
  // Coarse steps up to the first failure, then finer ones between the last good rate and it.
  let rate = 500;
  let failedAt;
  while (rate <= 40_000) {
    const s = await step(urlPath, rate);
    steps.push(s);
    console.log(
      `  ${String(rate).padStart(6)} req/s offered: ${s.achievedRate} achieved, p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms, max ${s.maxMs} ms, failures ${s.failures}, API loop p99 ${s.loopP99Ms} ms, utilization ${round(s.utilization * 100, 0)}% -> ${s.held ? 'held' : 'NOT held'}`,
    );
    if (!s.held) {
      failedAt = rate;
      break;
    }
    best = s;
    rate = rate < 2000 ? rate + 500 : Math.round(rate * 1.25);
  }
  if (failedAt !== undefined && best !== undefined) {
    const gap = failedAt - best.targetRate;
    for (const fraction of [0.5]) {
      const r = Math.round(best.targetRate + gap * fraction);
      if (r - best.targetRate < 100) break;
      const s = await step(urlPath, r);
      steps.push(s);
      console.log(
        `  ${String(r).padStart(6)} req/s offered: ${s.achievedRate} achieved, p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms, max ${s.maxMs} ms, failures ${s.failures} -> ${s.held ? 'held' : 'NOT held'}`,
      );
      if (s.held) best = s;
    }
  }
  const row = {
    steps,
    capacity: best?.achievedRate ?? 0,
    p99Ms: best?.p99Ms,
    atTarget: best?.targetRate,
  };
  figures.phases[`capacity: ${name}`] = row;
  console.log(
    best === undefined
      ? `  capacity: not even ${500} req/s held with p99 <= ${P99_BOUND_MS} ms`
      : `  capacity: ${best.achievedRate} req/s held (offered ${best.targetRate}) at p99 ${best.p99Ms} ms <= ${P99_BOUND_MS} ms`,
  );
  return row;
}

figures.loadAverageBefore = loadavg().map((x) => round(x, 2));
console.log(
  `load average before: ${figures.loadAverageBefore.join(', ')} (1, 5, 15 min; ${cpus().length} cores)`,
);
// Warm the saved-scenario cache and the JIT.
for (let i = 0; i < 200; i++) await (await fetch(`${base}/api/v1/scenarios/${id}`)).arrayBuffer();
const capacity = await findCapacity(
  'GET /api/v1/scenarios/{id} (open a saved scenario)',
  `/api/v1/scenarios/${id}`,
);
figures.loadAverageAfter = loadavg().map((x) => round(x, 2));
console.log(`load average after: ${figures.loadAverageAfter.join(', ')}`);
if (CAPACITY_ONLY) {
  if (process.env.BENCH_JSON)
    writeFileSync(process.env.BENCH_JSON, JSON.stringify(figures, null, 2));
  closing = true;
  child.send('close');
  await new Promise((r) => child.on('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

// ---- (a) open a saved scenario ------------------------------------------------------------------
const a = await cannon('(a) GET /api/v1/scenarios/{id} (open a saved scenario)', {
  overallRate: 400,
  path: `/api/v1/scenarios/${id}`,
});

// ---- (b) a cached result ------------------------------------------------------------------------
const cachedBody = JSON.stringify({ scenarioId: id, runs: SMALL_RUNS, seed: 42 });
const first = await post('/api/v1/simulations', JSON.parse(cachedBody));
const b = await cannon('(b) POST /api/v1/simulations, cached (same scenario, seed, runs)', {
  overallRate: 200,
  path: '/api/v1/simulations',
  method: 'POST',
  headers: json,
  body: cachedBody,
});
figures.phases['(b) POST /api/v1/simulations, cached (same scenario, seed, runs)'].firstUncachedMs =
  round(first.ms);

// ---- (c) small simulations ----------------------------------------------------------------------
// Target about 60% of what the pool can do by itself (threads / unloaded time), at most 40/s.
const simRate = Math.max(
  2,
  Math.min(40, Math.floor((0.6 * THREADS * 1000) / Math.max(singleP50, 1))),
);
let seed = 0;
const c = await cannon(
  `(c) POST /api/v1/simulations, ${SMALL_RUNS} runs, a new seed each (uncached)`,
  {
    overallRate: simRate,
    path: '/api/v1/simulations',
    method: 'POST',
    headers: json,
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({ scenarioId: id, runs: SMALL_RUNS, seed: ++seed }),
        }),
      },
    ],
  },
);

// ---- (d) twice the simulation queue's capacity ----------------------------------------------------
async function overflowRound(roundNo) {
  const burst = 2 * CAPACITY;
  await loopReset();
  // Meanwhile, other clients keep opening the saved scenario.
  const side = autocannon({
    url: `${base}/api/v1/scenarios/${id}`,
    duration: 4,
    connections: 4,
    overallRate: 50,
  });
  await new Promise((r) => setTimeout(r, 200));
  const answers = await Promise.all(
    Array.from({ length: burst }, (_, i) =>
      post('/api/v1/simulations', {
        scenarioId: id,
        runs: HEAVY_RUNS,
        seed: 10_000_000 * roundNo + i,
      }),
    ),
  );
  const sideResult = await side;
  const loop = await loopRead();
  return { answers, sideResult, loop };
}
const overflow = [];
for (let r = 1; r <= 2; r++) overflow.push(await overflowRound(r));
const all = overflow.flatMap((o) => o.answers);
const byStatus = {};
for (const x of all) byStatus[x.status] = (byStatus[x.status] ?? 0) + 1;
const refused = all
  .filter((x) => x.status === 429 || x.status === 503)
  .map((x) => x.ms)
  .sort((p, q) => p - q);
const served = all
  .filter((x) => x.status === 200)
  .map((x) => x.ms)
  .sort((p, q) => p - q);
const other = all.filter((x) => ![200, 429, 503].includes(x.status));
const withRetryAfter = all.filter(
  (x) => (x.status === 429 || x.status === 503) && x.retryAfter !== null,
).length;
const sideStatuses = {};
for (const o of overflow)
  for (const [k, v] of Object.entries(o.sideResult.statusCodeStats ?? {}))
    sideStatuses[k] = (sideStatuses[k] ?? 0) + v.count;
const sideErrors = overflow.reduce((n, o) => n + o.sideResult.errors + o.sideResult.timeouts, 0);
const d = {
  capacity: CAPACITY,
  burst: 2 * CAPACITY,
  rounds: overflow.length,
  runsEach: HEAVY_RUNS,
  statuses: byStatus,
  refusedP50Ms: round(percentile(refused, 50)),
  refusedMaxMs: round(refused[refused.length - 1] ?? NaN),
  refusedWithRetryAfter: withRetryAfter,
  servedP50Ms: round(percentile(served, 50)),
  servedMaxMs: round(served[served.length - 1] ?? NaN),
  otherAnswers: other.map((x) => `${x.status} ${x.text.slice(0, 120)}`),
  sideGets: {
    statuses: sideStatuses,
    errors: sideErrors,
    p99Ms: Math.max(...overflow.map((o) => o.sideResult.latency.p99)),
  },
  loop: overflow.map((o) => o.loop),
};
figures.phases['(d) twice the simulation capacity'] = d;
console.log(
  `\n(d) ${d.burst} simulations at once (${HEAVY_RUNS} runs each) against capacity ${CAPACITY} (${CONCURRENCY} running + ${QUEUE} queued), ${d.rounds} rounds\n` +
    `  answers: ${JSON.stringify(byStatus)}; other than 200/429/503: ${other.length}\n` +
    `  refused (429/503): p50 ${d.refusedP50Ms} ms, max ${d.refusedMaxMs} ms, ${withRetryAfter}/${refused.length} with Retry-After; ` +
    `served: p50 ${d.servedP50Ms} ms, max ${d.servedMaxMs} ms (refusal ${round(d.servedP50Ms / Math.max(d.refusedP50Ms, 0.1), 0)}x faster than service)\n` +
    `  meanwhile GET /api/v1/scenarios/{id} at 50/s: ${JSON.stringify(sideStatuses)}, errors ${sideErrors}, p99 ${d.sideGets.p99Ms} ms\n` +
    `  API event loop while the workers were busy: delay p99 ${d.loop.map((l) => l.p99Ms).join(' / ')} ms, max ${d.loop.map((l) => l.maxMs).join(' / ')} ms`,
);

// ---- summary --------------------------------------------------------------------------------------
console.log(
  `\nsummary\n` +
    `  capacity, open a saved scenario: ${capacity.capacity} req/s at p99 ${capacity.p99Ms} ms (bound ${P99_BOUND_MS} ms; load average before ${figures.loadAverageBefore.join(', ')})\n` +
    `  open a saved scenario:   ${a.achievedRate} req/s, p50 ${a.p50Ms} ms, p99 ${a.p99Ms} ms, non-2xx ${a.non2xx}, errors ${a.errors}\n` +
    `  cached result:           ${b.achievedRate} req/s, p50 ${b.p50Ms} ms, p99 ${b.p99Ms} ms, non-2xx ${b.non2xx}, errors ${b.errors} ` +
    `(first, uncached: ${round(first.ms)} ms; cached p50 is ${round(first.ms / Math.max(b.p50Ms, 0.1), 0)}x faster)\n` +
    `  small simulations:       ${c.achievedRate} req/s, p50 ${c.p50Ms} ms, p99 ${c.p99Ms} ms, non-2xx ${c.non2xx}, errors ${c.errors} ` +
    `(p50 ${round(c.p50Ms / Math.max(singleP50, 0.1))}x the unloaded ${round(singleP50)} ms)\n` +
    `  event-loop delay p99:    idle ${idle.p99Ms} ms, during small simulations ${c.loop.p99Ms} ms, during the overflow ${Math.max(...d.loop.map((l) => l.p99Ms))} ms\n` +
    `  overflow x2:             ${JSON.stringify(byStatus)}, refusals p50 ${d.refusedP50Ms} ms / max ${d.refusedMaxMs} ms, side GETs ${JSON.stringify(sideStatuses)}`,
);
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(figures, null, 2));

closing = true;
child.send('close');
await new Promise((r) => child.on('exit', r));
rmSync(dataDir, { recursive: true, force: true });
