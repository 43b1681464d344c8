import { describe, expect, it } from 'vitest';
import {
  CIFAR_PRESET, ConfigError, DEFAULT_CONFIG, assertValidConfig, mergeConfig, validateConfig,
} from '../../src/core/config';

describe('TrainConfig', () => {
  it('defaults are valid and carry the paper values', () => {
    expect(validateConfig(DEFAULT_CONFIG)).toEqual([]);
    const a = DEFAULT_CONFIG.augment;
    expect([a.crop.areaMin, a.crop.areaMax, a.crop.ratioMin, a.crop.ratioMax]).toEqual([0.08, 1, 3 / 4, 4 / 3]);
    expect(a.flip.p).toBe(0.5);
    expect([a.colorJitter.p, a.colorJitter.strength, a.colorJitter.brightness, a.colorJitter.hue]).toEqual([0.8, 1, 0.8, 0.2]);
    expect(a.colorDrop.p).toBe(0.2);
    expect([a.blur.p, a.blur.sigmaMin, a.blur.sigmaMax, a.blur.kernelFraction]).toEqual([0.5, 0.1, 2, 0.1]);
    expect(DEFAULT_CONFIG.head).toMatchObject({ kind: 'mlp', layers: 2, outDim: 128 });
    expect(DEFAULT_CONFIG.optimizer).toMatchObject({ kind: 'lars', learningRate: 0.3, lrScaling: 'linear', weightDecay: 1e-6 });
    expect(DEFAULT_CONFIG.loss.temperature).toBe(0.1);
  });

  it('the CIFAR preset is the paper recipe: strength 0.5, no blur, temperature 0.5', () => {
    expect(validateConfig(CIFAR_PRESET)).toEqual([]);
    expect(CIFAR_PRESET.augment.colorJitter.strength).toBe(0.5);
    expect(CIFAR_PRESET.augment.blur.enabled).toBe(false);
    expect(CIFAR_PRESET.loss.temperature).toBe(0.5);
    expect(CIFAR_PRESET.imageSize).toBe(32);
    // the preset must not have changed the defaults it was built from
    expect(DEFAULT_CONFIG.augment.blur.enabled).toBe(true);
  });

  it('errors name the field and the allowed range', () => {
    const bad = mergeConfig(DEFAULT_CONFIG, { batchSize: 1, loss: { temperature: 0 }, augment: { flip: { p: 1.5 } } });
    const issues = validateConfig(bad);
    expect(issues.map((i) => i.field).sort()).toEqual(['augment.flip.p', 'batchSize', 'loss.temperature']);
    expect(issues.find((i) => i.field === 'batchSize')!.message).toBe('batchSize must be an integer in [2, 2048], got 1');
    expect(issues.find((i) => i.field === 'augment.flip.p')!.message).toMatch(/augment\.flip\.p must be a number in \[0, 1\], got 1\.5/);
    expect(() => assertValidConfig(bad)).toThrow(ConfigError);
  });

  it('rejects inverted ranges, unknown choices and non-numbers', () => {
    const bad = mergeConfig(DEFAULT_CONFIG, {
      augment: { crop: { areaMin: 0.9, areaMax: 0.5 } },
      encoder: { kind: 'vgg' as never },
      imageSize: Number.NaN,
    });
    const fields = validateConfig(bad).map((i) => i.field);
    expect(fields).toContain('augment.crop.areaMin');
    expect(fields).toContain('encoder.kind');
    expect(fields).toContain('imageSize');
    expect(validateConfig(bad).find((i) => i.field === 'encoder.kind')!.message).toMatch(/one of "bench-cnn", "resnet"/);
  });

  it('caps hue x strength at half a turn', () => {
    const bad = mergeConfig(DEFAULT_CONFIG, { augment: { colorJitter: { hue: 0.4, strength: 2 } } });
    expect(validateConfig(bad).map((i) => i.field)).toContain('augment.colorJitter.hue');
  });

  it('mergeConfig merges deeply without touching its inputs', () => {
    const before = JSON.stringify(DEFAULT_CONFIG);
    const merged = mergeConfig(DEFAULT_CONFIG, { augment: { blur: { enabled: false } }, seed: 7 });
    expect(merged.augment.blur).toEqual({ ...DEFAULT_CONFIG.augment.blur, enabled: false });
    expect(merged.augment.crop).toEqual(DEFAULT_CONFIG.augment.crop);
    expect(merged.augment.crop).not.toBe(DEFAULT_CONFIG.augment.crop);
    expect(merged.seed).toBe(7);
    expect(JSON.stringify(DEFAULT_CONFIG)).toBe(before);
  });

  it('the loss: NT-Xent by default; kind, margin and semiHard validated; a config without them stays valid', () => {
    expect(DEFAULT_CONFIG.loss).toEqual({ kind: 'nt-xent', temperature: 0.1, normalize: true, margin: 0.5, semiHard: false });
    expect(CIFAR_PRESET.loss.kind).toBe('nt-xent');
    const old = { ...DEFAULT_CONFIG, loss: { temperature: 0.5, normalize: true } };
    expect(validateConfig(old)).toEqual([]);
    for (const kind of ['nt-logistic', 'margin-triplet'] as const) {
      expect(validateConfig(mergeConfig(DEFAULT_CONFIG, { loss: { kind, margin: 1, semiHard: true } }))).toEqual([]);
    }
    const bad = validateConfig(mergeConfig(DEFAULT_CONFIG, {
      loss: { kind: 'hinge' as never, margin: 0, semiHard: 'yes' as never },
    }));
    expect(bad.map((i) => i.field).sort()).toEqual(['loss.kind', 'loss.margin', 'loss.semiHard']);
    expect(bad.find((i) => i.field === 'loss.kind')!.message).toMatch(/"nt-xent", "nt-logistic", "margin-triplet"/);
    expect(bad.find((i) => i.field === 'loss.margin')!.message).toMatch(/\(0, 4\]/);
    expect(validateConfig(mergeConfig(DEFAULT_CONFIG, { loss: { margin: 4.5 } })).map((i) => i.field)).toEqual(['loss.margin']);
  });
});
