/**
 * Which held-out images a classifier got right, one character per image in
 * the split's order: '1' right, '0' wrong. A string stays compact in worker
 * messages, JSON downloads and the saved run (200 to 1000 characters a row),
 * and two rows with the same split can be compared image by image, which is
 * what a paired margin needs (margin.ts).
 */

/** '1' where predicted[i] equals truth[i], '0' elsewhere. */
export function hitString(predicted: ArrayLike<number>, truth: ArrayLike<number>): string {
  if (predicted.length !== truth.length) throw new Error(`hitString: ${predicted.length} predictions for ${truth.length} labels`);
  let out = '';
  for (let i = 0; i < truth.length; i++) out += predicted[i] === truth[i] ? '1' : '0';
  return out;
}

/** Whether image `i` was got right ('1'). */
export function isHit(hits: string, i: number): boolean {
  return hits.charCodeAt(i) === 49;
}

/** The share of '1's: the accuracy the string records (NaN when empty). */
export function hitRate(hits: string): number {
  if (hits.length === 0) return Number.NaN;
  let right = 0;
  for (let i = 0; i < hits.length; i++) if (isHit(hits, i)) right++;
  return right / hits.length;
}
