import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { HeadKind } from '../../../src/core/config';
import { createSimclrModel } from '../../../src/core/model';
import { Rng } from '../../../src/core/random';
import { randomImages, tinyConfig } from './tinyConfig';

const HEADS: Array<{ kind: HeadKind; layers: 2 | 3 }> = [
  { kind: 'none', layers: 2 },
  { kind: 'linear', layers: 2 },
  { kind: 'mlp', layers: 2 },
  { kind: 'mlp', layers: 3 },
];

describe('SimclrModel shapes', () => {
  const encoders = [
    { name: 'bench-cnn w4', encoder: { kind: 'bench-cnn', width: 4, depth: 10 }, hDim: 16 },
    { name: 'resnet-10 w4', encoder: { kind: 'resnet', width: 4, depth: 10 }, hDim: 32 },
    { name: 'resnet-18 w2', encoder: { kind: 'resnet', width: 2, depth: 18 }, hDim: 16 },
  ] as const;
  for (const e of encoders) {
    for (const head of HEADS) {
      it(`${e.name} with head ${head.kind}/${head.layers} gives h [B, ${e.hDim}] and z of the right size`, () => {
        const config = tinyConfig({ encoder: e.encoder, head: { ...head, hiddenDim: 0, outDim: 6 } });
        const model = createSimclrModel(config, new Rng(3));
        const images = randomImages(new Rng(4), 3, 8, 3);
        for (const training of [true, false]) {
          const { h, z } = model.apply(images, { training });
          const zDim = head.kind === 'none' ? e.hDim : 6;
          expect(h.shape).toEqual([3, e.hDim]);
          expect(z.shape).toEqual([3, zDim]);
          expect(model.hDim).toBe(e.hDim);
          expect(model.zDim).toBe(zDim);
          tf.dispose([h, z]);
        }
        images.dispose();
        model.dispose();
      });
    }
  }

  it('accepts one-channel images and odd sides (ResNet-34, 9 px)', () => {
    const config = tinyConfig({ channels: 1, encoder: { kind: 'resnet', width: 2, depth: 34 }, head: { kind: 'linear', outDim: 5 } });
    const model = createSimclrModel(config, new Rng(0));
    const images = randomImages(new Rng(1), 2, 9, 1);
    const { h, z } = model.apply(images, { training: false });
    expect(h.shape).toEqual([2, 16]);
    expect(z.shape).toEqual([2, 5]);
    tf.dispose([h, z, images]);
    model.dispose();
  });

  it('rejects images with the wrong number of channels, naming the expected shape', () => {
    const model = createSimclrModel(tinyConfig(), new Rng(0));
    const images = randomImages(new Rng(1), 2, 8, 1);
    expect(() => model.apply(images, { training: false })).toThrow(/\[B, H, W, 3\]/);
    images.dispose();
    model.dispose();
  });
});

describe('parameter counts', () => {
  it('bench-cnn at width 32 with the MLP head 128 -> 128 -> 64 has as many parameters as torch_reference.py', () => {
    const config = tinyConfig({
      imageSize: 32,
      encoder: { kind: 'bench-cnn', width: 32 },
      head: { kind: 'mlp', layers: 2, hiddenDim: 0, outDim: 64 },
    });
    const model = createSimclrModel(config, new Rng(0));
    const expected =
      (3 * 3 * 3 * 32 + 32) + // Conv2d(3, 32, 3)
      (3 * 3 * 32 * 64 + 64) + // Conv2d(32, 64, 3)
      (3 * 3 * 64 * 128 + 128) + // Conv2d(64, 128, 3)
      (128 * 128 + 128) + // Linear(128, 128)
      (128 * 64 + 64); // Linear(128, 64)
    expect(expected).toBe(118016);
    expect(model.params.countTrainable()).toBe(expected);
    expect(model.params.countStats()).toBe(0);
    expect(model.hDim).toBe(128);
    expect(model.zDim).toBe(64);
    model.dispose();
  });

  it('ResNet-18 (CIFAR stem) has the count of torchvision-style BasicBlocks', () => {
    const w = 4;
    const model = createSimclrModel(tinyConfig({ encoder: { kind: 'resnet', width: w, depth: 18 }, head: { kind: 'none' } }), new Rng(0));
    const conv = (k: number, cin: number, cout: number) => k * k * cin * cout;
    const bn = (c: number) => 2 * c;
    let expected = conv(3, 3, w) + bn(w); // stem
    let cin = w;
    for (const [stage, stride] of [1, 2, 2, 2].entries()) {
      const cout = w * 2 ** stage;
      for (let b = 0; b < 2; b++) {
        expected += conv(3, cin, cout) + bn(cout) + conv(3, cout, cout) + bn(cout);
        if (b === 0 && (stride !== 1 || cin !== cout)) expected += conv(1, cin, cout) + bn(cout);
        cin = cout;
      }
    }
    expect(model.params.countTrainable()).toBe(expected);
    // Every batch norm has a moving mean and variance: as many scalars as its gamma and beta.
    const bnScalars = model.params.trainable().filter((p) => p.role.startsWith('bn-')).reduce((n, p) => n + p.variable.size, 0);
    expect(model.params.countStats()).toBe(bnScalars);
    model.dispose();
  });

  it('names parameters with roles the optimisers can read', () => {
    const model = createSimclrModel(tinyConfig({ encoder: { kind: 'resnet', width: 2, depth: 10 }, head: { kind: 'mlp', layers: 3 } }), new Rng(0));
    const roles = new Map(model.params.trainable().map((p) => [p.name, p.role]));
    expect(roles.get('encoder/stem/conv/kernel')).toBe('kernel');
    expect(roles.get('encoder/stem/bn/gamma')).toBe('bn-gamma');
    expect(roles.get('encoder/stage2/block0/shortcut/bn/beta')).toBe('bn-beta');
    expect(roles.has('encoder/stage1/block0/shortcut/conv/kernel')).toBe(false); // identity shortcut
    expect(roles.get('head/fc1/kernel')).toBe('kernel');
    expect(roles.has('head/fc1/bias')).toBe(false); // BN follows
    expect(roles.get('head/bn1/gamma')).toBe('bn-gamma');
    expect(roles.get('head/fc3/bias')).toBe('bias');
    model.dispose();
  });
});
