/**
 * The held-out sampling margin (core/eval/margin.ts) against the binomial
 * formula worked by hand, and against a simulation: accuracies drawn as
 * binomial counts land inside the margin about 95% of the time.
 */
import { describe, expect, it } from 'vitest';
import { changeTerms, differenceTerms, meanTerms, measuredRun, samplingMargin, Z95 } from '../../../src/core/eval/margin';
import { hitRate, hitString } from '../../../src/core/eval/hits';
import { Rng } from '../../../src/core/random';

describe('samplingMargin', () => {
  it('is 1.96 sqrt(a(1 - a)/n) for one accuracy: 70% on 200 images is 6.35 points', () => {
    expect(samplingMargin([{ weight: 1, accuracy: 0.7, tested: 200 }])).toBeCloseTo(0.06351, 4);
    // No spread at 0% or 100%, the widest at 50%.
    expect(samplingMargin([{ weight: 1, accuracy: 1, tested: 200 }])).toBe(0);
    expect(samplingMargin([{ weight: 1, accuracy: 0.5, tested: 100 }])).toBeCloseTo(Z95 * 0.05, 10);
  });

  it('adds variances: a difference of two is sqrt(2) wider, whatever its sign', () => {
    const one = samplingMargin([{ weight: 1, accuracy: 0.7, tested: 200 }]);
    const diff = samplingMargin(differenceTerms([{ accuracy: 0.7, tested: 200 }], [{ accuracy: 0.7, tested: 200 }]));
    expect(diff).toBeCloseTo(one * Math.SQRT2, 10);
    expect(samplingMargin(differenceTerms([{ accuracy: 0.3, tested: 200 }], [{ accuracy: 0.5, tested: 200 }]))).toBeCloseTo(0.094, 3);
  });

  it('narrows with the runs averaged: the mean of 4 runs on 200 images each is one run on 800', () => {
    const runs = [0, 1, 2, 3].map(() => ({ accuracy: 0.7, tested: 200 }));
    expect(samplingMargin(meanTerms(runs))).toBeCloseTo(samplingMargin([{ weight: 1, accuracy: 0.7, tested: 800 }]), 10);
  });

  it('weighs the change of a lead between two lengths +1, -1, -1, +1', () => {
    const at = (a: number) => [{ accuracy: a, tested: 200 }];
    const terms = changeTerms({ a: at(0.5), b: at(0.3) }, { a: at(0.65), b: at(0.6) });
    expect(terms.map((t) => [t.weight, t.accuracy])).toEqual([[1, 0.65], [-1, 0.6], [-1, 0.5], [1, 0.3]]);
    expect(samplingMargin(terms)).toBeCloseTo(0.1335, 4);
  });

  it('is NaN when a run did not record its held-out count, or there is nothing to measure', () => {
    expect(samplingMargin([])).toBeNaN();
    expect(samplingMargin([{ weight: 1, accuracy: 0.7, tested: undefined }])).toBeNaN();
    expect(samplingMargin([{ weight: 1, accuracy: 0.7, tested: 0 }])).toBeNaN();
    expect(samplingMargin([{ weight: 1, accuracy: Number.NaN, tested: 200 }])).toBeNaN();
  });

  it('holds about 95% of simulated differences of two binomial accuracies', () => {
    const rng = new Rng(7);
    const n = 200;
    const [pa, pb] = [0.72, 0.66];
    const margin = samplingMargin(differenceTerms([{ accuracy: pa, tested: n }], [{ accuracy: pb, tested: n }]));
    const draw = (p: number) => {
      let correct = 0;
      for (let i = 0; i < n; i++) if (rng.uniform() < p) correct++;
      return correct / n;
    };
    const trials = 2000;
    let inside = 0;
    for (let t = 0; t < trials; t++) if (Math.abs(draw(pa) - draw(pb) - (pa - pb)) <= margin) inside++;
    // 95% of 2000 is 1900 with a binomial spread of about 10; the normal approximation is close at n = 200.
    expect(inside / trials).toBeGreaterThan(0.93);
    expect(inside / trials).toBeLessThan(0.97);
  });
});

/** Hits of `n` images: '1' at the given indices. */
function hitsAt(n: number, right: Iterable<number>): string {
  const x = new Array<string>(n).fill('0');
  for (const i of right) x[i] = '1';
  return x.join('');
}
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

describe('paired margins (runs scored on the same held-out images)', () => {
  it('are 0 for a difference of two runs that got the same images right, where the unpaired formula says ±9', () => {
    const hits = hitsAt(200, range(0, 140));
    const a = { accuracy: 0.7, tested: 200, hits, pairKey: 'shapes/seed 0' };
    expect(samplingMargin(differenceTerms([a], [{ ...a }]))).toBe(0);
    expect(samplingMargin(differenceTerms([{ accuracy: 0.7, tested: 200 }], [{ accuracy: 0.7, tested: 200 }]))).toBeCloseTo(0.0898, 3);
  });

  it('come from the images the two runs disagree on: 10 against 4 of 200 is +3.0 ± 3.6 points', () => {
    // Both right on images 0..129; A alone on 130..139, B alone on 140..143.
    const a = { accuracy: 0.7, tested: 200, hits: hitsAt(200, range(0, 140)), pairKey: 'k' };
    const b = { accuracy: 0.67, tested: 200, hits: hitsAt(200, [...range(0, 130), ...range(140, 144)]), pairKey: 'k' };
    // d_j is +1 on 10 images, -1 on 4, 0 elsewhere: mean 0.03, variance 14/200 - 0.03^2; margin 1.96 sqrt(0.0691 / 200).
    expect(samplingMargin(differenceTerms([a], [b]))).toBeCloseTo(Z95 * Math.sqrt((14 / 200 - 0.03 ** 2) / 200), 12);
    expect(samplingMargin(differenceTerms([a], [b]))).toBeCloseTo(0.0364, 3);
  });

  it('match the binomial formula for one run, and for runs on different splits or without hits', () => {
    const one = { accuracy: 0.7, tested: 200, hits: hitsAt(200, range(0, 140)), pairKey: 'a' };
    const unpaired = samplingMargin([{ weight: 1, accuracy: 0.7, tested: 200 }]);
    expect(samplingMargin([{ ...one, weight: 1 }])).toBeCloseTo(unpaired, 12);
    const other = { ...one, pairKey: 'b' };
    const independent = samplingMargin(differenceTerms([{ accuracy: 0.7, tested: 200 }], [{ accuracy: 0.7, tested: 200 }]));
    expect(samplingMargin(differenceTerms([one], [other]))).toBeCloseTo(independent, 12);
    // Hits that do not match the count are not trusted.
    expect(samplingMargin(differenceTerms([one], [{ ...one, hits: '1101' }]))).toBeCloseTo(independent, 12);
  });

  it('pair rows of one dataset and seed', () => {
    const row = { dataset: 'shapes', seed: 2, tested: 4, hits: '1101' };
    expect(measuredRun(row, 0.75)).toEqual({ accuracy: 0.75, tested: 4, hits: '1101', pairKey: 'shapes/seed 2' });
    expect(measuredRun({ ...row, seed: 3 }, 0.75).pairKey).not.toBe(measuredRun(row, 0.75).pairKey);
  });
});

describe('hit strings', () => {
  it("write '1' where the prediction is right, and read back the accuracy", () => {
    expect(hitString([0, 2, 1, 1], Int32Array.from([0, 1, 1, 0]))).toBe('1010');
    expect(hitRate('1010')).toBe(0.5);
    expect(hitRate('')).toBeNaN();
    expect(() => hitString([0], [0, 1])).toThrow(/1 predictions for 2 labels/);
  });
});

