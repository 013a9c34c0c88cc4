import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatTally,
  formatViolations,
  newTally,
  runProbes,
  startHostileServer,
  type Probe,
  type TestServer,
} from './harness.js';
import {
  MUTATIONS,
  baseScenario,
  encodeSegment,
  fixedProbes,
  mutateText,
  rest,
  scenarioCarriers,
  sizeProbes,
  trpc,
} from './probes.js';

/**
 * Issue 5, hostile input: a fixed list plus fast-check-generated requests through REST and
 * tRPC. Whatever is sent: no crash, no 5xx, every rejection a 4xx with a JSON code and
 * message, nothing internal in any body, and no prototype polluted.
 */

const FC_SEED = 20261123;
const POST_ROUTES = [
  '/api/v1/scenarios',
  '/api/v1/simulations',
  '/api/v1/simulations/compare-strategies',
  '/api/v1/simulations/compare-scenarios',
  '/api/v1/simulations/jobs',
];

/** Any UTF-16 code unit, lone surrogates included. */
const anyChar = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const hostileString = fc.oneof(
  fc.string({ unit: anyChar, maxLength: 80 }),
  fc.string({ maxLength: 30 }),
  fc.constantFrom('../', '%00', "'--", '__proto__', 'constructor'),
);

/** A JSON literal as raw text, including those JSON.stringify cannot produce. */
const hostileLiteral = fc.oneof(
  fc.constantFrom(
    '1e309',
    '-1e309',
    '-0',
    '1e-400',
    '9007199254740993',
    '123456789012345678901234567890',
    'null',
    'true',
    '[]',
    '{}',
    '""',
    '"\\ud800"',
    '{"__proto__":{"polluted":"yes"}}',
  ),
  fc.double().map((d) => (Number.isFinite(d) ? String(d) : '1e309')),
  fc.integer({ min: -1e6, max: 1e6 }).map(String),
  hostileString.map((s) => JSON.stringify(s)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
);

function walkPaths(
  value: unknown,
  path: Array<string | number> = [],
): Array<Array<string | number>> {
  const out = [path];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...walkPaths(v, [...path, i])));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...walkPaths(v, [...path, k]));
  return out;
}

function generatedProbes(): Probe[] {
  const scenario = baseScenario();
  const paths = walkPaths(scenario).filter((p) => p.length > 0);
  const sample = <T>(arb: fc.Arbitrary<T>, numRuns: number, offset: number): T[] =>
    fc.sample(arb, { numRuns, seed: FC_SEED + offset });

  // Random JSON bodies: never a valid request.
  const bodies = sample(
    fc.tuple(
      fc.jsonValue({ maxDepth: 4 }),
      fc.constantFrom(...POST_ROUTES, ...MUTATIONS.map((m) => `trpc:${m}`)),
    ),
    300,
    1,
  ).flatMap(([value, target]): Probe[] => {
    const text = JSON.stringify(value) ?? 'null';
    if (!target.startsWith('trpc:')) return [rest('fc: json body', 'POST', target, text)];
    const [plain] = trpc('fc: json body', target.slice(5), text);
    return plain === undefined ? [] : [plain];
  });

  // Random ids through every route that takes one.
  const ids = sample(hostileString, 150, 2).flatMap((id): Probe[] => {
    const j = JSON.stringify(id);
    const [get] = trpc('fc: id', 'scenario.get', `{"id":${j}}`);
    return [
      rest(
        'fc: id',
        'GET',
        `/api/v1/scenarios/${encodeSegment(id)}`,
        undefined,
        id === '' ? 'any' : 'reject',
      ),
      rest('fc: id', 'POST', '/api/v1/simulations', `{"scenarioId":${j}}`),
      ...(get !== undefined ? [get] : []),
    ];
  });

  // One hostile literal at a random path of a valid scenario: it may happen to be valid.
  const mutations = sample(
    fc.tuple(fc.constantFrom(...paths), hostileLiteral, fc.nat(3)),
    400,
    3,
  ).map(([path, literal, which]) => {
    const carriers = scenarioCarriers('fc: mutation', mutateText(scenario, path, literal), 'any');
    return carriers[which % carriers.length] as Probe;
  });

  // Random query strings on GET routes.
  const queries = sample(
    fc.tuple(
      fc.constantFrom(
        '/api/v1/scenarios',
        '/api/v1/presets',
        '/api/health',
        '/api/trpc/scenario.listRecent',
      ),
      hostileString,
      hostileString,
    ),
    150,
    4,
  ).map(([route, k, v]): Probe => ({
    ...rest(
      'fc: query',
      'GET',
      `${route}?${encodeSegment(k)}=${encodeSegment(v)}&input=${encodeSegment(v)}`,
    ),
    expect: 'any',
  }));
  return [...bodies, ...ids, ...mutations, ...queries];
}

describe('hostile input through REST and tRPC', () => {
  let server: TestServer;
  let big: TestServer;
  beforeAll(async () => {
    [server, big] = await Promise.all([
      startHostileServer(),
      // A body limit of 20 MB, so 10^6-element arrays and deep nesting reach the parser and the validators.
      startHostileServer({ CROSSWIND_BODY_LIMIT_BYTES: '20000000' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([server.close(), big.close()]);
  });

  it('answers every hostile request with a clean 4xx and stays up', async () => {
    const tally = newTally();
    const started = Date.now();
    const fixed = fixedProbes();
    const generated = generatedProbes();
    const sizes = sizeProbes();
    await runProbes(server.url, fixed, tally);
    await runProbes(server.url, generated, tally);
    await runProbes(server.url, sizes, tally, 2);
    await runProbes(
      big.url,
      sizes.filter((p) => p.category === 'deep nesting' || p.category === 'huge array'),
      tally,
      2,
    );
    const seconds = (Date.now() - started) / 1000;

    const health = await Promise.all([
      fetch(`${server.url}/api/health`),
      fetch(`${big.url}/api/health`),
    ]);
    const polluted = [
      ({} as Record<string, unknown>).polluted,
      (Object.prototype as Record<string, unknown>).polluted,
      (Object as unknown as Record<string, unknown>).polluted,
    ];

    console.log(
      `hostile input: ${tally.sent} requests in ${seconds.toFixed(1)} s (fixed list ${fixed.length}, fast-check ${generated.length} with seed ${FC_SEED}, ` +
        `size probes ${sizes.length} x 2 servers); broken rules: ${tally.violations.length}\n${formatTally(tally)}`,
    );
    const dump = process.env.HOSTILE_DUMP;
    if (dump !== undefined && dump !== '') {
      const rows = tally.violations.map((v) => ({
        category: v.probe.category,
        method: v.probe.method,
        path: v.probe.path.slice(0, 300),
        body: typeof v.probe.body === 'string' ? v.probe.body.slice(0, 3000) : undefined,
        raw: v.probe.raw?.slice(0, 200),
        status: v.answer.status,
        answer: v.answer.text.slice(0, 400),
        problem: v.problem,
      }));
      writeFileSync(dump, JSON.stringify(rows, null, 1));
    }
    expect(tally.sent).toBeGreaterThanOrEqual(2000);
    expect(health.map((r) => r.status)).toEqual([200, 200]);
    expect(polluted).toEqual([undefined, undefined, undefined]);
    expect(tally.violations.length, formatViolations(tally.violations)).toBe(0);
    // About 20 s on an idle 2-core machine; the margin is for a machine busy with other suites.
  }, 180_000);
});
