import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { displayModelName, importLiteLLM, perTokenToPerMillion } from './litellm.js';
import { UNKNOWN_JURISDICTION } from './providers.js';

const entry = (input: unknown, output: unknown, provider = 'openai', mode: unknown = 'chat') => ({
  input_cost_per_token: input,
  output_cost_per_token: output,
  litellm_provider: provider,
  mode,
});

describe('perTokenToPerMillion', () => {
  it('removes binary noise: 2e-7 USD per token is exactly 0.2 USD per million', () => {
    expect(2e-7 * 1e6).toBe(0.19999999999999998);
    expect(perTokenToPerMillion(2e-7)).toBe(0.2);
    expect(perTokenToPerMillion(1.6e-6)).toBe(1.6);
    expect(perTokenToPerMillion(2.19e-6)).toBe(2.19);
    expect(perTokenToPerMillion(4.35e-7)).toBe(0.435);
    expect(perTokenToPerMillion(1.4e-6)).toBe(1.4);
    expect(perTokenToPerMillion(9.5e-7)).toBe(0.95);
    expect(perTokenToPerMillion(0)).toBe(0);
  });
});

describe('importLiteLLM on the shared LiteLLM snapshot', () => {
  const path =
    process.env['CROSSWIND_LITELLM_FILE'] ??
    new URL('../../../../shared/data/litellm-model-prices.json', import.meta.url);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    json = undefined;
  }
  const section8: Record<string, [number, number, string, string, string]> = {
    'claude-fable-5': [10, 50, 'Anthropic', 'US', 'US'],
    'gpt-5.5': [5, 30, 'OpenAI', 'US', 'US'],
    'gemini/gemini-3.1-pro-preview': [2, 12, 'Google', 'US', 'US'],
    'deepseek/deepseek-v4-pro': [0.435, 0.87, 'DeepSeek', 'CN', 'CN'],
    'moonshot/kimi-k2.6': [0.95, 4, 'Moonshot', 'CN', 'CN'],
    'fireworks_ai/glm-5p2': [1.4, 4.4, 'Zhipu', 'CN', 'US'],
    'zai/glm-5.1': [1.4, 4.4, 'Zhipu', 'CN', 'CN'],
  };

  it.skipIf(json === undefined)('converts the docs/model.md section 9 keys exactly', () => {
    const r = importLiteLLM(json, { models: Object.keys(section8) });
    expect(r.errors).toEqual([]);
    expect(r.offers.map((o) => o.source.key).sort()).toEqual(Object.keys(section8).sort());
    for (const o of r.offers) {
      const [input, output, lab, labJ, hostJ] = section8[o.source.key] ?? [];
      expect(o.priceUsdPerMTokens, o.source.key).toEqual({ input, output });
      expect([o.lab, o.labJurisdiction, o.hostJurisdiction], o.source.key).toEqual([
        lab,
        labJ,
        hostJ,
      ]);
    }
    const glm = r.offers.find((o) => o.source.key === 'fireworks_ai/glm-5p2');
    expect(glm).toMatchObject({
      id: 'glm-5.2-fireworks',
      host: 'Fireworks AI',
      openWeights: true,
      quality: { general: 51.1, coding: 68.8 },
    });
  });

  it.skipIf(json === undefined)(
    'counts what it skips and imports only chat entries with prices',
    () => {
      const r = importLiteLLM(json);
      expect(r.errors).toEqual([]);
      expect(r.skipped.metadata).toBe(3); // sample_spec, last_updated, fallback_generalizations
      expect(r.skipped.nonChat).toBeGreaterThan(500); // embeddings, images, audio, ...
      expect(r.skipped.noPrice).toBeGreaterThan(0); // e.g. tiered DashScope prices
      expect(r.skipped.notSelected).toBe(0);
      const total = Object.keys(json as object).length;
      const s = r.skipped;
      expect(r.offers.length + s.nonChat + s.noPrice + s.duplicate + s.metadata).toBe(total);
      expect(new Set(r.offers.map((o) => o.id)).size).toBe(r.offers.length);
      for (const o of r.offers) expect(o.id).toMatch(/^[a-z0-9][a-z0-9._-]{0,63}$/);
    },
  );
});

describe('importLiteLLM on small inputs', () => {
  const file = {
    sample_spec: { mode: 'one of: chat, embedding', input_cost_per_token: 0 },
    'gpt-5.5': entry(0.000005, 0.00003),
    'text-embedding-3-large': entry(1.3e-7, 0, 'openai', 'embedding'),
    'dall-e-3': {
      litellm_provider: 'openai',
      mode: 'image_generation',
      output_cost_per_image: 0.04,
    },
    'dashscope/qwen3-max': { litellm_provider: 'dashscope', mode: 'chat', tiered_pricing: [] },
    'gpt-5.5-pro': entry(0.00003, 0.00018, 'openai', 'responses'),
    'acme/wonder-1': entry(0.000001, 0.000002, 'acme'),
  };

  it('skips non-chat modes, entries without prices and sample_spec, with counts', () => {
    const r = importLiteLLM(file);
    expect(r.errors).toEqual([]);
    expect(r.skipped).toEqual({
      nonChat: 2,
      noPrice: 1,
      notSelected: 0,
      duplicate: 0,
      metadata: 1,
    });
    expect(r.offers.map((o) => o.id)).toEqual(['gpt-5.5', 'gpt-5.5-pro', 'wonder-1-acme']);
  });

  it('selects models with `models` and reports the ones it cannot find', () => {
    const r = importLiteLLM(file, { models: ['gpt-5.5', 'no/such-model'] });
    expect(r.offers.map((o) => o.source.key)).toEqual(['gpt-5.5']);
    expect(r.skipped.notSelected).toBe(5);
    expect(r.errors).toEqual([
      { path: 'no/such-model', message: expect.stringContaining('not found') as string },
    ]);
  });

  it('flags unknown providers and labs with a clear placeholder instead of guessing', () => {
    const r = importLiteLLM(file, { models: ['acme/wonder-1'] });
    const o = r.offers[0];
    expect(o?.hostJurisdiction).toBe(UNKNOWN_JURISDICTION);
    expect(o?.labJurisdiction).toBe(UNKNOWN_JURISDICTION);
    expect(o?.review.join('\n')).toMatch(/hostJurisdiction: unknown provider "acme"/);
    expect(o?.review.join('\n')).toMatch(/quality: not in the bundled quality table/);
  });

  it('skips exact duplicates (same host, model and prices under two keys)', () => {
    const r = importLiteLLM({
      'deepseek-v4-pro': entry(4.35e-7, 8.7e-7, 'deepseek'),
      'deepseek/deepseek-v4-pro': entry(4.35e-7, 8.7e-7, 'deepseek'),
    });
    expect(r.offers).toHaveLength(1);
    expect(r.skipped.duplicate).toBe(1);
  });

  it.each([
    [null, 'got null'],
    [[1, 2], 'got an array'],
    ['gpt-5.5', 'got the string "gpt-5.5"'],
    [42, 'got a number'],
  ])('gives a clear root error for %j', (input, text) => {
    const r = importLiteLLM(input);
    expect(r.offers).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]?.path).toBe('(root)');
    expect(r.errors[0]?.message).toContain(
      'expected a JSON object mapping model names to price entries',
    );
    expect(r.errors[0]?.message).toContain(text);
  });

  it('reports malformed entries by key and keeps going', () => {
    const r = importLiteLLM({
      'a/bad-entry': 'oops',
      'b/bad-price': entry('cheap', 0.000001),
      'c/negative': entry(-1e-6, 1e-6),
      'd/bad-mode': { mode: 7, input_cost_per_token: 1e-6, output_cost_per_token: 1e-6 },
      'e/string-price': entry('1.4e-06', '4.4e-06', 'fireworks_ai'),
      'f/nulls': entry(null, null),
      'g/per-million': entry(1.4, 4.4),
    });
    expect(r.errors).toEqual([
      { path: 'a/bad-entry', message: 'expected a price entry object, got the string "oops"' },
      {
        path: 'b/bad-price',
        message: 'input_cost_per_token must be a number (USD per token), got the string "cheap"',
      },
      { path: 'c/negative', message: 'input_cost_per_token must not be negative, got -0.000001' },
      { path: 'd/bad-mode.mode', message: 'must be a string such as "chat", got a number' },
      {
        path: 'g/per-million',
        message:
          'input_cost_per_token must be at most 1 USD per token, got 1.4 (is it a price per million tokens?)',
      },
      {
        path: 'g/per-million',
        message:
          'output_cost_per_token must be at most 1 USD per token, got 4.4 (is it a price per million tokens?)',
      },
    ]);
    expect(
      r.offers.map((o) => [o.source.key, o.priceUsdPerMTokens.input, o.priceUsdPerMTokens.output]),
    ).toEqual([['e/string-price', 1.4, 4.4]]);
    expect(r.skipped.noPrice).toBe(1);
  });
});

describe('displayModelName', () => {
  it.each([
    ['gpt-5.5', 'GPT-5.5'],
    ['kimi-k2.6', 'Kimi K2.6'],
    ['claude-opus-4-7', 'Claude Opus 4.7'],
    ['kimi-k2-instruct-0905', 'Kimi K2 Instruct 0905'],
    ['qwen3.5-397b-a17b', 'Qwen3.5 397B A17B'],
    ['deepseek-v4-pro', 'DeepSeek V4 Pro'],
  ])('%s -> %s', (slug, name) => {
    expect(displayModelName(slug)).toBe(name);
  });
});
