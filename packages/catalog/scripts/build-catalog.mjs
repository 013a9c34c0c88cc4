#!/usr/bin/env node
// Builds src/catalog-data.json, the bundled price catalogue, from a LiteLLM-format price file
// with this package's own importer (build the package first: `npx tsc -p packages/catalog/tsconfig.build.json`).
//
//   node packages/catalog/scripts/build-catalog.mjs <litellm-model-prices.json> [snapshot-date]
//
// The snapshot date defaults to the date part of the file's `last_updated` field. The output is
// committed: the app ships it and never reads the price file at runtime.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importLiteLLM } from '../dist/litellm.js';

// Keys of docs/model.md section 9 first, then current mainstream chat offers: each lab's own API,
// US inference hosts serving open weights, EU hosts and EU-pinned routes of US models.
// `name` / `model` fix display names the generic prettifier gets wrong.
const SELECTION = [
  { key: 'claude-fable-5', name: 'Anthropic Fable 5', model: 'Fable 5' },
  { key: 'gpt-5.5' },
  { key: 'gemini/gemini-3.1-pro-preview' },
  { key: 'deepseek/deepseek-v4-pro' },
  { key: 'moonshot/kimi-k2.6' },
  { key: 'fireworks_ai/glm-5p2' },
  { key: 'zai/glm-5.1' },
  { key: 'claude-opus-5' },
  { key: 'claude-sonnet-5' },
  { key: 'claude-opus-4-7' },
  { key: 'claude-haiku-4-5' },
  {
    key: 'eu.anthropic.claude-fable-5',
    name: 'Anthropic Fable 5 via AWS Bedrock (EU)',
    model: 'Fable 5',
  },
  {
    key: 'vertex_ai/claude-fable-5',
    name: 'Anthropic Fable 5 via Google Vertex AI',
    model: 'Fable 5',
  },
  { key: 'gpt-5.6' },
  { key: 'gpt-5.6-terra' },
  { key: 'gpt-5.6-luna' },
  { key: 'gpt-5.4' },
  { key: 'gpt-5.4-mini' },
  { key: 'gpt-5.4-nano' },
  { key: 'azure/eu/gpt-5.5', name: 'OpenAI GPT-5.5 via Microsoft Azure (EU)' },
  { key: 'gemini/gemini-3.6-flash' },
  { key: 'gemini/gemini-3.5-flash' },
  { key: 'gemini/gemini-3.1-flash-lite' },
  { key: 'xai/grok-4.5' },
  { key: 'xai/grok-4-1-fast-reasoning' },
  { key: 'deepseek/deepseek-v4-flash' },
  { key: 'moonshot/kimi-k2.5' },
  { key: 'zai/glm-5' },
  { key: 'zai/glm-4.7' },
  { key: 'minimax/MiniMax-M3' },
  { key: 'dashscope/qwen-max' },
  { key: 'dashscope/qwen3-next-80b-a3b-instruct' },
  { key: 'mistral/mistral-large-3' },
  { key: 'mistral/mistral-medium-3-5' },
  { key: 'mistral/devstral-2512' },
  { key: 'fireworks_ai/kimi-k2p6' },
  { key: 'fireworks_ai/deepseek-v4-pro' },
  { key: 'fireworks_ai/minimax-m3' },
  { key: 'fireworks_ai/qwen3p7-plus' },
  { key: 'together_ai/Qwen/Qwen3.5-397B-A17B' },
  { key: 'together_ai/moonshotai/Kimi-K2.5' },
  { key: 'together_ai/openai/gpt-oss-120b' },
  { key: 'groq/openai/gpt-oss-120b' },
  { key: 'groq/moonshotai/kimi-k2-instruct-0905' },
  { key: 'cerebras/gpt-oss-120b' },
  { key: 'scaleway/qwen/qwen3.5-397b-a17b' },
  { key: 'scaleway/openai/gpt-oss-120b' },
  { key: 'ovhcloud/gpt-oss-120b' },
];

function fail(message) {
  process.stderr.write(`build-catalog: ${message}\n`);
  process.exit(1);
}

const [file, dateArg] = process.argv.slice(2);
if (!file) fail('usage: build-catalog.mjs <litellm-model-prices.json> [snapshot-date YYYY-MM-DD]');

let json;
try {
  json = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
}

const lastUpdated =
  typeof json.last_updated === 'string' ? json.last_updated.slice(0, 10) : undefined;
const snapshotDate = dateArg ?? lastUpdated;
if (!snapshotDate || !/^\d{4}-\d{2}-\d{2}$/.test(snapshotDate)) {
  fail('no snapshot date: pass one as the second argument (YYYY-MM-DD)');
}

const result = importLiteLLM(json, { models: SELECTION.map((s) => s.key) });
if (result.errors.length > 0) {
  fail(
    `the selection does not import cleanly:\n${result.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`,
  );
}
const byKey = new Map(result.offers.map((o) => [o.source.key, o]));
const offers = SELECTION.map(({ key, name, model }) => {
  const offer = byKey.get(key);
  if (!offer) fail(`"${key}" was skipped (not a chat entry with prices, or a duplicate)`);
  return { ...offer, ...(name ? { name } : {}), ...(model ? { model } : {}) };
});

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'catalog-data.json');
const data = {
  snapshotDate,
  source: 'LiteLLM model_prices_and_context_window.json (MIT licence)',
  offers,
};
writeFileSync(out, `${JSON.stringify(data, null, 2)}\n`);
process.stderr.write(
  `build-catalog: wrote ${offers.length} offers (snapshot ${snapshotDate}) to ${out}\n`,
);
