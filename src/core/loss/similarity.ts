import * as tf from '@tensorflow/tfjs-core';

/**
 * Rows of `z` scaled to unit length: z / max(|z|, 1e-12), as PyTorch's F.normalize.
 * @param z [M, D] embeddings.
 * @returns [M, D] unit rows (a zero row stays zero).
 */
export function l2NormalizeRows(z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const norm = tf.sqrt(tf.sum(tf.square(z), 1, true));
    return tf.div(z, tf.maximum(norm, 1e-12)) as tf.Tensor2D;
  });
}

/**
 * Pairwise similarity of all rows: sim(u, v) = u.v / (|u| |v|) when `normalize`
 * (cosine, in [-1, 1]); the plain dot product u.v otherwise (paper Table 5,
 * "without l2 normalisation").
 * @param z [2N, D] embeddings of the 2N views.
 * @returns [2N, 2N] symmetric matrix; the diagonal is 1 for cosine.
 */
export function similarityMatrix(z: tf.Tensor2D, normalize = true): tf.Tensor2D {
  return tf.tidy(() => {
    const u = normalize ? l2NormalizeRows(z) : z;
    return tf.matMul(u, u, false, true);
  });
}

/**
 * The row of each anchor's positive: views k and k+N are the two views of image k,
 * so the positive of row k is (k + N) mod 2N.
 */
export function positiveIndex(row: number, twoN: number): number {
  return (row + twoN / 2) % twoN;
}

/**
 * The views in positive order: row k of the result is row (k + N) mod 2N of `z`,
 * i.e. the two halves swapped. `sum(z * swapViews(z), 1)` gives each anchor's
 * positive dot product without a gather.
 * @param z [2N, D]
 * @returns [2N, D]
 */
export function swapViews<T extends tf.Tensor>(z: T): T {
  return tf.tidy(() => {
    const [first, second] = tf.split(z, 2, 0);
    return tf.concat([second!, first!], 0) as T;
  });
}

/** Checks that `z` is a [2N, D] batch with N >= 1 and a positive temperature; names the bad argument. */
export function assertPairedBatch(z: tf.Tensor, temperature: number, where: string): void {
  if (z.rank !== 2) throw new Error(`${where}: z must be a 2-D tensor [2N, D], got shape [${z.shape.join(', ')}]`);
  const rows = z.shape[0]!;
  if (rows < 2 || rows % 2 !== 0) {
    throw new Error(`${where}: z must have an even number of rows 2N >= 2 (two views per image), got ${rows}`);
  }
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new Error(`${where}: temperature must be a finite number > 0, got ${temperature}`);
  }
}
