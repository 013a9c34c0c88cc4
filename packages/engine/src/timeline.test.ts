import { describe, expect, it } from 'vitest';
import { MAX_TIMELINE_EVENTS, simulate } from './index.js';
import { idealOffer, singleRoute, testScenario } from './test-scenarios.js';

describe('sample-run timelines', () => {
  it('keep at most MAX_TIMELINE_EVENTS events, count them all and say they were truncated', () => {
    // 20 offers in use, each down every month (one outage event per offer and month) over
    // 36 months: 720 events.
    const outages = { ratePerMonth: 50, durationHours: { mu: 0, sigma: 0.5 } };
    const offers = Array.from({ length: 20 }, (_, i) => idealOffer(`o${i}`, { outages }));
    const scenario = testScenario({
      horizonMonths: 36,
      offers,
      strategies: [
        {
          id: 's',
          name: 'Split',
          routes: [{ primary: offers.map((o) => ({ offer: o.id, weight: 0.05 })), fallbacks: [] }],
        },
      ],
    });
    const r = simulate(scenario, { runs: 2 });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const [sample] = r.value.samples;
    expect(sample?.events).toHaveLength(MAX_TIMELINE_EVENTS);
    expect(sample?.truncated).toBe(true);
    expect(sample?.eventCount).toBe(720);
    // The kept part is the start of the run, in month order.
    const months = sample?.events.map((e) => e.month) ?? [];
    expect(months).toEqual([...months].sort((x, y) => x - y));
    expect(months[0]).toBe(0);
  });

  it('are whole when the run has fewer events', () => {
    const scenario = testScenario({
      offers: [
        idealOffer('a', { outages: { ratePerMonth: 1, durationHours: { mu: 0, sigma: 0.5 } } }),
      ],
      strategies: [singleRoute('s', 'a')],
    });
    const r = simulate(scenario, { runs: 1 });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const [sample] = r.value.samples;
    expect(sample?.truncated).toBe(false);
    expect(sample?.eventCount).toBe(sample?.events.length);
  });
});
