/**
 * Nearest neighbours of one image by cosine similarity of its features, on the
 * host (M x D with M a few thousand and D a few hundred is a millisecond or two).
 */

export interface Neighbours {
  /** Row indices of the nearest rows, most similar first (the query row itself excluded). */
  indices: Int32Array;
  /** Their cosine similarity to the query row, in [-1, 1]. */
  scores: Float32Array;
}

/**
 * The `k` rows most similar to row `index` by cosine similarity, excluding the
 * row itself; ties go to the lower index. A zero row has similarity 0 to every row.
 * @param features n x d row-major.
 */
export function nearestNeighbours(features: ArrayLike<number>, n: number, d: number, index: number, k: number): Neighbours {
  if (features.length !== n * d) throw new Error(`nearestNeighbours: ${features.length} values for ${n} x ${d}`);
  if (!Number.isInteger(index) || index < 0 || index >= n) throw new Error(`nearestNeighbours: index ${index} is outside 0..${n - 1}`);
  if (!Number.isInteger(k) || k < 1) throw new Error(`nearestNeighbours: k must be an integer >= 1, got ${k}`);
  const take = Math.min(k, n - 1);
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += features[i * d + j]! * features[i * d + j]!;
    norms[i] = Math.sqrt(s);
  }
  const q = index * d;
  const sims: { i: number; s: number }[] = [];
  for (let i = 0; i < n; i++) {
    if (i === index) continue;
    let dot = 0;
    for (let j = 0; j < d; j++) dot += features[q + j]! * features[i * d + j]!;
    const denom = norms[index]! * norms[i]!;
    sims.push({ i, s: denom > 0 ? dot / denom : 0 });
  }
  sims.sort((a, b) => b.s - a.s || a.i - b.i);
  const top = sims.slice(0, take);
  return { indices: Int32Array.from(top, (t) => t.i), scores: Float32Array.from(top, (t) => t.s) };
}
