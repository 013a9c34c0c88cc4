import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, startHostileServer, type Probe, type TestServer } from './harness.js';
import { baseScenario, mutateText } from './probes.js';

/**
 * Issue 5, formula sandbox end to end: a scenario whose formula is an escape payload (from
 * mathjs's security tests and advisories) is refused by POST /api/v1/simulations with a 4xx
 * naming the formula's path, and executes nothing; formulas whose values are NaN or infinite
 * are reported at their path too. The engine's own tests (packages/engine) cover the parser.
 */

const CANARY = path.join(tmpdir(), `crosswind-pwned-${process.pid}`);
const write = `process.getBuiltinModule('fs').writeFileSync('${CANARY}', 'x')`;

const ESCAPES = [
  'cos.constructor("return process")()',
  `cos.constructor("${write.replace(/"/g, '\\"')}")()`,
  `[].map.constructor("${write.replace(/"/g, '\\"')}")()`,
  'f=cos.constructor; f("return this")()',
  'cos["constructor"]("return process")()',
  '"".constructor.constructor("return process")()',
  'a=cos; a.constructor("return 1")()',
  'sqrt.valueOf.constructor("return process")()',
  '(1).constructor',
  'import({matrix: cos.constructor}, {override: true})',
  'createUnit("foo")',
  'evaluate("cos.constructor(\\"return process\\")()")',
  'parse("x=1").compile().evaluate()',
  'compile("1").evaluate()',
  'simplify("x").constructor',
  'derivative("x^2", "x")',
  'typed("f", {"number": cos})',
  'chain(1).done()',
  'reviver("{}")',
  'config({number: "BigNumber"})',
  'o = {}; o["__proto__"]["polluted"] = 1',
  '{}["constructor"]["prototype"]["polluted"] = 1',
  'unit("5 cm")',
  '5 cm',
  'month cm',
  'month inch',
  'x = 1',
  'f(x) = x^2',
  'process',
  'this',
  'globalThis',
  'require("fs")',
];

const NON_FINITE = [
  '1/month',
  'log(month)',
  '0/0',
  '(0-1)^0.5',
  'month^1000',
  '10^400',
  'exp(1000)',
  '1e309',
];

const PRICE_PATH = 'scenario.world.offers[0].pricePath.formula';
const GROWTH_PATH = 'scenario.world.workloads[0].growth.formula';

async function simulate(
  server: TestServer,
  scenarioText: string,
): Promise<{
  probe: Probe;
  status: number;
  text: string;
  body: { code?: string; message?: string; path?: string };
}> {
  const probe: Probe = {
    category: 'formula',
    surface: 'rest',
    method: 'POST',
    path: '/api/v1/simulations',
    body: `{"scenario":${scenarioText},"runs":10}`,
    expect: 'reject',
  };
  const res = await fetch(`${server.url}${probe.path}`, {
    method: 'POST',
    body: probe.body as string,
    headers: { 'content-type': 'application/json' },
  });
  const text = await res.text();
  expect(
    check(probe, { status: res.status, contentType: res.headers.get('content-type') ?? '', text }),
  ).toEqual([]);
  return {
    probe,
    status: res.status,
    text,
    body: JSON.parse(text) as { code?: string; message?: string; path?: string },
  };
}

const priceFormula = (formula: string): string =>
  mutateText(
    baseScenario(),
    ['world', 'offers', 0, 'pricePath', 'formula'],
    JSON.stringify(formula),
  );
const growthFormula = (formula: string): string =>
  mutateText(baseScenario(), ['world', 'workloads', 0, 'growth'], JSON.stringify({ formula }));

describe('formula sandbox, end to end', () => {
  let server: TestServer;
  beforeAll(async () => {
    rmSync(CANARY, { force: true });
    server = await startHostileServer();
  });
  afterAll(async () => {
    await server.close();
    rmSync(CANARY, { force: true });
  });

  it.each(ESCAPES)('refuses the price formula %s at its path', async (payload) => {
    const started = Date.now();
    const res = await simulate(server, priceFormula(payload));
    expect(res.status, res.text).toBe(400);
    expect(res.body.path, res.text).toBe(PRICE_PATH);
    expect(res.body.message, res.text).toMatch(/formula/i);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it.each(ESCAPES.slice(0, 8))('refuses the growth formula %s at its path', async (payload) => {
    const res = await simulate(server, growthFormula(payload));
    expect(res.status, res.text).toBe(400);
    expect(res.body.path, res.text).toBe(GROWTH_PATH);
  });

  it.each(NON_FINITE)(
    'reports the non-finite formula %s at its path, never as null',
    async (formula) => {
      const res = await simulate(server, priceFormula(formula));
      expect(res.status, res.text).toBe(400);
      expect(res.body.path, res.text).toBe(PRICE_PATH);
      expect(res.body.message, res.text).toMatch(/finite|NaN|infinit|number|allowed/i);
    },
  );

  it('refuses deep nesting and huge formulas quickly', async () => {
    for (const formula of [
      '('.repeat(200) + 'month' + ')'.repeat(200),
      Array.from({ length: 240 }, () => '1').join('+'),
      `${'9'.repeat(400)}*month`,
      'month'.repeat(200),
    ]) {
      const started = Date.now();
      const res = await simulate(server, priceFormula(formula));
      expect(res.status, res.text).toBe(400);
      expect(res.body.path, res.text).toBe(PRICE_PATH);
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it('executed nothing: no file written, no prototype polluted, the server still answers', async () => {
    expect(existsSync(CANARY)).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    // and a sane formula still simulates
    const ok = await fetch(`${server.url}/api/v1/simulations`, {
      method: 'POST',
      body: `{"scenario":${priceFormula('0.99^month')},"runs":10}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(ok.status).toBe(200);
  });
});
