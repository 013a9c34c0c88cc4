/**
 * Capability indices (0-100, like the Artificial Analysis index) for the well-known models of
 * docs/model.md section 9, per task axis. Prices come from price files; capability is a judgement,
 * so only these few are bundled and every other model needs quality from the user.
 * `privateBenchmarkGapMonths` is the CN-lab gap of docs/model.md section 9 [C].
 */
export interface QualityEntry {
  quality: Record<string, number>;
  privateBenchmarkGapMonths: number;
  source: string;
}

const SECTION_8 = 'docs/model.md section 9 (June 2026)';

/** Keyed by canonical model slug (see `canonicalModelSlug`). */
export const qualityTable: Readonly<Record<string, QualityEntry>> = {
  'claude-fable-5': {
    quality: { general: 59.9, coding: 76.5 },
    privateBenchmarkGapMonths: 0,
    source: SECTION_8,
  },
  'gpt-5.5': {
    quality: { general: 54.8, coding: 74.9 },
    privateBenchmarkGapMonths: 0,
    source: SECTION_8,
  },
  'gemini-3.1-pro': {
    quality: { general: 46.5, coding: 68.8 },
    privateBenchmarkGapMonths: 0,
    source: SECTION_8,
  },
  'glm-5.2': {
    quality: { general: 51.1, coding: 68.8 },
    privateBenchmarkGapMonths: 4,
    source: SECTION_8,
  },
  'deepseek-v4-pro': {
    quality: { general: 44.3, coding: 59.4 },
    privateBenchmarkGapMonths: 4,
    source: SECTION_8,
  },
  'kimi-k2.6': {
    quality: { general: 42.8, coding: 56 },
    privateBenchmarkGapMonths: 4,
    source: SECTION_8,
  },
};

/**
 * The model part of a LiteLLM key, normalised so that one model served by several providers
 * gets one slug: provider prefixes, geo prefixes, dates and `-preview` are dropped, and
 * Fireworks' `5p2` spelling becomes `5.2`.
 * @example
 * canonicalModelSlug('fireworks_ai/accounts/fireworks/models/kimi-k2p6'); // 'kimi-k2.6'
 * canonicalModelSlug('gemini/gemini-3.1-pro-preview'); // 'gemini-3.1-pro'
 */
export function canonicalModelSlug(key: string): string {
  const tail = key.slice(key.lastIndexOf('/') + 1).toLowerCase();
  return tail
    .replace(/^(us|eu|au|jp|apac|global|us-gov)\./, '')
    .replace(/^[a-z0-9]+\.(?=[a-z])/, '')
    .replace(/:\d+$/, '')
    .replace(/(\d)p(\d)/g, '$1.$2')
    .replace(/-20\d{2}-?\d{2}-?\d{2}$/, '')
    .replace(/-preview$/, '');
}

/**
 * Bundled quality for a LiteLLM key, or undefined when the model is not in the table.
 * @example
 * qualityFor('deepseek/deepseek-v4-pro')?.quality; // { general: 44.3, coding: 59.4 }
 */
export function qualityFor(key: string): QualityEntry | undefined {
  const slug = canonicalModelSlug(key);
  return Object.hasOwn(qualityTable, slug) ? qualityTable[slug] : undefined;
}
