import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createSimclrModel, glorotUniform, heNormal } from '../../../src/core/model';
import { Rng } from '../../../src/core/random';
import { snapshot, tinyConfig } from './tinyConfig';

describe('seeded initialisation', () => {
  const config = tinyConfig({ encoder: { kind: 'resnet', width: 2, depth: 10 } });

  it('same seed gives identical initial weights; another seed gives different ones', async () => {
    const a = createSimclrModel(config, new Rng(7));
    const b = createSimclrModel(config, new Rng(7));
    const c = createSimclrModel(config, new Rng(8));
    const [wa, wb, wc] = await Promise.all([snapshot(a.params), snapshot(b.params), snapshot(c.params)]);
    expect([...wa.keys()]).toEqual([...wb.keys()]);
    for (const [name, values] of wa) expect(wb.get(name), name).toEqual(values);
    expect(wc.get('encoder/stem/conv/kernel')).not.toEqual(wa.get('encoder/stem/conv/kernel'));
    expect(wc.get('head/fc2/kernel')).not.toEqual(wa.get('head/fc2/kernel'));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('He normal has std sqrt(2 / fanIn); Glorot uniform stays within sqrt(6 / (fanIn + fanOut))', async () => {
    const he = heNormal([3, 3, 16, 64], new Rng(1)); // fanIn 144
    const values = Float32Array.from(await he.data());
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(std).toBeCloseTo(Math.sqrt(2 / 144), 2);

    const glorot = glorotUniform([40, 20], new Rng(1));
    const g = Float32Array.from(await glorot.data());
    const limit = Math.sqrt(6 / 60);
    expect(Math.max(...g)).toBeLessThanOrEqual(limit);
    expect(Math.min(...g)).toBeGreaterThanOrEqual(-limit);
    expect(Math.max(...g)).toBeGreaterThan(0.9 * limit);
    tf.dispose([he, glorot]);
  });

  it('two models from one seed can coexist (tfjs variable names do not clash)', () => {
    const a = createSimclrModel(config, new Rng(1));
    const b = createSimclrModel(config, new Rng(1));
    expect(a.params.countTrainable()).toBe(b.params.countTrainable());
    a.dispose();
    b.dispose();
  });
});
