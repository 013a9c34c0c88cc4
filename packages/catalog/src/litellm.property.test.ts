import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importLiteLLM } from './litellm.js';

const entryArb = fc.oneof(
  fc.anything(),
  fc.record(
    {
      mode: fc.oneof(fc.constantFrom('chat', 'responses', 'embedding'), fc.anything()),
      litellm_provider: fc.oneof(
        fc.constantFrom('openai', 'fireworks_ai', 'zai', 'acme'),
        fc.anything(),
      ),
      input_cost_per_token: fc.oneof(fc.double(), fc.anything()),
      output_cost_per_token: fc.oneof(fc.double(), fc.anything()),
    },
    { requiredKeys: [] },
  ),
);

describe('importLiteLLM never throws', () => {
  it('on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const r = importLiteLLM(json);
        expect(Array.isArray(r.offers)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('on any object of entries, accounting for every key exactly once', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 30 }), entryArb, { maxKeys: 20 }),
        (json) => {
          const r = importLiteLLM(json);
          const s = r.skipped;
          const counted =
            r.offers.length + s.nonChat + s.noPrice + s.duplicate + s.metadata + s.notSelected;
          const malformed = new Set(r.errors.map((e) => e.path.replace(/\.mode$/, ''))).size;
          expect(counted + malformed).toBe(Object.keys(json).length);
          for (const o of r.offers) {
            expect(o.id).toMatch(/^[a-z0-9][a-z0-9._-]{0,63}$/);
            expect(
              Number.isFinite(o.priceUsdPerMTokens.input) && o.priceUsdPerMTokens.input >= 0,
            ).toBe(true);
            expect(
              Number.isFinite(o.priceUsdPerMTokens.output) && o.priceUsdPerMTokens.output >= 0,
            ).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
