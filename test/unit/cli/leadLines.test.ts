import { describe, expect, it } from 'vitest';
import { leadLines, type LeadRow } from '../../../src/cli/leadLines';

const row = (setting: string, knn: number, extra: Partial<LeadRow> = {}): LeadRow => ({ dataset: 'fashion-mnist', setting, seed: 0, knn, tested: 4, ...extra });

describe('leadLines', () => {
  it('pairs runs of one seed by image: hits 1110 against 1000 differ on 2 of 4 images', () => {
    // d_j = [0, 1, 1, 0]: mean 0.5, variance 0.25, so the margin is 1.96 x sqrt(0.25 / 4) = 0.49.
    const lines = leadLines([row('Margin triplet', 0.25, { hits: '1000' }), row('NT-Xent', 0.75, { hits: '1110' })]);
    expect(lines).toEqual([
      'fashion-mnist: NT-Xent (kNN on h 75.0%) against each other setting, in points (± 95% from sampling 4 held-out images, paired by image):',
      '  Margin triplet: +50.0 ± 49.0, beyond sampling noise',
    ]);
  });

  it('takes rows without hits as independent, with the wider binomial margin', () => {
    // 1.96 x sqrt(0.75 x 0.25 / 4 x 2) = 0.600.
    const lines = leadLines([row('NT-Xent', 0.75), row('Margin triplet', 0.25)]);
    expect(lines[0]).toContain('as independent');
    expect(lines[1]).toBe('  Margin triplet: +50.0 ± 60.0, within sampling noise');
  });

  it('picks the best by the mean over seeds, and prints each other setting in first-seen order', () => {
    const lines = leadLines([
      row('A', 0.9, { seed: 0 }), row('A', 0.5, { seed: 1 }),
      row('B', 0.8, { seed: 0 }), row('B', 0.8, { seed: 1 }),
      row('C', 0.6, { seed: 0 }), row('C', 0.6, { seed: 1 }),
    ]);
    expect(lines[0]).toMatch(/^fashion-mnist: B \(kNN on h 80\.0%\)/);
    expect(lines.slice(1).map((l) => l.split(':')[0]!.trim())).toEqual(['A', 'C']);
    expect(lines[1]).toMatch(/^ {2}A: \+10\.0 ± /);
    expect(lines[2]).toMatch(/^ {2}C: \+20\.0 ± /);
  });

  it('writes one block per dataset and none for a dataset with a single setting', () => {
    const lines = leadLines([
      row('NT-Xent', 0.7), row('NT-Logistic', 0.6),
      row('NT-Xent', 0.5, { dataset: 'shapes' }),
    ]);
    expect(lines.filter((l) => !l.startsWith('  ')).map((l) => l.split(':')[0])).toEqual(['fashion-mnist']);
  });

  it('drops the margin and the verdict when a row has no held-out count', () => {
    const lines = leadLines([row('NT-Xent', 0.7, { tested: 0 }), row('NT-Logistic', 0.6, { tested: 0 })]);
    expect(lines[1]).toBe('  NT-Logistic: +10.0');
  });
});
