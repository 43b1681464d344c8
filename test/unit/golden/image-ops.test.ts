/**
 * Colour and geometry ops against torchvision 0.14: every op of the golden file's
 * `image.ops` (SIMCLR_GOLDEN when set, shared/golden/torch-reference.json
 * otherwise) through this project's appliers with the same fixed factors.
 * Tolerance 2e-3 absolute; 5e-3 for hue and anything involving hue
 * (shared/golden/README.md).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  adjustBrightness,
  adjustContrast,
  adjustHue,
  adjustSaturation,
  applyColorDrop,
  applyColorJitter,
  applyFlip,
  applyGaussianBlur,
  applyRotate90,
} from '../../../src/core/augment';
import { loadGolden, type GoldenImageOp } from './load-golden';

const golden = loadGolden();
const { height, width } = golden.image;

function label(o: GoldenImageOp): string {
  switch (o.op) {
    case 'brightness':
    case 'contrast':
    case 'saturation':
      return `${o.op} factor ${o.factor}`;
    case 'hue':
      return `hue shift ${o.shift}`;
    case 'gaussian_blur':
      return `gaussian_blur k=${o.kernel_size} sigma=${o.sigma} (${o.padding})`;
    case 'rotate90':
      return `rotate90 k=${o.quarter_turns_counterclockwise}`;
    case 'color_jitter_in_order':
      return `color_jitter_in_order b=${o.brightness} c=${o.contrast} s=${o.saturation} h=${o.hue}`;
    default:
      return o.op;
  }
}

function tolerance(o: GoldenImageOp): number {
  return o.op === 'hue' || o.op === 'color_jitter_in_order' ? 5e-3 : 2e-3;
}

/** The project's result for one golden op on the [1, H, W, 3] input. */
function run(o: GoldenImageOp, x: tf.Tensor4D): tf.Tensor4D {
  switch (o.op) {
    case 'brightness':
      return adjustBrightness(x, [o.factor]);
    case 'contrast':
      return adjustContrast(x, [o.factor]);
    case 'saturation':
      return adjustSaturation(x, [o.factor]);
    case 'hue':
      return adjustHue(x, [o.shift]);
    case 'grayscale':
      return applyColorDrop(x, [true]);
    case 'gaussian_blur':
      if (o.padding !== 'reflect') throw new Error(`golden gaussian_blur with padding ${o.padding}: only reflect is implemented`);
      return applyGaussianBlur(x, [o.sigma], o.kernel_size);
    case 'horizontal_flip':
      return applyFlip(x, [true]);
    case 'rotate90':
      return applyRotate90(x, [o.quarter_turns_counterclockwise]);
    case 'color_jitter_in_order':
      return applyColorJitter(x, [{ brightness: o.brightness, contrast: o.contrast, saturation: o.saturation, hue: o.hue }], [[0, 1, 2, 3]]);
    default:
      throw new Error(`golden op ${(o as { op: string }).op} is not known to this test`);
  }
}

/** Largest absolute difference and where it is, or a problem sentence. */
function compare(o: GoldenImageOp): { worst: number; at: number; got: number; want: number; shapeProblem?: string } {
  const x = tf.tensor4d(golden.image.input, [1, height, width, 3]);
  try {
    const y = run(o, x);
    const got = y.dataSync();
    const shape = y.shape;
    y.dispose();
    if (got.length !== o.output.length) {
      return { worst: Infinity, at: -1, got: NaN, want: NaN, shapeProblem: `output shape [${shape.join(', ')}] has ${got.length} values, want ${o.output.length}` };
    }
    let worst = 0;
    let at = 0;
    for (let i = 0; i < got.length; i++) {
      const err = Math.abs(got[i]! - o.output[i]!);
      if (!(err <= worst)) {
        worst = err;
        at = i;
      }
    }
    return { worst, at, got: got[at]!, want: o.output[at]! };
  } finally {
    x.dispose();
  }
}

function pixel(at: number): string {
  const c = at % 3;
  const p = (at - c) / 3;
  return `row ${Math.floor(p / width)}, column ${p % width}, channel ${c}`;
}

describe(`image ops match torchvision (${golden.source})`, () => {
  it('has every kind of op the README lists', () => {
    const kinds = new Set(golden.image.ops.map((o) => o.op));
    for (const k of ['brightness', 'contrast', 'saturation', 'hue', 'grayscale', 'gaussian_blur', 'horizontal_flip', 'rotate90', 'color_jitter_in_order']) {
      expect(kinds.has(k as GoldenImageOp['op']), k).toBe(true);
    }
  });

  for (const o of golden.image.ops) {
    it(label(o), () => {
      const before = tf.memory().numTensors;
      const r = compare(o);
      expect(tf.memory().numTensors).toBe(before);
      expect(r.shapeProblem).toBeUndefined();
      const tol = tolerance(o);
      expect(r.worst, `${label(o)}: ${pixel(r.at)} got ${r.got}, want ${r.want}`).toBeLessThanOrEqual(tol);
    });
  }
});

describe('the image comparison catches outputs that are off', () => {
  const pick = (pred: (o: GoldenImageOp) => boolean): GoldenImageOp => {
    const found = golden.image.ops.find(pred);
    if (!found) throw new Error('golden file lacks an op this test corrupts');
    return structuredClone(found);
  };
  it('brightness: one value +1e-2', () => {
    const o = pick((p) => p.op === 'brightness' && p.factor !== 1);
    o.output[7]! += 1e-2;
    expect(compare(o).worst).toBeGreaterThan(tolerance(o));
  });
  it('hue: one value +1e-2', () => {
    const o = pick((p) => p.op === 'hue' && p.shift !== 0);
    o.output[20]! += 1e-2;
    expect(compare(o).worst).toBeGreaterThan(tolerance(o));
  });
  it('rotate90 k=1 replaced by k=3', () => {
    const o = pick((p) => p.op === 'rotate90' && p.quarter_turns_counterclockwise === 1);
    if (o.op === 'rotate90') o.quarter_turns_counterclockwise = 3;
    expect(compare(o).worst).toBeGreaterThan(tolerance(o));
  });
  it('blur sigma 1 replaced by sigma 2', () => {
    const o = pick((p) => p.op === 'gaussian_blur' && p.kernel_size === 5 && p.sigma === 1);
    if (o.op === 'gaussian_blur') o.sigma = 2;
    expect(compare(o).worst).toBeGreaterThan(tolerance(o));
  });
});
