/**
 * NT-Xent against PyTorch: every case of the golden file (SIMCLR_GOLDEN when set,
 * shared/golden/torch-reference.json otherwise), and proof that the comparison
 * catches a file whose numbers are off.
 */
import { describe, expect, it } from 'vitest';
import { loadGolden, type GoldenNtXentCase } from './load-golden';
import { checkNtXentCase } from './ntxent-checks';

const golden = loadGolden();

describe(`NT-Xent matches PyTorch (${golden.source})`, () => {
  it('has the cases the README describes', () => {
    expect(golden.ntxent.length).toBeGreaterThanOrEqual(6);
    expect(golden.ntxent.some((c) => c.grad_z)).toBe(true);
  });

  for (const c of golden.ntxent) {
    it(`case n=${c.n} d=${c.d} tau=${c.temperature}${c.note ? ` (${c.note})` : ''}`, async () => {
      expect(await checkNtXentCase(c)).toEqual([]);
    });
  }
});

describe('the golden comparison fails on numbers that are off', () => {
  const base = golden.ntxent.find((c) => c.grad_z && c.similarity && c.positive_first_logits && c.contrastive_accuracy !== undefined)!;
  const corruptions: [string, (c: GoldenNtXentCase) => void][] = [
    ['loss +0.1%', (c) => { c.loss *= 1.001; }],
    ['entropy +0.1%', (c) => { c.entropy *= 1.001; }],
    ['accuracy changed', (c) => { c.contrastive_accuracy = c.contrastive_accuracy! + 0.25; }],
    ['one similarity +1e-4', (c) => { c.similarity![3]! += 1e-4; }],
    ['one gradient entry +1e-3', (c) => { c.grad_z![5]! += 1e-3; }],
    ['one positive-first logit +1e-4', (c) => { c.positive_first_logits![1]! += 1e-4; }],
  ];
  for (const [name, corrupt] of corruptions) {
    it(name, async () => {
      const bad = structuredClone(base);
      corrupt(bad);
      expect((await checkNtXentCase(bad)).length).toBeGreaterThan(0);
    });
  }
});
