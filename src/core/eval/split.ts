import { Rng } from '../random';

/** Indices of a labelled dataset split into training and held-out parts. */
export interface Split {
  train: Int32Array;
  test: Int32Array;
}

/**
 * A seeded split that keeps each class's share: from every class, a
 * `testFraction` of its images (at least one when the class has two or more)
 * go to the held-out part.
 * @param labels class index per image.
 */
export function stratifiedSplit(labels: ArrayLike<number>, testFraction: number, seed: number): Split {
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`stratifiedSplit: testFraction must be in (0, 1), got ${testFraction}`);
  const rng = new Rng(seed);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]!) ?? [];
    list.push(i);
    byClass.set(labels[i]!, list);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const cls of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = byClass.get(cls)!;
    const order = rng.permutation(members.length).map((j) => members[j]!);
    const held = members.length >= 2 ? Math.max(1, Math.round(members.length * testFraction)) : 0;
    test.push(...order.slice(0, held));
    train.push(...order.slice(held));
  }
  return { train: Int32Array.from(train.sort((a, b) => a - b)), test: Int32Array.from(test.sort((a, b) => a - b)) };
}
