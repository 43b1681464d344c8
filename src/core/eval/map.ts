/**
 * A 2-D map of embeddings for the page: a seeded sample of at most `maxPoints`
 * rows (stratified by class when labelled, so small classes stay visible),
 * laid out by PCA or UMAP. Host-only and DOM-free.
 */
import { Rng } from '../random';
import { pca } from './pca';
import { createUmap, type UmapOptions } from './umap';

export type MapMethod = 'pca' | 'umap';

/** Points a map shows unless asked otherwise (UMAP of 1000 points stays around a second). */
export const DEFAULT_MAP_POINTS = 1000;

/**
 * Indices (ascending) of a seeded sample of `maxPoints` of `n` rows, or all of
 * them when n <= maxPoints. With labels, each class keeps its share (largest
 * remainder rounding); rows with a negative label count as one more class.
 */
export function samplePoints(n: number, maxPoints: number, seed: number, labels?: ArrayLike<number>): Int32Array {
  if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new Error(`samplePoints: maxPoints must be an integer >= 1, got ${maxPoints}`);
  if (n <= maxPoints) return Int32Array.from({ length: n }, (_, i) => i);
  const rng = new Rng(seed);
  if (!labels || labels.length !== n) return Int32Array.from(rng.permutation(n).slice(0, maxPoints)).sort();
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = labels[i]! >= 0 ? labels[i]! : -1;
    const list = groups.get(key) ?? [];
    list.push(i);
    groups.set(key, list);
  }
  const keys = [...groups.keys()].sort((a, b) => a - b);
  const quota = keys.map((k) => (groups.get(k)!.length * maxPoints) / n);
  const take = quota.map(Math.floor);
  let left = maxPoints - take.reduce((s, t) => s + t, 0);
  const byRemainder = keys.map((_, i) => i).sort((a, b) => (quota[b]! - take[b]!) - (quota[a]! - take[a]!) || a - b);
  for (const i of byRemainder) {
    if (left <= 0) break;
    take[i]!++;
    left--;
  }
  const out: number[] = [];
  keys.forEach((k, i) => {
    const members = groups.get(k)!;
    for (const j of rng.permutation(members.length).slice(0, take[i]!)) out.push(members[j]!);
  });
  return Int32Array.from(out).sort();
}

export interface MapOptions {
  method: MapMethod;
  seed: number;
  /** At most this many points (a seeded sample); default 1000. */
  maxPoints?: number;
  /** Class per row, for a stratified sample. */
  labels?: ArrayLike<number>;
  /** UMAP settings besides the seed. */
  umap?: Omit<UmapOptions, 'seed'>;
  /** Called between slices of the UMAP optimisation (e.g. a yield to the event loop). */
  pause?: () => Promise<void>;
}

export interface EmbeddingMap {
  /** count x 2 coordinates, row-major. */
  points: Float32Array;
  /** Row of `features` each point is. */
  indices: Int32Array;
}

/**
 * Lays out (a sample of) the rows of `features` (n x d row-major) in 2-D:
 * PCA's first two components, or UMAP.
 */
export async function embeddingMap(features: ArrayLike<number>, n: number, d: number, options: MapOptions): Promise<EmbeddingMap> {
  if (features.length !== n * d) throw new Error(`embeddingMap: ${features.length} values for ${n} x ${d}`);
  const indices = samplePoints(n, options.maxPoints ?? DEFAULT_MAP_POINTS, options.seed, options.labels);
  const m = indices.length;
  const rows = new Float32Array(m * d);
  indices.forEach((row, i) => {
    for (let j = 0; j < d; j++) rows[i * d + j] = features[row * d + j]!;
  });
  let points: Float32Array;
  if (m < 2) {
    points = new Float32Array(2 * m);
  } else if (options.method === 'pca') {
    const { projected } = pca(rows, m, d, 2);
    const k = projected.length / m;
    points = new Float32Array(2 * m);
    for (let i = 0; i < m; i++) for (let c = 0; c < Math.min(2, k); c++) points[2 * i + c] = projected[i * k + c]!;
  } else {
    const run = createUmap(rows, m, d, { ...options.umap, seed: options.seed });
    while (!run.step(25)) if (options.pause) await options.pause();
    points = run.result();
  }
  return { points, indices };
}
