/**
 * 2-D maps of embeddings: UMAP keeps well-separated clusters apart and is the
 * same under a seed; samples are seeded, capped and stratified; PCA maps have
 * the right shape.
 */
import { describe, expect, it } from 'vitest';
import { embeddingMap, samplePoints, umap2d, umap2dAsync } from '../../../src/core/eval';
import { Rng } from '../../../src/core/random';

/** n points in d dimensions: half around +c e_0, half around -c e_0 (plus noise), with their cluster. */
function twoClusters(n: number, d: number, seed: number): { data: Float32Array; labels: Int32Array } {
  const rng = new Rng(seed);
  const data = new Float32Array(n * d);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    for (let j = 0; j < d; j++) data[i * d + j] = rng.normal(0, 0.1) + (j === 0 ? (i % 2 ? -3 : 3) : j === 1 ? 1 : 0);
  }
  return { data, labels };
}

function centroid(points: Float32Array, labels: ArrayLike<number>, cls: number): [number, number] {
  let x = 0;
  let y = 0;
  let c = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== cls) continue;
    x += points[2 * i]!;
    y += points[2 * i + 1]!;
    c++;
  }
  return [x / c, y / c];
}

describe('UMAP', () => {
  const { data, labels } = twoClusters(120, 16, 3);

  it('keeps two well-separated clusters apart: every point is nearer its own centroid', () => {
    const points = umap2d(data, 120, 16, { seed: 1, metric: 'euclidean' });
    expect(points.length).toBe(240);
    expect(points.every(Number.isFinite)).toBe(true);
    const c0 = centroid(points, labels, 0);
    const c1 = centroid(points, labels, 1);
    for (let i = 0; i < 120; i++) {
      const p = [points[2 * i]!, points[2 * i + 1]!];
      const d0 = Math.hypot(p[0]! - c0[0], p[1]! - c0[1]);
      const d1 = Math.hypot(p[0]! - c1[0], p[1]! - c1[1]);
      expect(labels[i] === 0 ? d0 < d1 : d1 < d0).toBe(true);
    }
  });

  it('is deterministic under a seed (also sliced with pauses) and differs under another', async () => {
    const a = umap2d(data, 120, 16, { seed: 7, nEpochs: 60 });
    const b = await umap2dAsync(data, 120, 16, { seed: 7, nEpochs: 60 }, () => Promise.resolve(), 7);
    const c = umap2d(data, 120, 16, { seed: 8, nEpochs: 60 });
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it('maps a handful of points too', () => {
    for (const n of [2, 3, 4, 5, 6]) {
      const pts = umap2d(data.slice(0, n * 16), n, 16, { seed: 0, nEpochs: 20 });
      expect(pts.length).toBe(2 * n);
      expect(pts.every(Number.isFinite)).toBe(true);
    }
  });
});

describe('samplePoints', () => {
  it('keeps everything under the cap, and a seeded, sorted, distinct sample over it', () => {
    expect(Array.from(samplePoints(5, 10, 0))).toEqual([0, 1, 2, 3, 4]);
    const s = samplePoints(100, 30, 4);
    expect(s.length).toBe(30);
    expect(new Set(s).size).toBe(30);
    expect(Array.from(s)).toEqual([...s].sort((a, b) => a - b));
    expect(samplePoints(100, 30, 4)).toEqual(s);
    expect(samplePoints(100, 30, 5)).not.toEqual(s);
  });

  it('keeps each class\'s share when labelled', () => {
    const labels = Int32Array.from({ length: 1000 }, (_, i) => (i < 700 ? 0 : i < 950 ? 1 : 2));
    const s = samplePoints(1000, 100, 1, labels);
    const count = (c: number) => Array.from(s).filter((i) => labels[i] === c).length;
    expect([count(0), count(1), count(2)]).toEqual([70, 25, 5]);
  });
});

describe('embeddingMap', () => {
  const { data, labels } = twoClusters(60, 8, 5);

  it('PCA: count x 2 points for a capped, stratified sample; same every time', async () => {
    const a = await embeddingMap(data, 60, 8, { method: 'pca', seed: 2, maxPoints: 20, labels });
    expect(a.indices.length).toBe(20);
    expect(a.points.length).toBe(40);
    expect(Array.from(a.indices).filter((i) => labels[i] === 0).length).toBe(10);
    // PCA's first axis separates the clusters: one sign per class, opposite
    const signs = (cls: number) => new Set(Array.from(a.indices).flatMap((i, k) => (labels[i] === cls ? [Math.sign(a.points[2 * k]!)] : [])));
    expect(signs(0).size).toBe(1);
    expect(signs(1).size).toBe(1);
    expect([...signs(0)][0]).toBe(-[...signs(1)][0]!);
    const b = await embeddingMap(data, 60, 8, { method: 'pca', seed: 2, maxPoints: 20, labels });
    expect(Array.from(b.points)).toEqual(Array.from(a.points));
  });

  it('UMAP: deterministic under a seed, pausing between slices', async () => {
    let pauses = 0;
    const pause = async () => { pauses++; };
    const a = await embeddingMap(data, 60, 8, { method: 'umap', seed: 3, umap: { nEpochs: 100 }, pause });
    const b = await embeddingMap(data, 60, 8, { method: 'umap', seed: 3, umap: { nEpochs: 100 } });
    expect(a.points.length).toBe(120);
    expect(Array.from(b.points)).toEqual(Array.from(a.points));
    expect(pauses).toBeGreaterThanOrEqual(3);
  });
});
