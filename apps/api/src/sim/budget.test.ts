import { validateScenario } from '@crosswind/schema';
import { describe, expect, it } from 'vitest';
import { smallScenario } from '../testing/fixtures.js';
import { memoizedEstimator } from './budget.js';

function scenario() {
  const v = validateScenario(smallScenario());
  if (!v.ok) throw new Error(JSON.stringify(v.issues));
  return v.scenario;
}

describe('memoizedEstimator', () => {
  it('answers a scenario seen before from memory, per runs and shards, keeping the most recent', () => {
    const estimates = memoizedEstimator(2);
    const s = scenario();
    const first = estimates('hash-a')(s, 100, 2);
    expect(first.ok).toBe(true);
    // The same answer object: nothing was compiled again.
    expect(estimates('hash-a')(s, 100, 2)).toBe(first);
    // Other runs or shards are other estimates, equal to computing afresh.
    const more = estimates('hash-a')(s, 200, 2);
    expect(more).not.toBe(first);
    expect(more.ok && first.ok && more.value.workUnits).toBeCloseTo(
      first.ok ? 2 * first.value.workUnits : NaN,
      -3,
    );
    // Size 2: a third key evicts the least recently used (100 runs was used before 200).
    estimates('hash-b')(s, 100, 2);
    expect(estimates('hash-a')(s, 200, 2)).toBe(more);
    expect(estimates('hash-a')(s, 100, 2)).not.toBe(first);
  });
});
