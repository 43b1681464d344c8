/**
 * Principal component analysis of a small feature matrix on the host, for the
 * 2-D map of embeddings: the covariance (D x D) and its leading eigenvectors by
 * power iteration with deflation. D is at most a few hundred here, so this is
 * milliseconds; no tfjs kernel is needed.
 */
export interface PcaResult {
  /** n x components, row-major: each row projected on the components. */
  projected: Float32Array;
  /** components x d, row-major, unit vectors. */
  components: Float32Array;
  /** Variance along each component. */
  variance: number[];
  /** Share of the total variance each component explains, in [0, 1]. */
  explained: number[];
}

/**
 * @param data n x d row-major.
 * @param components how many (2 for a map).
 */
export function pca(data: ArrayLike<number>, n: number, d: number, components = 2): PcaResult {
  if (data.length !== n * d) throw new Error(`pca: ${data.length} values for ${n} x ${d}`);
  if (n < 2) throw new Error(`pca: needs at least 2 rows, got ${n}`);
  const k = Math.min(components, d);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]! / n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = data[i * d + j]! - mean[j]!;
    for (let a = 0; a < d; a++) {
      const ra = row[a]!;
      if (ra === 0) continue;
      for (let b = a; b < d; b++) cov[a * d + b]! += ra * row[b]!;
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b]! /= n - 1;
      cov[b * d + a] = cov[a * d + b]!;
    }
  }
  let total = 0;
  for (let a = 0; a < d; a++) total += cov[a * d + a]!;
  const vectors = new Float32Array(k * d);
  const variance: number[] = [];
  for (let c = 0; c < k; c++) {
    const { vector, value } = leadingEigen(cov, d, c + 1);
    vectors.set(vector, c * d);
    variance.push(value);
    // deflate: cov -= value * v v^T
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a * d + b]! -= value * vector[a]! * vector[b]!;
  }
  const projected = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (data[i * d + j]! - mean[j]!) * vectors[c * d + j]!;
      projected[i * k + c] = s;
    }
  }
  return { projected, components: vectors, variance, explained: variance.map((v) => (total > 0 ? v / total : 0)) };
}

/** Largest eigenpair of a symmetric d x d matrix by power iteration from a fixed, seed-free start. */
function leadingEigen(m: Float64Array, d: number, salt: number): { vector: Float64Array; value: number } {
  let v = new Float64Array(d);
  for (let j = 0; j < d; j++) v[j] = 1 + ((j * 7919 + salt * 104729) % 997) / 997; // deterministic, not orthogonal to anything special
  normalise(v);
  let value = 0;
  for (let iter = 0; iter < 500; iter++) {
    const next = new Float64Array(d);
    for (let a = 0; a < d; a++) {
      let s = 0;
      for (let b = 0; b < d; b++) s += m[a * d + b]! * v[b]!;
      next[a] = s;
    }
    const norm = normalise(next);
    let change = 0;
    for (let j = 0; j < d; j++) change += Math.abs(Math.abs(next[j]!) - Math.abs(v[j]!));
    v = next;
    value = norm;
    if (norm === 0 || change < 1e-10) break;
  }
  // A sign convention so results are stable: the largest entry is positive.
  let big = 0;
  for (let j = 0; j < d; j++) if (Math.abs(v[j]!) > Math.abs(v[big]!)) big = j;
  if (v[big]! < 0) for (let j = 0; j < d; j++) v[j] = -v[j]!;
  return { vector: v, value };
}

function normalise(v: Float64Array): number {
  let s = 0;
  for (let j = 0; j < v.length; j++) s += v[j]! * v[j]!;
  const norm = Math.sqrt(s);
  if (norm > 0) for (let j = 0; j < v.length; j++) v[j]! /= norm;
  return norm;
}
