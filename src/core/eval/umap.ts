/**
 * UMAP (McInnes et al. 2018) of a feature matrix to 2-D with the maintained
 * `umap-js` package, made deterministic: every random draw comes from the
 * project's seeded `Rng`, so the same features and seed give the same map.
 * Rows are l2-normalised first (Euclidean distance of unit rows is monotone in
 * cosine similarity, the geometry kNN and the loss use). DOM-free.
 */
import { UMAP } from 'umap-js';
import { Rng } from '../random';
import { pca } from './pca';

export interface UmapOptions {
  seed: number;
  /** Size of each point's neighbourhood (umap-js: 15); capped at n - 1. */
  nNeighbors?: number;
  /** How tightly points may pack (umap-js: 0.1). */
  minDist?: number;
  /** Optimisation epochs; 0 or absent picks by size (150 for 1000 points; 100 to 300). */
  nEpochs?: number;
  /** Compare rows by cosine (normalise them first; default) or by raw Euclidean distance. */
  metric?: 'cosine' | 'euclidean';
}

/**
 * Epochs of the layout optimisation when not given: about 150,000 point-epochs
 * (150 for 1000 points, about a second on one core), at least 100 and at most 300.
 */
function defaultEpochs(n: number): number {
  return Math.max(100, Math.min(300, Math.round(150_000 / n)));
}

/** Above this many points the neighbour graph comes from umap-js's approximate search, below it from an exact one. */
const EXACT_KNN_MAX = 5000;

/**
 * Prepares a UMAP of `data` (n x d row-major); the returned object runs the
 * layout epoch by epoch so a caller can yield between slices.
 */
export function createUmap(data: ArrayLike<number>, n: number, d: number, options: UmapOptions): UmapRun {
  if (data.length !== n * d) throw new Error(`umap: ${data.length} values for ${n} x ${d}`);
  if (n < 2) throw new Error(`umap: needs at least 2 rows, got ${n}`);
  return new UmapRun(data, n, d, options);
}

/** One UMAP layout in progress. */
export class UmapRun {
  /** Total epochs; `step` runs some of them. */
  readonly epochs: number;
  private readonly umap?: UMAP;
  private done = 0;
  private readonly fallback?: Float32Array;

  constructor(data: ArrayLike<number>, private readonly n: number, d: number, options: UmapOptions) {
    // umap-js needs more points than neighbours and a neighbour graph worth the name;
    // a handful of points gets PCA instead (the picture is the same at that size).
    if (n < 5) {
      this.fallback = smallMap(data, n, d);
      this.epochs = 0;
      return;
    }
    const rng = new Rng(options.seed);
    const rows = toRows(data, n, d, (options.metric ?? 'cosine') === 'cosine');
    const nNeighbors = Math.max(2, Math.min(options.nNeighbors ?? 15, n - 1));
    this.umap = new UMAP({
      nComponents: 2,
      nNeighbors,
      minDist: options.minDist ?? 0.1,
      nEpochs: options.nEpochs && options.nEpochs > 0 ? options.nEpochs : defaultEpochs(n),
      random: () => rng.uniform(),
    });
    if (n <= EXACT_KNN_MAX) {
      const { indices, distances } = exactKnn(rows, nNeighbors);
      this.umap.setPrecomputedKNN(indices, distances);
    }
    this.epochs = this.umap.initializeFit(rows);
  }

  /** Runs up to `count` more epochs; true when the layout is finished. */
  step(count = Number.POSITIVE_INFINITY): boolean {
    if (!this.umap) return true;
    for (let i = 0; i < count && this.done < this.epochs; i++) {
      this.umap.step();
      this.done++;
    }
    return this.done >= this.epochs;
  }

  /** n x 2 coordinates, row-major (finishes the layout first). */
  result(): Float32Array {
    if (this.fallback) return this.fallback;
    this.step();
    const out = new Float32Array(this.n * 2);
    this.umap!.getEmbedding().forEach((p, i) => {
      out[2 * i] = p[0]!;
      out[2 * i + 1] = p[1]!;
    });
    return out;
  }
}

/** UMAP of `data` (n x d row-major) to n x 2, row-major, in one go. */
export function umap2d(data: ArrayLike<number>, n: number, d: number, options: UmapOptions): Float32Array {
  return createUmap(data, n, d, options).result();
}

/** Like `umap2d`, calling `pause` (e.g. a yield to the event loop) every `slice` epochs. */
export async function umap2dAsync(
  data: ArrayLike<number>, n: number, d: number, options: UmapOptions,
  pause: () => Promise<void>, slice = 25,
): Promise<Float32Array> {
  const run = createUmap(data, n, d, options);
  while (!run.step(slice)) await pause();
  return run.result();
}

/**
 * Each row's `k` nearest rows by Euclidean distance, itself first (distance 0),
 * as umap-js's own search returns them; ties go to the lower index. Exact and
 * faster than the approximate search at playground sizes (n^2 d / 2 products).
 */
export function exactKnn(rows: number[][], k: number): { indices: number[][]; distances: number[][] } {
  const n = rows.length;
  const d = n > 0 ? rows[0]!.length : 0;
  const flat = new Float64Array(n * d);
  rows.forEach((r, i) => flat.set(r, i * d));
  const sq = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let t = 0, a = i * d, b = j * d; t < d; t++, a++, b++) {
        const q = flat[a]! - flat[b]!;
        s += q * q;
      }
      sq[i * n + j] = s;
      sq[j * n + i] = s;
    }
  }
  const indices: number[][] = [];
  const distances: number[][] = [];
  const bestI = new Int32Array(k);
  const bestD = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    // insertion into a sorted list of the k best; self first with distance 0
    bestI[0] = i;
    bestD[0] = 0;
    let size = 1;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const v = sq[i * n + j]!;
      if (size === k && v >= bestD[k - 1]!) continue;
      let p = size < k ? size++ : k - 1;
      while (p > 1 && bestD[p - 1]! > v) {
        bestD[p] = bestD[p - 1]!;
        bestI[p] = bestI[p - 1]!;
        p--;
      }
      bestD[p] = v;
      bestI[p] = j;
    }
    indices.push(Array.from(bestI.subarray(0, size)));
    distances.push(Array.from(bestD.subarray(0, size), Math.sqrt));
  }
  return { indices, distances };
}

function toRows(data: ArrayLike<number>, n: number, d: number, normalise: boolean): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(d);
    let s = 0;
    for (let j = 0; j < d; j++) {
      row[j] = data[i * d + j]!;
      s += row[j]! * row[j]!;
    }
    if (normalise && s > 0) {
      const inv = 1 / Math.sqrt(s);
      for (let j = 0; j < d; j++) row[j]! *= inv;
    }
    rows.push(row);
  }
  return rows;
}

/** Two to four points: their first two principal components (zeros where there is no spread). */
function smallMap(data: ArrayLike<number>, n: number, d: number): Float32Array {
  const { projected } = pca(data, n, d, 2);
  const k = projected.length / n;
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) for (let c = 0; c < Math.min(2, k); c++) out[2 * i + c] = projected[i * k + c]!;
  return out;
}
