import { describe, expect, it } from 'vitest';
import {
  openStream,
  poissonTable,
  sampleGamma,
  samplePoisson,
  samplePoissonTable,
  standardNormal,
  streamKey,
} from './random/index.js';

/**
 * Distribution tests of the hand-written samplers (docs/model.md 4.10): the draws against the
 * exact distribution. Seeds are fixed, so each test is deterministic; the bounds are the
 * tests' critical values at a level of 1e-4 or less, so a correct sampler would fail one with
 * about that probability under a fresh seed, and a wrong shape (a missing wedge or tail of the
 * ziggurat, an off-by-one table, a biased gamma boost) fails by far.
 */

const N = 200_000;

function draws(process: string, n: number, draw: (rng: ReturnType<typeof openStream>) => number) {
  const rng = openStream(streamKey(1234, process, 'test'), 0);
  return Float64Array.from({ length: n }, () => draw(rng));
}

/** Standard normal CDF by the complementary error function (Numerical Recipes' erfc, 1.2e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t *
                              (-1.13520398 +
                                t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** Kolmogorov-Smirnov distance between a sample and a continuous CDF. */
function ksDistance(sample: Float64Array, cdf: (x: number) => number): number {
  const sorted = Float64Array.from(sample).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i] ?? 0);
    d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
  }
  return d;
}

/** KS critical value at level 1e-4: sqrt(-ln(alpha / 2) / 2) / sqrt(n). */
const ksBound = (n: number) => Math.sqrt(-Math.log(0.5e-4) / 2) / Math.sqrt(n);

function moments(sample: Float64Array): { mean: number; variance: number } {
  let sum = 0;
  for (const x of sample) sum += x;
  const mean = sum / sample.length;
  let ss = 0;
  for (const x of sample) ss += (x - mean) ** 2;
  return { mean, variance: ss / (sample.length - 1) };
}

/** |estimate - exact| within 4.5 standard errors (two-sided level about 7e-6). */
function expectWithin(estimate: number, exact: number, se: number, label: string): void {
  expect(Math.abs(estimate - exact) / se, `${label}: ${estimate} vs ${exact}`).toBeLessThan(4.5);
}

describe('ziggurat normal', () => {
  const z = draws('normal', N, standardNormal);

  it('matches the normal CDF (Kolmogorov-Smirnov)', () => {
    expect(ksDistance(z, normalCdf)).toBeLessThan(ksBound(N));
  });

  it('has mean 0, variance 1, and the right mass in the wedges and beyond the tail cut R = 3.44', () => {
    const { mean, variance } = moments(z);
    expectWithin(mean, 0, Math.sqrt(1 / N), 'mean');
    // Var of the sample variance of a normal: 2 / (n - 1).
    expectWithin(variance, 1, Math.sqrt(2 / (N - 1)), 'variance');
    // Tail beyond R (sampled by the exponential rejection, a separate code path) and beyond 2.
    for (const cut of [2, 3.442619855899, 4]) {
      const exact = 2 * (1 - normalCdf(cut));
      const share = z.filter((x) => Math.abs(x) > cut).length / N;
      expectWithin(share, exact, Math.sqrt((exact * (1 - exact)) / N), `P(|Z| > ${cut})`);
    }
  });

  it('samples the tail beyond R (its own code path) with the normal tail distribution', () => {
    // 2M draws give about 1,200 beyond R; given |Z| > R, P(|Z| > R + y) = Q(R + y) / Q(R).
    const R = 3.442619855899;
    const rng = openStream(streamKey(1234, 'normal-tail', 'test'), 0);
    const tail: number[] = [];
    for (let i = 0; i < 2_000_000; i++) {
      const x = Math.abs(standardNormal(rng));
      if (x > R) tail.push(x);
    }
    const q = (x: number) => 1 - normalCdf(x);
    const sample = Float64Array.from(tail);
    expect(sample.length).toBeGreaterThan(1000);
    expect(ksDistance(sample, (x) => 1 - q(x) / q(R))).toBeLessThan(ksBound(sample.length));
  });
});

describe('gamma (Marsaglia-Tsang, with the boost for shape < 1)', () => {
  it.each([0.3, 0.5, 1, 2.5, 9])('shape %s: mean k theta and variance k theta^2', (shape) => {
    const scale = 1.7;
    const g = draws(`gamma-${shape}`, N, (rng) => sampleGamma(rng, shape, scale));
    const { mean, variance } = moments(g);
    const exactMean = shape * scale;
    const exactVar = shape * scale * scale;
    expectWithin(mean, exactMean, Math.sqrt(exactVar / N), 'mean');
    // Var of the sample variance: (mu4 - sigma^4) / n with mu4 = 3 k (k + 2) theta^4 for a gamma.
    const mu4 = 3 * shape * (shape + 2) * scale ** 4;
    expectWithin(variance, exactVar, Math.sqrt((mu4 - exactVar ** 2) / N), 'variance');
    expect(g.every((x) => x > 0)).toBe(true);
  });

  it.each([1, 2, 3])('shape %s matches the Erlang CDF (Kolmogorov-Smirnov)', (shape) => {
    const g = draws(`erlang-${shape}`, N, (rng) => sampleGamma(rng, shape, 1));
    const erlang = (x: number) => {
      let term = 1;
      let sum = 1;
      for (let k = 1; k < shape; k++) {
        term *= x / k;
        sum += term;
      }
      return 1 - Math.exp(-x) * sum;
    };
    expect(ksDistance(g, erlang)).toBeLessThan(ksBound(N));
  });
});

describe('Poisson tables', () => {
  function pmf(lambda: number, k: number): number {
    let p = Math.exp(-lambda);
    for (let i = 1; i <= k; i++) p *= lambda / i;
    return p;
  }

  it.each([0.06, 0.5, 5.5, 12, 29.5])(
    'lambda %s: the table is the CDF and the draws fit the pmf (chi-square)',
    (lambda) => {
      const table = poissonTable(lambda);
      if (!table) throw new Error('no table');
      // The table is P(N <= k), accurate to rounding.
      let cdf = 0;
      for (let k = 0; k < Math.min(table.length, 80); k++) {
        cdf += pmf(lambda, k);
        expect(Math.abs((table[k] ?? 0) - cdf)).toBeLessThan(1e-12);
      }
      const counts = new Map<number, number>();
      const rng = openStream(streamKey(99, 'poisson', String(lambda)), 0);
      for (let i = 0; i < N; i++) {
        const k = samplePoissonTable(rng, table);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      // Cells with an expected count of at least 20, the rest pooled into the two tails.
      const mean = lambda;
      let lo = Math.floor(mean);
      let hi = lo;
      while (lo > 0 && N * pmf(lambda, lo - 1) >= 20) lo--;
      while (N * pmf(lambda, hi + 1) >= 20) hi++;
      let chi2 = 0;
      let cells = 0;
      let below = 0;
      let above = 0;
      for (const [k, c] of counts) {
        if (k < lo) below += c;
        else if (k > hi) above += c;
      }
      const expectBelow = N * (lo > 0 ? (table[lo - 1] ?? 0) : 0);
      const expectAbove = N * (1 - (table[hi] ?? 1));
      for (let k = lo; k <= hi; k++) {
        const e = N * pmf(lambda, k);
        chi2 += ((counts.get(k) ?? 0) - e) ** 2 / e;
        cells++;
      }
      for (const [o, e] of [
        [below, expectBelow],
        [above, expectAbove],
      ] as const) {
        if (e >= 5) {
          chi2 += (o - e) ** 2 / e;
          cells++;
        }
      }
      // Chi-square with df = cells - 1 at level 1e-4: below df + 5.5 sqrt(2 df) + 10.
      const df = cells - 1;
      expect(chi2).toBeLessThan(df + 5.5 * Math.sqrt(2 * df) + 10);
    },
  );

  it('samplePoisson above 30 (normal approximation) keeps the mean and variance of Poisson', () => {
    const lambda = 45;
    const x = draws('poisson-normal', N, (rng) => samplePoisson(rng, lambda));
    const { mean, variance } = moments(x);
    expectWithin(mean, lambda, Math.sqrt(lambda / N), 'mean');
    // Rounding to integers adds 1/12 to the variance of the normal.
    expectWithin(variance, lambda + 1 / 12, lambda * Math.sqrt(2 / N), 'variance');
  });
});
