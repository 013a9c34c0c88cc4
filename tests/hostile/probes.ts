import { smallScenario } from '../../apps/api/src/testing/fixtures.js';
import type { Probe } from './harness.js';

/**
 * The fixed list of hostile requests (issue 5): every category the issue names, aimed at every
 * REST route and tRPC procedure that takes input. Bodies are built as JSON *text*, so that
 * literals JSON.stringify cannot write (1e309, -0, lone surrogates, duplicate keys, NaN) go on
 * the wire exactly.
 */

type Expect = Probe['expect'];

/** The valid scenario the mutations start from (fewer runs: an accepted mutation must be cheap). */
export function baseScenario(): Record<string, unknown> {
  const s = smallScenario() as unknown as Record<string, unknown>;
  s.simulation = { runs: 20, seed: 7, sampleRuns: 1 };
  return s;
}

/** A URL path segment, percent-encoded; lone surrogates (which encodeURIComponent refuses) as invalid UTF-8 bytes. */
export function encodeSegment(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...s]
      .map((ch) => {
        const c = ch.charCodeAt(0);
        if (c >= 0xd800 && c <= 0xdfff)
          return `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase();
        return encodeURIComponent(ch);
      })
      .join('');
  }
}

/** JSON text for a string, keeping lone surrogates as \u escapes (JSON.stringify does that since ES2019). */
const str = (s: string): string => JSON.stringify(s);

export const MUTATIONS = [
  'scenario.save',
  'scenario.fork',
  'simulation.run',
  'simulation.compareStrategies',
  'simulation.compareScenarios',
  'simulation.startJob',
] as const;
export const QUERIES = [
  'scenario.get',
  'scenario.listRecent',
  'simulation.job',
  'preset.get',
  'preset.list',
  'health.live',
] as const;

export function rest(
  category: string,
  method: string,
  path: string,
  body?: string | Uint8Array,
  expect: Expect = 'reject',
  headers?: Record<string, string>,
): Probe {
  return {
    category,
    surface: 'rest',
    method,
    path,
    expect,
    ...(body !== undefined ? { body } : {}),
    ...(headers !== undefined ? { headers } : {}),
  };
}

/** A tRPC call in its plain and batched forms: POST for mutations, GET with `input=` for queries. */
export function trpc(
  category: string,
  proc: string,
  input: string,
  expect: Expect = 'reject',
  kind?: 'query' | 'mutation',
): Probe[] {
  const isQuery =
    kind === 'query' || (kind === undefined && (QUERIES as readonly string[]).includes(proc));
  const base = { category, surface: 'trpc' as const, expect };
  if (!isQuery) {
    return [
      { ...base, method: 'POST', path: `/api/trpc/${proc}`, body: input },
      { ...base, method: 'POST', path: `/api/trpc/${proc}?batch=1`, body: `{"0":${input}}` },
    ];
  }
  return [
    { ...base, method: 'GET', path: `/api/trpc/${proc}?input=${encodeSegment(input)}` },
    {
      ...base,
      method: 'GET',
      path: `/api/trpc/${proc}?batch=1&input=${encodeSegment(`{"0":${input}}`)}`,
    },
  ];
}

export function raw(category: string, text: string): Probe {
  return { category, surface: 'raw', method: 'RAW', path: '', expect: 'reject', raw: text };
}

/** Every path in a JSON value, with the value there. */
function walk(
  value: unknown,
  path: Array<string | number> = [],
): Array<{ path: Array<string | number>; value: unknown }> {
  const out = [{ path, value }];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...walk(v, [...path, i])));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) out.push(...walk(v, [...path, k]));
  return out;
}

const HOLE = '\u0000HOSTILE\u0000';
/** How the placeholder looks inside JSON text. */
const MARK = JSON.stringify(HOLE);

/** The scenario as JSON text with the value at `path` replaced by the raw JSON text `replacement` (or deleted when undefined). */
export function mutateText(
  scenario: unknown,
  path: ReadonlyArray<string | number>,
  replacement: string | undefined,
): string {
  const copy = structuredClone(scenario) as Record<string | number, unknown>;
  if (path.length === 0) return replacement ?? '{}';
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
    return JSON.stringify(copy);
  }
  parent[last] = HOLE;
  return JSON.stringify(copy).replace(MARK, () => replacement);
}

/** Inserts `"key": valueText` as the first (or last) member of the object at `path`. */
export function insertKeyText(
  scenario: unknown,
  path: ReadonlyArray<string | number>,
  key: string,
  valueText: string,
  atEnd = false,
): string {
  const copy = structuredClone(scenario) as Record<string | number, unknown>;
  let target: Record<string | number, unknown> = copy;
  for (const k of path) target = target[k] as Record<string | number, unknown>;
  const marker = '\u0000INSERT\u0000';
  const rebuilt: Record<string, unknown> = atEnd
    ? { ...target, [marker]: 0 }
    : { [marker]: 0, ...target };
  for (const k of Object.keys(target)) delete target[k];
  Object.assign(target, rebuilt);
  return JSON.stringify(copy).replace(
    `${JSON.stringify(marker)}:0`,
    () => `${JSON.stringify(key)}:${valueText}`,
  );
}

let rotation = 0;

/**
 * The ways a scenario reaches the service: REST save and simulate, tRPC save (batched) and run
 * (plain). `all` sends all four; otherwise two, alternating, so each way gets half the probes.
 */
export function scenarioCarriers(
  category: string,
  scenarioText: string,
  expect: Expect,
  all = false,
): Probe[] {
  const body = `{"scenario":${scenarioText}}`;
  const [, savedBatched] = trpc(category, 'scenario.save', body, expect);
  const [runPlain] = trpc(category, 'simulation.run', body, expect);
  const four = [
    rest(category, 'POST', '/api/v1/scenarios', body, expect),
    ...(runPlain !== undefined ? [runPlain] : []),
    rest(category, 'POST', '/api/v1/simulations', body, expect),
    ...(savedBatched !== undefined ? [savedBatched] : []),
  ];
  if (all) return four;
  rotation = (rotation + 1) % 2;
  return rotation === 0 ? four.slice(0, 2) : four.slice(2);
}

const deepArrays = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const deepObjects = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

export const HOSTILE_IDS: string[] = [
  '',
  ' ',
  '../',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  '....//....//',
  "' OR '1'='1",
  "'; DROP TABLE scenarios; --",
  '" OR 1=1 --',
  '1; SELECT * FROM scenarios',
  "x' UNION SELECT scenario_json FROM scenarios --",
  '%',
  '_',
  '*',
  '\\',
  '\u0000',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '\ud800',
  'a\udfffb',
  '🙂🙂🙂',
  '0',
  '-1',
  '1e309',
  'a'.repeat(22),
  'A'.repeat(64),
  'a'.repeat(65),
  'x'.repeat(10 * 1024),
  '$where',
  '{"$ne":null}',
  '<script>alert(1)</script>',
];

/** ids in paths, bodies and GET inputs of every route that takes one */
function idProbes(): Probe[] {
  const out: Probe[] = [];
  for (const id of HOSTILE_IDS) {
    const seg = encodeSegment(id);
    const j = str(id);
    out.push(
      rest('id', 'GET', `/api/v1/scenarios/${seg}`, undefined, id === '' ? 'any' : 'reject'),
      rest('id', 'POST', `/api/v1/scenarios/${seg}/fork`, '{}'),
      rest('id', 'POST', '/api/v1/simulations', `{"scenarioId":${j}}`),
      rest('id', 'POST', '/api/v1/simulations/compare-strategies', `{"scenarioId":${j}}`),
      rest('id', 'POST', '/api/v1/simulations/compare-scenarios', `{"scenarioIds":[${j},${j}]}`),
      rest('id', 'GET', `/api/v1/simulations/jobs/${seg}`),
      rest('id', 'GET', `/api/v1/simulations/jobs/${seg}/events`),
      rest('id', 'GET', `/api/v1/presets/${seg}`, undefined, id === '' ? 'any' : 'reject'),
      ...trpc('id', 'scenario.get', `{"id":${j}}`),
      ...trpc('id', 'simulation.job', `{"jobId":${j}}`),
      ...trpc('id', 'preset.get', `{"id":${j}}`),
      ...trpc('id', 'scenario.fork', `{"id":${j}}`),
      ...trpc('id', 'simulation.run', `{"scenarioId":${j}}`),
    );
  }
  // Dot segments as sent by a raw client (fetch would normalize them away).
  for (const p of [
    '/api/v1/scenarios/../../../etc/passwd',
    '/api/v1/scenarios/..%2f..%2f..%2fetc%2fpasswd',
    '/api/v1/presets/%2e%2e/%2e%2e/package.json',
    '/api/../../../../etc/passwd',
    '/api/trpc/../../etc/passwd',
  ]) {
    out.push(raw('id', `GET ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
  }
  return out;
}

const BAD_JSON: Array<string | Uint8Array> = [
  '',
  ' ',
  '{',
  '}',
  '{"a":}',
  "{'scenario':1}",
  '{"scenario":1,}',
  '{"scenario":1}garbage',
  'NaN',
  '{"runs":NaN}',
  '{"runs":Infinity}',
  '{"runs":-Infinity}',
  '{"runs":0x10}',
  '{"runs":1_000}',
  '{"runs":+1}',
  '{"runs":01}',
  '{"runs":.5}',
  '\ufeff{}',
  '{"a":"\u0001"}',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  '[' + '1,'.repeat(10) + ']',
  'undefined',
  '/* comment */ {}',
  new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
  new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
  new Uint8Array([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d]),
];

const WRONG_TOP: string[] = [
  '"scenario"',
  '123',
  'true',
  'false',
  'null',
  '[]',
  '[{}]',
  '{"scenario":null}',
  '{"scenario":"x"}',
  '{"scenario":[]}',
  '{"scenario":123}',
  '{"scenarioId":123}',
  '{"scenarioId":null}',
  '{"scenarioId":[]}',
  '{"scenarioId":{}}',
  '{"scenarioIds":"a"}',
  '{"scenarioIds":[]}',
  '{"scenarioIds":[1,2]}',
  '{"strategyIds":"x"}',
];

const POST_ROUTES = [
  '/api/v1/scenarios',
  '/api/v1/scenarios/AAAAAAAAAAAAAAAAAAAAAA/fork',
  '/api/v1/simulations',
  '/api/v1/simulations/compare-strategies',
  '/api/v1/simulations/compare-scenarios',
  '/api/v1/simulations/jobs',
];

function bodyProbes(): Probe[] {
  const out: Probe[] = [];
  for (const body of BAD_JSON) {
    for (const route of POST_ROUTES) out.push(rest('malformed JSON', 'POST', route, body));
    for (const proc of MUTATIONS) {
      out.push({
        category: 'malformed JSON',
        surface: 'trpc',
        method: 'POST',
        path: `/api/trpc/${proc}`,
        body,
        expect: 'reject',
      });
      out.push({
        category: 'malformed JSON',
        surface: 'trpc',
        method: 'POST',
        path: `/api/trpc/${proc}?batch=1`,
        body,
        expect: 'reject',
      });
    }
    if (typeof body === 'string') {
      out.push({
        category: 'malformed JSON',
        surface: 'trpc',
        method: 'GET',
        path: `/api/trpc/scenario.get?input=${encodeSegment(body)}`,
        expect: 'reject',
      });
      out.push({
        category: 'malformed JSON',
        surface: 'trpc',
        method: 'GET',
        path: `/api/trpc/scenario.get?batch=1&input=${encodeSegment(body)}`,
        expect: 'reject',
      });
    }
  }
  for (const body of WRONG_TOP) {
    for (const route of POST_ROUTES) out.push(rest('wrong type', 'POST', route, body));
    for (const proc of MUTATIONS) out.push(...trpc('wrong type', proc, body));
    for (const proc of ['scenario.get', 'simulation.job', 'preset.get'])
      out.push(...trpc('wrong type', proc, body));
    // listRecent has only an optional `limit`: unknown keys are dropped, so an object is fine.
    out.push(
      ...trpc('wrong type', 'scenario.listRecent', body, body.startsWith('{') ? 'any' : 'reject'),
    );
  }
  // Content types and methods.
  for (const route of POST_ROUTES.slice(0, 3)) {
    for (const ct of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/json; charset=utf-16',
      'application/octet-stream',
      '',
    ]) {
      out.push(
        rest('content type', 'POST', route, '{"scenario":{}}', 'reject', { 'content-type': ct }),
      );
    }
    for (const method of ['PUT', 'DELETE', 'PATCH']) out.push(rest('method', method, route, '{}'));
  }
  out.push(
    rest('method', 'GET', '/api/v1/simulations'),
    rest('method', 'DELETE', '/api/v1/scenarios/AAAAAAAAAAAAAAAAAAAAAA'),
  );
  out.push(
    ...trpc('method', 'scenario.save', '{}', 'reject', 'query'),
    ...trpc('method', 'scenario.get', '{"id":"x"}', 'reject', 'mutation'),
  );
  out.push(
    ...trpc('unknown procedure', 'scenario.delete', '{}'),
    ...trpc('unknown procedure', '__proto__.constructor', '{}'),
    ...trpc('unknown procedure', 'scenario.__proto__', '{}', 'reject', 'query'),
  );
  out.push(
    ...trpc('unknown procedure', 'constructor', '{}', 'reject', 'query'),
    ...trpc('unknown procedure', 'toString', '{}', 'reject', 'query'),
  );
  return out;
}

function numberProbes(): Probe[] {
  const out: Probe[] = [];
  const s = JSON.stringify(baseScenario());
  const badRuns = [
    '0',
    '-1',
    '-0',
    '1.5',
    '0.0001',
    '1e6',
    '1e7',
    '1e15',
    '9007199254740992',
    '9007199254740993',
    '1e308',
    '1e309',
    '-1e309',
    '1e-400',
    'null',
    '[]',
    '{}',
    '123456789012345678901234567890',
  ];
  // Wrong types that trpc-to-openapi's coercion turns into numbers (see docs/reliability.md): any.
  const coercible = ['"100"', 'true', '[100]'];
  for (const runs of [...badRuns, ...coercible]) {
    const expect: Expect = coercible.includes(runs) ? 'any' : 'reject';
    const body = `{"scenario":${s},"runs":${runs}}`;
    out.push(
      rest('runs', 'POST', '/api/v1/simulations', body, expect),
      rest('runs', 'POST', '/api/v1/simulations/jobs', body, expect),
      rest('runs', 'POST', '/api/v1/simulations/compare-strategies', body, expect),
      rest(
        'runs',
        'POST',
        '/api/v1/simulations/compare-scenarios',
        `{"scenarioIds":["AAAAAAAAAAAAAAAAAAAAAA","BBBBBBBBBBBBBBBBBBBBBB"],"runs":${runs}}`,
      ),
      ...trpc('runs', 'simulation.run', body, expect),
    );
    // Inside the scenario no coercion happens, and 10^6 runs is a valid scenario (saving it is fine).
    if (runs !== '1e6')
      out.push(
        ...scenarioCarriers(
          'runs',
          mutateText(baseScenario(), ['simulation', 'runs'], runs),
          'reject',
        ),
      );
  }
  const badSeeds = [
    '-1',
    '1.5',
    '9007199254740993',
    '1e309',
    '""',
    str('x'.repeat(65)),
    '{}',
    '[]',
    'true',
    'null',
    str('\ud800'.repeat(70)),
  ];
  for (const seed of badSeeds) {
    out.push(
      rest('seed', 'POST', '/api/v1/simulations', `{"scenario":${s},"seed":${seed}}`),
      ...trpc('seed', 'simulation.run', `{"scenario":${s},"seed":${seed}}`),
    );
    out.push(
      ...scenarioCarriers(
        'seed',
        mutateText(baseScenario(), ['simulation', 'seed'], seed),
        'reject',
      ),
    );
  }
  const badHorizons = [
    '0',
    '-1',
    '121',
    '1000',
    '1e6',
    '1e309',
    '1.5',
    '"12"',
    'null',
    '9007199254740993',
  ];
  for (const h of badHorizons)
    out.push(
      ...scenarioCarriers(
        'horizon',
        mutateText(baseScenario(), ['world', 'horizonMonths'], h),
        'reject',
      ),
    );
  // Enormous but individually valid: the longest horizon with the most runs is over the work budget.
  const huge = mutateText(baseScenario(), ['world', 'horizonMonths'], '120');
  for (const runs of ['1000000', '999999', '500000']) {
    const body = `{"scenario":${mutateText(JSON.parse(huge), ['simulation', 'runs'], runs)}}`;
    out.push(
      rest('work budget', 'POST', '/api/v1/simulations', body),
      rest('work budget', 'POST', '/api/v1/simulations/jobs', body),
      ...trpc('work budget', 'simulation.run', body),
    );
  }
  out.push(
    rest('limit', 'GET', '/api/v1/scenarios?limit=0'),
    rest('limit', 'GET', '/api/v1/scenarios?limit=-1'),
    rest('limit', 'GET', '/api/v1/scenarios?limit=1e309'),
  );
  out.push(
    rest('limit', 'GET', '/api/v1/scenarios?limit=1.5'),
    rest('limit', 'GET', '/api/v1/scenarios?limit=abc'),
    rest('limit', 'GET', '/api/v1/scenarios?limit=101'),
  );
  out.push(
    rest('limit', 'GET', '/api/v1/scenarios?limit=9007199254740993'),
    rest('limit', 'GET', '/api/v1/scenarios?limit=1&limit=2&limit=x'),
  );
  for (const l of ['0', '-1', '1e309', '1.5', 'null', '101'])
    out.push(...trpc('limit', 'scenario.listRecent', `{"limit":${l}}`));
  return out;
}

/** Per path of the scenario: hostile literals, deletions, wrong types, extra and forbidden keys, duplicate keys. */
function mutationProbes(): Probe[] {
  const out: Probe[] = [];
  const scenario = baseScenario();
  for (const { path, value } of walk(scenario)) {
    if (path.length === 0) continue;
    const cat = 'mutation';
    if (typeof value === 'number') {
      for (const lit of ['1e309', '-1e309'])
        out.push(
          ...scenarioCarriers('non-finite number', mutateText(scenario, path, lit), 'reject'),
        );
      for (const lit of ['-1', '1.5', '9007199254740993', '"1"', 'null'])
        out.push(...scenarioCarriers(cat, mutateText(scenario, path, lit), 'any'));
    } else if (typeof value === 'string') {
      out.push(
        ...scenarioCarriers(
          'over-long string',
          mutateText(scenario, path, str('x'.repeat(100_000))),
          'reject',
        ),
      );
      for (const lit of ['1', '""', str('a\udc00b'), str("'; DROP TABLE scenarios; --")])
        out.push(...scenarioCarriers(cat, mutateText(scenario, path, lit), 'any'));
    } else if (typeof value === 'boolean') {
      for (const lit of ['"true"', '1', 'null'])
        out.push(...scenarioCarriers(cat, mutateText(scenario, path, lit), 'any'));
    } else if (Array.isArray(value)) {
      out.push(...scenarioCarriers('wrong type', mutateText(scenario, path, '{}'), 'reject'));
      out.push(...scenarioCarriers('wrong type', mutateText(scenario, path, '"[]"'), 'reject'));
    } else if (value !== null && typeof value === 'object') {
      out.push(...scenarioCarriers('wrong type', mutateText(scenario, path, '[]'), 'reject'));
      out.push(...scenarioCarriers('wrong type', mutateText(scenario, path, '"{}"'), 'reject'));
    }
    out.push(...scenarioCarriers('missing field', mutateText(scenario, path, undefined), 'any'));
  }
  for (const { path, value } of walk(scenario)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    out.push(
      ...scenarioCarriers(
        'prototype key',
        insertKeyText(scenario, path, '__proto__', '{"polluted":"yes"}'),
        'reject',
      ),
    );
    out.push(
      ...scenarioCarriers(
        'prototype key',
        insertKeyText(scenario, path, 'constructor', '{"prototype":{"polluted":"yes"}}'),
        'reject',
      ),
    );
    out.push(
      ...scenarioCarriers(
        'prototype key',
        insertKeyText(scenario, path, 'prototype', '{"polluted":"yes"}'),
        'reject',
      ),
    );
    out.push(
      ...scenarioCarriers(
        'extra field',
        insertKeyText(scenario, path, 'zz_unexpected_field', '1'),
        'any',
      ),
    );
    // Duplicate key: the first copy of the key is hostile, the last is the original value.
    const firstKey = Object.keys(value)[0];
    if (firstKey !== undefined) {
      out.push(
        ...scenarioCarriers(
          'duplicate key',
          insertKeyText(scenario, path, firstKey, '1e309'),
          'any',
        ),
      );
      // ... and the last copy hostile: JSON.parse keeps the last one.
      out.push(
        ...scenarioCarriers(
          'duplicate key',
          insertKeyText(scenario, path, firstKey, '1e309', true),
          'reject',
        ),
      );
    }
  }
  // The same forbidden keys at the top of the body and in GET input=.
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    const val = key === 'constructor' ? '{"prototype":{"polluted":"yes"}}' : '{"polluted":"yes"}';
    for (const route of POST_ROUTES)
      out.push(rest('prototype key', 'POST', route, `{${str(key)}:${val}}`));
    for (const proc of MUTATIONS) out.push(...trpc('prototype key', proc, `{${str(key)}:${val}}`));
    for (const proc of [
      'scenario.get',
      'simulation.job',
      'preset.get',
      'scenario.listRecent',
      'preset.list',
      'health.live',
    ]) {
      out.push(
        ...trpc('prototype key', proc, `{"id":"AAAAAAAAAAAAAAAAAAAAAA",${str(key)}:${val}}`),
      );
      out.push(...trpc('prototype key', proc, `{"id":{${str(key)}:${val}}}`));
      out.push(...trpc('prototype key', proc, `[{${str(key)}:${val}}]`));
    }
    out.push(
      rest('prototype key', 'GET', `/api/v1/scenarios?${key}=1`),
      rest('prototype key', 'GET', `/api/v1/scenarios?limit=1&${key}[polluted]=yes`),
      rest('prototype key', 'GET', `/api/v1/scenarios?a[${key}][polluted]=yes`),
      rest('prototype key', 'GET', `/api/v1/presets?${key}.polluted=yes`),
      rest('prototype key', 'GET', `/api/v1/scenarios/AAAAAAAAAAAAAAAAAAAAAA?${key}=1`),
      rest('prototype key', 'GET', `/api/health?${encodeURIComponent(key)}=1`),
    );
  }
  const s = JSON.stringify(baseScenario());
  out.push(
    rest('duplicate key', 'POST', '/api/v1/simulations', `{"scenario":${s},"runs":10,"runs":-5}`),
  );
  out.push(rest('duplicate key', 'POST', '/api/v1/scenarios', `{"scenario":${s},"scenario":1}`));
  out.push(
    rest(
      'duplicate key',
      'POST',
      '/api/v1/simulations',
      `{"scenarioId":"AAAAAAAAAAAAAAAAAAAAAA","scenarioId":"../x"}`,
    ),
  );
  out.push(...trpc('duplicate key', 'simulation.run', `{"scenario":${s},"seed":1,"seed":1e309}`));
  return out;
}

/** 10^5-deep nesting, 10^6-element arrays, oversized bodies and batches. */
export function sizeProbes(): Probe[] {
  const out: Probe[] = [];
  const s = baseScenario();
  const deepA = deepArrays(100_000);
  const deepO = deepObjects(100_000);
  for (const deep of [deepA, deepO]) {
    for (const route of [
      '/api/v1/scenarios',
      '/api/v1/simulations',
      '/api/v1/simulations/compare-scenarios',
    ]) {
      out.push(
        rest('deep nesting', 'POST', route, deep),
        rest('deep nesting', 'POST', route, `{"scenario":${deep}}`),
      );
    }
    out.push(...scenarioCarriers('deep nesting', mutateText(s, ['name'], deep), 'reject'));
    out.push(
      ...scenarioCarriers(
        'deep nesting',
        mutateText(s, ['world', 'offers', 0, 'quality'], deep),
        'reject',
      ),
    );
    out.push(
      ...scenarioCarriers('deep nesting', insertKeyText(s, ['world'], 'zz', deep), 'reject'),
    );
    out.push(
      ...trpc('deep nesting', 'scenario.save', `{"scenario":${deep}}`),
      ...trpc('deep nesting', 'simulation.run', deep),
    );
  }
  // Within the URL limit: about 4,000 levels in a GET input.
  for (const deep of [deepArrays(1200), deepObjects(450)]) {
    out.push(
      ...trpc('deep nesting', 'scenario.get', `{"id":${deep}}`),
      ...trpc('deep nesting', 'preset.get', deep),
    );
  }
  const million = (item: string): string =>
    `[${Array.from({ length: 1_000_000 }, () => item).join(',')}]`;
  const m0 = million('0');
  const mStr = million('"a"');
  out.push(
    rest('huge array', 'POST', '/api/v1/simulations/compare-scenarios', `{"scenarioIds":${m0}}`),
    rest('huge array', 'POST', '/api/v1/simulations/compare-scenarios', `{"scenarioIds":${mStr}}`),
    rest(
      'huge array',
      'POST',
      '/api/v1/simulations/compare-strategies',
      `{"scenario":${JSON.stringify(s)},"strategyIds":${mStr}}`,
    ),
    rest('huge array', 'POST', '/api/v1/scenarios', m0),
    ...scenarioCarriers('huge array', mutateText(s, ['strategies'], m0), 'reject'),
    ...scenarioCarriers('huge array', mutateText(s, ['world', 'offers'], million('{}')), 'reject'),
    ...trpc('huge array', 'simulation.compareScenarios', `{"scenarioIds":${mStr}}`),
  );
  // Just under the default 2 MB limit: a million-element array and 100,000 unknown keys, which
  // must not come back as a million issues (a response many times the request).
  const justUnder = `[${Array.from({ length: 999_999 }, () => '0').join(',')}]`;
  const manyKeys = JSON.stringify(
    Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 0])),
  );
  out.push(
    rest('amplification', 'POST', '/api/v1/scenarios', justUnder),
    rest('amplification', 'POST', '/api/v1/simulations', manyKeys),
    rest('amplification', 'POST', '/api/v1/scenarios', `{"scenario":${manyKeys}}`),
    ...trpc('amplification', 'scenario.save', manyKeys),
    ...trpc('amplification', 'simulation.run', `{"scenario":{"world":${manyKeys}}}`),
  );
  // Oversized bodies (the default limit is 2 MB): valid JSON, chunked and not.
  const big = `{"scenario":{"name":${str('x'.repeat(3_000_000))}}}`;
  for (const route of POST_ROUTES) out.push(rest('oversized body', 'POST', route, big));
  for (const proc of MUTATIONS) out.push(...trpc('oversized body', proc, big));
  return out;
}

function batchProbes(): Probe[] {
  const out: Probe[] = [];
  for (const n of [11, 20, 38]) {
    const procs = Array.from({ length: n }, () => 'health.live').join(',');
    const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), {}]));
    out.push({
      category: 'oversized batch',
      surface: 'trpc',
      method: 'GET',
      path: `/api/trpc/${procs}?batch=1&input=${encodeSegment(JSON.stringify(input))}`,
      expect: 'reject',
    });
    out.push({
      category: 'oversized batch',
      surface: 'trpc',
      method: 'GET',
      path: `/api/trpc/${procs}?batch=1`,
      expect: 'reject',
    });
    const saves = Array.from({ length: n }, () => 'scenario.save').join(',');
    out.push({
      category: 'oversized batch',
      surface: 'trpc',
      method: 'POST',
      path: `/api/trpc/${saves}?batch=1`,
      body: JSON.stringify(input),
      expect: 'reject',
    });
  }
  for (const n of [100, 1000]) {
    const procs = Array.from({ length: n }, () => 'preset.list').join(',');
    out.push({
      category: 'oversized batch',
      surface: 'trpc',
      method: 'GET',
      path: `/api/trpc/${procs}?batch=1`,
      expect: 'reject',
    });
    out.push({
      category: 'oversized batch',
      surface: 'trpc',
      method: 'POST',
      path: `/api/trpc/${procs}?batch=1`,
      body: '{}',
      expect: 'reject',
    });
  }
  const manyInputs = JSON.stringify(
    Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [String(i), { id: 'x' }])),
  );
  out.push({
    category: 'oversized batch',
    surface: 'trpc',
    method: 'POST',
    path: '/api/trpc/scenario.save,scenario.save?batch=1',
    body: manyInputs,
    expect: 'reject',
  });
  out.push({
    category: 'oversized batch',
    surface: 'trpc',
    method: 'GET',
    path: `/api/trpc/scenario.get?batch=1&input=${encodeSegment('{"999999999999":{"id":"x"}}')}`,
    expect: 'reject',
  });
  out.push({
    category: 'oversized batch',
    surface: 'trpc',
    method: 'GET',
    path: `/api/trpc/scenario.get,,,scenario.get?batch=1`,
    expect: 'reject',
  });
  out.push({
    category: 'oversized batch',
    surface: 'trpc',
    method: 'GET',
    path: `/api/trpc/,?batch=1`,
    expect: 'reject',
  });
  out.push({
    category: 'oversized batch',
    surface: 'trpc',
    method: 'GET',
    path: `/api/trpc/scenario.get?batch=-1&input=%7B%7D`,
    expect: 'reject',
  });
  return out;
}

/** Requests a raw client can send that fetch cannot: broken HTTP, huge URLs and headers. */
function rawProbes(): Probe[] {
  const h = 'Host: 127.0.0.1\r\nConnection: close\r\n';
  return [
    raw('raw http', `GET /api/v1/scenarios/${'x'.repeat(20_000)} HTTP/1.1\r\n${h}\r\n`),
    raw('raw http', `GET /api/trpc/scenario.get?input=${'%5B'.repeat(7000)} HTTP/1.1\r\n${h}\r\n`),
    raw(
      'raw http',
      `GET /api/health HTTP/1.1\r\n${h}${Array.from({ length: 200 }, (_, i) => `X-H${i}: ${'v'.repeat(200)}\r\n`).join('')}\r\n`,
    ),
    raw('raw http', 'GARBAGE\r\n\r\n'),
    raw('raw http', `GET /api/health HTTP/9.9\r\n${h}\r\n`),
    raw(
      'raw http',
      `POST /api/v1/scenarios HTTP/1.1\r\n${h}Content-Type: application/json\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    ),
    raw(
      'raw http',
      `POST /api/v1/scenarios HTTP/1.1\r\n${h}Content-Type: application/json\r\nContent-Length: -1\r\n\r\n`,
    ),
    raw(
      'raw http',
      `POST /api/v1/scenarios HTTP/1.1\r\n${h}Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}`,
    ),
    raw(
      'raw http',
      `POST /api/v1/scenarios HTTP/1.1\r\n${h}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    ),
    raw('raw http', `GET /api/health HTTP/1.1\r\n${h}Bad Header Name: x\r\n\r\n`),
    raw('raw http', `GET /api/he\u0000alth HTTP/1.1\r\n${h}\r\n`),
    raw('raw http', `GET http://evil.example/api/v1/scenarios/x HTTP/1.1\r\n${h}\r\n`),
    { ...raw('raw http', `GET * HTTP/1.1\r\n${h}\r\n`), expect: 'any' },
    raw('raw http', `TRACE /api/health HTTP/1.1\r\n${h}\r\n`),
    raw('raw http', `GET /api/v1/scenarios/%ED%A0%80 HTTP/1.1\r\n${h}\r\n`),
    raw('raw http', `GET /api/v1/scenarios/%zz HTTP/1.1\r\n${h}\r\n`),
    raw('raw http', `GET /api/trpc/scenario.get?input=%zz HTTP/1.1\r\n${h}\r\n`),
    raw('raw http', `GET /api/v1/scenarios?limit=%ED%A0%80 HTTP/1.1\r\n${h}\r\n`),
    raw(
      'raw http',
      `POST /api/v1/scenarios HTTP/1.1\r\n${h}Content-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\nabcd`,
    ),
    raw(
      'raw http',
      `POST /api/v1/scenarios HTTP/1.1\r\n${h}Content-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n{}`,
    ),
  ];
}

/** The whole fixed list. */
export function fixedProbes(): Probe[] {
  return [
    ...idProbes(),
    ...bodyProbes(),
    ...numberProbes(),
    ...mutationProbes(),
    ...batchProbes(),
    ...rawProbes(),
  ];
}
