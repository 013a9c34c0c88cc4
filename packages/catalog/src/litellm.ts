import { hostFor, labFor, slugify } from './providers.js';
import { canonicalModelSlug, qualityFor } from './quality.js';
import type { CatalogOffer, ImportIssue } from './types.js';

/** Modes that are text generation a scenario's workloads can use. */
export const CHAT_MODES: readonly string[] = ['chat', 'responses'];

/** Keys of a LiteLLM file that document the format rather than price a model. */
const METADATA_KEYS = new Set(['sample_spec', 'last_updated', 'fallback_generalizations']);

const MAX_ID_LENGTH = 64;

/** 1 USD per token is a million USD per million tokens: no real price, likely the wrong unit. */
const MAX_USD_PER_TOKEN = 1;

export interface ImportOptions {
  /** import only these keys (exact LiteLLM keys, e.g. `gpt-5.5`, `fireworks_ai/glm-5p2`) */
  models?: readonly string[];
}

export interface ImportSkipped {
  /** entries whose mode is not chat-like (embedding, image generation, ...) or missing */
  nonChat: number;
  /** chat entries without both an input and an output price per token */
  noPrice: number;
  /** entries left out by `models` */
  notSelected: number;
  /** entries with the same provider, model and prices as one already imported */
  duplicate: number;
  /** format documentation such as `sample_spec` */
  metadata: number;
}

export interface ImportResult {
  offers: CatalogOffer[];
  skipped: ImportSkipped;
  /** malformed entries (skipped) and requested models that are missing; never thrown */
  errors: ImportIssue[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * USD per token to USD per million tokens, rounded to 1e-9 USD so that binary noise
 * (2e-7 x 1e6 = 0.19999999999999998) does not leak into scenarios.
 * @example
 * perTokenToPerMillion(2e-7); // 0.2
 */
export function perTokenToPerMillion(usdPerToken: number): number {
  return Math.round(usdPerToken * 1e15) / 1e9;
}

type PriceRead =
  | { ok: true; value: number }
  | { ok: false; missing: true }
  | { ok: false; missing: false; message: string };

function readPrice(entry: Record<string, unknown>, field: string): PriceRead {
  const raw = entry[field];
  if (raw === undefined || raw === null) return { ok: false, missing: true };
  // Some tables write prices as strings ("1.4e-06"); accept them when they are plain numbers.
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return {
      ok: false,
      missing: false,
      message: `${field} must be a number (USD per token), got ${describe(raw)}`,
    };
  }
  if (value < 0) {
    return { ok: false, missing: false, message: `${field} must not be negative, got ${value}` };
  }
  if (value > MAX_USD_PER_TOKEN) {
    return {
      ok: false,
      missing: false,
      message: `${field} must be at most ${MAX_USD_PER_TOKEN} USD per token, got ${value} (is it a price per million tokens?)`,
    };
  }
  return { ok: true, value };
}

const WORD_CASE: Readonly<Record<string, string>> = {
  gpt: 'GPT',
  glm: 'GLM',
  oss: 'OSS',
  ai: 'AI',
  vl: 'VL',
};

/**
 * A readable model name from a slug: `kimi-k2.6` -> `Kimi K2.6`, `gpt-5.5` -> `GPT-5.5`.
 * @example
 * displayModelName('deepseek-v4-pro'); // 'DeepSeek V4 Pro'
 */
export function displayModelName(slug: string): string {
  const words = slug.split('-').filter((w) => w !== '');
  const out: string[] = [];
  let previous = '';
  for (const word of words) {
    const fixed = WORD_CASE[word];
    // "opus-4-7" is version 4.7; longer numbers ("0905") are dates and stay separate words.
    if (/^\d{1,2}$/.test(word) && /\d$/.test(previous) && /^\d{1,2}(\.\d{1,2})?$/.test(previous)) {
      previous = `${previous}.${word}`;
      out[out.length - 1] = previous;
      continue;
    }
    previous = word;
    if (fixed !== undefined) out.push(fixed);
    else if (/^a?\d+b$/.test(word)) out.push(word.toUpperCase());
    else if (word === 'deepseek') out.push('DeepSeek');
    else if (word === 'minimax') out.push('MiniMax');
    else out.push(word.charAt(0).toUpperCase() + word.slice(1));
  }
  // "GPT 5.5" reads as "GPT-5.5", the vendor's own spelling.
  return out.join(' ').replace(/^GPT (\d)/, 'GPT-$1');
}

/** `Moonshot Kimi K2.6`, but `DeepSeek V4 Pro` rather than `DeepSeek DeepSeek V4 Pro`. */
function withLab(lab: string, model: string): string {
  return model.toLowerCase().startsWith(lab.toLowerCase()) ? model : `${lab} ${model}`;
}

function uniqueId(base: string, taken: Set<string>): string {
  const trimmed = base.slice(0, MAX_ID_LENGTH).replace(/[-._]+$/, '') || 'offer';
  let id = trimmed;
  for (let n = 2; taken.has(id); n += 1) {
    const suffix = `-${n}`;
    id = `${trimmed.slice(0, MAX_ID_LENGTH - suffix.length)}${suffix}`;
  }
  taken.add(id);
  return id;
}

/**
 * Turns a LiteLLM-format price table (an object of model key -> entry with USD-per-token
 * prices) into offer templates priced in USD per million tokens. Entries that are not chat
 * models, have no price, or are left out by `models` are counted, not returned; malformed
 * entries are reported in `errors` with their key. Never throws on bad input.
 * @example
 * const { offers, skipped, errors } = importLiteLLM(JSON.parse(text), { models: ['gpt-5.5'] });
 * offers[0]?.priceUsdPerMTokens; // { input: 5, output: 30 }
 */
export function importLiteLLM(json: unknown, opts: ImportOptions = {}): ImportResult {
  const skipped: ImportSkipped = {
    nonChat: 0,
    noPrice: 0,
    notSelected: 0,
    duplicate: 0,
    metadata: 0,
  };
  const errors: ImportIssue[] = [];
  const offers: CatalogOffer[] = [];
  if (!isRecord(json)) {
    errors.push({
      path: '(root)',
      message: `expected a JSON object mapping model names to price entries (LiteLLM format), got ${describe(json)}`,
    });
    return { offers, skipped, errors };
  }
  const wanted = opts.models ? new Set(opts.models) : undefined;
  const found = new Set<string>();
  const takenIds = new Set<string>();
  const seen = new Set<string>();

  for (const [key, entry] of Object.entries(json)) {
    if (METADATA_KEYS.has(key)) {
      skipped.metadata += 1;
      continue;
    }
    if (wanted && !wanted.has(key)) {
      skipped.notSelected += 1;
      continue;
    }
    found.add(key);
    if (!isRecord(entry)) {
      errors.push({ path: key, message: `expected a price entry object, got ${describe(entry)}` });
      continue;
    }
    const mode = entry['mode'];
    if (mode !== undefined && typeof mode !== 'string') {
      errors.push({
        path: `${key}.mode`,
        message: `must be a string such as "chat", got ${describe(mode)}`,
      });
      continue;
    }
    if (mode === undefined || !CHAT_MODES.includes(mode)) {
      skipped.nonChat += 1;
      continue;
    }
    const input = readPrice(entry, 'input_cost_per_token');
    const output = readPrice(entry, 'output_cost_per_token');
    const bad = [input, output].filter(
      (r): r is { ok: false; missing: false; message: string } => !r.ok && !r.missing,
    );
    if (bad.length > 0) {
      for (const b of bad) errors.push({ path: key, message: b.message });
      continue;
    }
    if (!input.ok || !output.ok) {
      skipped.noPrice += 1;
      continue;
    }
    const providerRaw = entry['litellm_provider'];
    const provider =
      typeof providerRaw === 'string'
        ? providerRaw
        : key.includes('/')
          ? key.slice(0, key.indexOf('/'))
          : '';
    const offer = buildOffer(key, provider, mode, entry, input.value, output.value);
    const fingerprint = `${offer.host}|${offer.hostJurisdiction}|${canonicalModelSlug(key)}|${offer.priceUsdPerMTokens.input}|${offer.priceUsdPerMTokens.output}`;
    if (seen.has(fingerprint)) {
      skipped.duplicate += 1;
      continue;
    }
    seen.add(fingerprint);
    offer.id = uniqueId(offer.id, takenIds);
    offers.push(offer);
  }

  if (wanted) {
    for (const key of wanted) {
      if (!found.has(key)) {
        errors.push({
          path: key,
          message: 'not found in the price file (keys are exact, e.g. "fireworks_ai/glm-5p2")',
        });
      }
    }
  }
  return { offers, skipped, errors };
}

function buildOffer(
  key: string,
  provider: string,
  mode: string,
  entry: Record<string, unknown>,
  inputUsdPerToken: number,
  outputUsdPerToken: number,
): CatalogOffer {
  const slug = canonicalModelSlug(key);
  const host = hostFor(provider, key);
  const lab = labFor(slug, host.info.firstPartyLab);
  const review: string[] = [];
  if (!host.known)
    review.push(`hostJurisdiction: unknown provider "${provider}"; set the host's jurisdiction`);
  if (!lab.known)
    review.push(`lab, labJurisdiction, openWeights: unknown model "${slug}"; set who made it`);
  const model = displayModelName(slug);
  const ownApi = host.info.firstPartyLab !== undefined && host.info.firstPartyLab === lab.info.lab;
  const id = slugify(ownApi ? slug : `${slug}-${host.info.slug}`);
  const known = qualityFor(key);
  if (!known) {
    review.push(
      'quality: not in the bundled quality table; give a capability index per axis, e.g. { "general": 50 }',
    );
  }
  const source: CatalogOffer['source'] = { key, provider, mode };
  const maxInput = entry['max_input_tokens'];
  if (typeof maxInput === 'number' && Number.isFinite(maxInput)) source.maxInputTokens = maxInput;
  const offer: CatalogOffer = {
    id,
    name: ownApi ? withLab(lab.info.lab, model) : `${model} via ${host.info.host}`,
    lab: lab.info.lab,
    model,
    host: host.info.host,
    kind: 'api',
    labJurisdiction: lab.info.labJurisdiction,
    hostJurisdiction: host.info.hostJurisdiction,
    openWeights: lab.info.openWeights,
    priceUsdPerMTokens: {
      input: perTokenToPerMillion(inputUsdPerToken),
      output: perTokenToPerMillion(outputUsdPerToken),
    },
    ...(known ? { quality: { ...known.quality } } : {}),
    ...(known && known.privateBenchmarkGapMonths > 0
      ? { privateBenchmarkGapMonths: known.privateBenchmarkGapMonths }
      : {}),
    review,
    source,
  };
  return offer;
}
