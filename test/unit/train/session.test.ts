/**
 * The training session the worker and the CLI drive: seeded determinism, epochs
 * of distinct images, config changes that do or do not rebuild, snapshot and
 * restore, previews and embeddings, and a flat tensor count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { smallRunConfig } from '../model/tinyConfig';
import { generateShapes } from '../../../src/core/data/shapes';
import { TrainingSession } from '../../../src/core/train/session';

const tiny = smallRunConfig();
let data: ReturnType<typeof generateShapes>;
beforeAll(() => { data = generateShapes({ count: 10, size: 12, channels: 3, seed: 1 }); });
afterAll(() => data.images.dispose());

async function losses(session: TrainingSession, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await session.trainStep()).loss);
  return out;
}

describe('TrainingSession', () => {
  it('the same config and seed give the same first losses; another seed others', async () => {
    const a = TrainingSession.create(tiny, data);
    const b = TrainingSession.create(tiny, data);
    const c = TrainingSession.create({ ...tiny, seed: 1 }, data);
    const la = await losses(a, 3);
    expect(await losses(b, 3)).toEqual(la);
    expect(await losses(c, 3)).not.toEqual(la);
    a.reset();
    expect(await losses(a, 3)).toEqual(la);
    [a, b, c].forEach((s) => s.dispose());
  });

  it('draws distinct images per batch and covers the dataset each epoch', async () => {
    const s = TrainingSession.create(tiny, data);
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { batchIndices, step } = await s.trainStep();
      expect(step).toBe(i);
      expect(new Set(batchIndices).size).toBe(4);
      seen.push(...batchIndices);
    }
    // 20 draws over 10 images: every image appears
    expect(new Set(seen).size).toBe(10);
    s.dispose();
  });

  it('uses the whole dataset as the batch when it is smaller than N', async () => {
    const small = { images: tf.slice(data.images, [0, 0, 0, 0], [3, -1, -1, -1]) as tf.Tensor4D };
    const s = TrainingSession.create(tiny, small);
    expect(s.effectiveBatchSize).toBe(3);
    const r = await s.trainStep({ returnSimilarity: true });
    expect(r.batchSize).toBe(3);
    expect(r.similarity!.length).toBe(36);
    s.dispose();
    small.images.dispose();
  });

  it('applies temperature and augmentation changes in place and rebuilds for model changes', async () => {
    const s = TrainingSession.create(tiny, data);
    await losses(s, 2);
    expect(s.setConfig({ loss: { temperature: 0.2 }, augment: { blur: { enabled: false } } }).rebuilt).toBe(false);
    expect(s.step).toBe(2);
    expect(s.config.loss.temperature).toBe(0.2);
    expect(s.setConfig({ optimizer: { kind: 'sgd', learningRate: 0.05 } }).rebuilt).toBe(false);
    await losses(s, 1);
    expect(s.setConfig({ head: { outDim: 6 } }).rebuilt).toBe(true);
    expect(s.step).toBe(0);
    expect(s.zDim).toBe(6);
    expect(() => s.setConfig({ imageSize: 16 })).toThrow(/12x12x3 but the config asks for 16x16x3/);
    expect(() => s.setConfig({ batchSize: 1 })).toThrow(/batchSize/);
    s.dispose();
  });

  it('a snapshot restored into a new session continues exactly', async () => {
    const a = TrainingSession.create(tiny, data);
    await losses(a, 2);
    const snap = await a.snapshot();
    const next = await losses(a, 2);
    const b = TrainingSession.create(tiny, data);
    b.restore(snap);
    expect(b.step).toBe(2);
    expect(await losses(b, 2)).toEqual(next);
    a.dispose();
    b.dispose();
  });

  it('previews repeat until resampled and embed gives h and z for every image', async () => {
    const s = TrainingSession.create(tiny, data);
    const p1 = s.preview(3);
    const p2 = s.preview(3);
    expect(await p1.view1.data()).toEqual(await p2.view1.data());
    expect(p1.descriptions.length).toBe(3);
    const p3 = s.preview(3, true);
    expect(await p3.view1.data()).not.toEqual(await p1.view1.data());
    const { h, z } = s.embed();
    expect(h.shape).toEqual([10, s.hDim]);
    expect(z.shape).toEqual([10, 8]);
    for (const p of [p1, p2, p3]) tf.dispose([p.original, p.view1, p.view2]);
    tf.dispose([h, z]);
    s.dispose();
  });

  it('keeps the tensor count flat over steps, previews and embeddings', async () => {
    const s = TrainingSession.create(tiny, data);
    const round = async () => {
      await s.trainStep({ returnSimilarity: true });
      const p = s.preview(2);
      tf.dispose([p.original, p.view1, p.view2]);
      const e = s.embed();
      tf.dispose([e.h, e.z]);
    };
    await round();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) await round();
    expect(tf.memory().numTensors).toBe(before);
    s.dispose();
  });
});
