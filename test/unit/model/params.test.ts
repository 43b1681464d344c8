import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createSimclrModel } from '../../../src/core/model';
import { Rng } from '../../../src/core/random';
import { snapshot, tinyConfig } from './tinyConfig';

describe('ParamStore', () => {
  const config = tinyConfig({ encoder: { kind: 'resnet', width: 2, depth: 10 }, head: { kind: 'mlp', layers: 3 } });

  it('exports weights and statistics as named Float32Arrays and imports them into another model', async () => {
    const a = createSimclrModel(config, new Rng(1));
    const b = createSimclrModel(config, new Rng(2));
    const saved = await a.params.exportWeights();
    expect(saved['encoder/stem/bn/moving_variance']?.shape).toEqual([2]);
    expect(saved['encoder/stem/conv/kernel']?.values).toBeInstanceOf(Float32Array);
    b.params.importWeights(saved);
    const [wa, wb] = await Promise.all([snapshot(a.params), snapshot(b.params)]);
    for (const [k, v] of wa) expect(wb.get(k), k).toEqual(v);
    a.dispose();
    b.dispose();
  });

  it('import refuses a missing name or a wrong shape before changing anything', async () => {
    const a = createSimclrModel(config, new Rng(1));
    const before = await snapshot(a.params);
    const saved = await a.params.exportWeights();
    const { ['head/fc3/bias']: _dropped, ...missing } = saved;
    expect(() => a.params.importWeights(missing)).toThrow(/head\/fc3\/bias/);
    const bad = { ...saved, 'encoder/stem/conv/kernel': { shape: [1, 2], values: new Float32Array(2) } };
    expect(() => a.params.importWeights(bad)).toThrow(/encoder\/stem\/conv\/kernel.*shape/);
    const after = await snapshot(a.params);
    for (const [k, v] of before) expect(after.get(k), k).toEqual(v);
    a.dispose();
  });

  it('dispose frees every variable', () => {
    const start = tf.memory().numTensors;
    const model = createSimclrModel(config, new Rng(1));
    expect(tf.memory().numTensors).toBeGreaterThan(start);
    model.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('forward passes leave no tensors behind but h and z', () => {
    const model = createSimclrModel(config, new Rng(1));
    const images = tf.zeros([2, 8, 8, 3]) as tf.Tensor4D;
    const start = tf.memory().numTensors;
    for (const training of [true, false]) {
      const { h, z } = model.apply(images, { training });
      expect(tf.memory().numTensors).toBe(start + 2);
      tf.dispose([h, z]);
    }
    expect(tf.memory().numTensors).toBe(start);
    images.dispose();
    model.dispose();
  });
});
