import { describe, expect, it } from 'vitest';
import { batchHint, effectiveLearningRate } from '../../../src/ui/model/modelText';
import { fileStem, toCsv } from '../../../src/ui/charts/download';
import { formatNumber } from '../../../src/ui/components/NumberField';
import { augmentPreset, AUGMENT_PRESETS, matchAugmentPreset, PLAYGROUND_DEFAULT } from '../../../src/state/pagePresets';
import { CIFAR_PRESET, PAPER_AUGMENT, SMALL_IMAGE_AUGMENT, validateConfig } from '../../../src/core/config';

describe('model panel text', () => {
  it('shows views, negatives and the chance loss of a batch', () => {
    expect(batchHint(32)).toBe('2N = 64 views; each has 1 positive and 62 negatives; chance loss ln(63) = 4.14');
    expect(batchHint(1)).toMatch(/at least 2/);
  });

  it('scales the learning rate like the paper', () => {
    expect(effectiveLearningRate({ learningRate: 0.3, lrScaling: 'linear' }, 512)).toBeCloseTo(0.6);
    expect(effectiveLearningRate({ learningRate: 0.075, lrScaling: 'sqrt' }, 64)).toBeCloseTo(0.6);
    expect(effectiveLearningRate({ learningRate: 1e-3, lrScaling: 'none' }, 64)).toBe(1e-3);
  });

  it('formats numbers briefly', () => {
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(1e-4)).toBe('1e-4');
    expect(formatNumber(0.123456)).toBe('0.1235');
  });
});

describe('chart downloads', () => {
  it('writes RFC 4180 CSV', () => {
    expect(toCsv(['step', 'loss', 'note'], [{ step: 1, loss: 4.1, note: 'a, "b"' }, { step: 2, loss: NaN }])).toBe(
      'step,loss,note\n1,4.1,"a, ""b"""\n2,,\n',
    );
  });
  it('names files after the chart', () => {
    expect(fileStem('Loss (NT-Xent)')).toBe('simclr-loss-nt-xent');
  });
});

describe('page presets', () => {
  it('the playground default is valid and lighter than the core default', () => {
    expect(validateConfig(PLAYGROUND_DEFAULT)).toEqual([]);
    expect(PLAYGROUND_DEFAULT.encoder.kind).toBe('bench-cnn');
    expect(PLAYGROUND_DEFAULT.batchSize).toBe(32);
    expect(PLAYGROUND_DEFAULT.optimizer).toMatchObject({ kind: 'adam', learningRate: 3e-3, lrScaling: 'none', warmupSteps: 0, schedule: 'constant' });
    expect(PLAYGROUND_DEFAULT.loss).toMatchObject({ kind: 'nt-xent', temperature: 0.2, normalize: true });
    // The paper's CIFAR-10 augmentations (s = 0.5, no blur) fitted to small images whose
    // colours carry no class (crops of 35% or more, colour drop at 0.5), shown as that preset.
    expect(PLAYGROUND_DEFAULT.augment).toEqual(SMALL_IMAGE_AUGMENT);
    expect(PLAYGROUND_DEFAULT.augment.colorJitter.strength).toBe(0.5);
    expect(PLAYGROUND_DEFAULT.augment.blur.enabled).toBe(false);
    expect(PLAYGROUND_DEFAULT.augment.crop.areaMin).toBe(0.35);
    expect(PLAYGROUND_DEFAULT.augment.colorDrop).toEqual({ enabled: true, p: 0.5 });
    expect(matchAugmentPreset(PLAYGROUND_DEFAULT.augment)).toBe('small-images');
    // Apart from those two numbers it is the CIFAR recipe.
    expect({ ...SMALL_IMAGE_AUGMENT, crop: CIFAR_PRESET.augment.crop, colorDrop: CIFAR_PRESET.augment.colorDrop }).toEqual(CIFAR_PRESET.augment);
  });

  it('every augmentation preset is valid, and each is recognised', () => {
    for (const p of AUGMENT_PRESETS) {
      expect(validateConfig({ ...PLAYGROUND_DEFAULT, augment: p.augment })).toEqual([]);
      expect(matchAugmentPreset(structuredClone(p.augment))).toBe(p.name);
    }
    expect(augmentPreset('cifar').augment).toEqual(CIFAR_PRESET.augment);
    expect(augmentPreset('crop-colour').augment.blur.enabled).toBe(false);
    expect(Object.values(augmentPreset('none').augment).every((op) => !op.enabled)).toBe(true);
    expect(matchAugmentPreset({ ...PAPER_AUGMENT, flip: { enabled: true, p: 0.3 } })).toBeUndefined();
    expect(() => augmentPreset('x' as never)).toThrow();
  });
});
