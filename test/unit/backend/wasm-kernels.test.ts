/**
 * The wasm training kernels (src/core/backend/wasm-kernels) against the cpu
 * backend's gradients, whatever TFJS_BACKEND says: each case computes the
 * reference on 'cpu', then the same thing on 'wasm', from the same seeded
 * numbers, and compares within 1e-4 (relative to max(1, |reference|)).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { builtinWasmKernel, registerWasmTrainingKernels } from '../../../src/core/backend/wasm-kernels';
import { expectClose, on, randomValues } from './compare';

let startBackend = 'cpu';

beforeAll(async () => {
  // Gradients are registered by test/unit/setup-backend.ts (through src/core/backend/node.ts).
  expect(tf.getGradient('Conv2D'), 'no gradients registered: tfjs-core alone registers none').toBeDefined();
  startBackend = tf.getBackend() ?? 'cpu';
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterAll(async () => {
  await tf.setBackend(startBackend);
});

/** Compares wasm with cpu for a function of seeded tensors of the given shapes. */
async function compareWithCpu(
  what: string,
  shapes: number[][],
  compute: (...inputs: tf.Tensor[]) => tf.Tensor[],
  seed = 1,
): Promise<void> {
  const data = shapes.map((s, i) => randomValues(seed * 100 + i, s.reduce((a, b) => a * b, 1)));
  const run = (): tf.Tensor[] => compute(...shapes.map((s, i) => tf.tensor(data[i] as Float32Array, s)));
  const want = await on('cpu', run);
  const got = await on('wasm', run);
  want.forEach((w, i) => expectClose(got[i] as Float32Array, w, `${what} output ${i}`));
}

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
interface ConvCase {
  x: [number, number, number, number];
  w: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

const convCases: ConvCase[] = [
  { x: [1, 7, 5, 3], w: [3, 2, 3, 5], strides: 1, pad: 'same' },
  { x: [1, 7, 5, 3], w: [3, 2, 3, 5], strides: 1, pad: 'valid' },
  { x: [1, 7, 5, 3], w: [3, 2, 3, 5], strides: 2, pad: 'same' },
  { x: [1, 7, 5, 3], w: [3, 2, 3, 5], strides: 2, pad: 'valid' },
  { x: [2, 8, 6, 1], w: [3, 3, 1, 7], strides: [2, 1], pad: 'same' },
  { x: [2, 8, 6, 5], w: [2, 3, 5, 3], strides: 2, pad: 'same' },
  { x: [2, 9, 7, 7], w: [3, 3, 7, 1], strides: 3, pad: 'valid' },
  { x: [1, 6, 9, 3], w: [1, 1, 3, 4], strides: 2, pad: 'same' },
  { x: [1, 6, 5, 3], w: [5, 4, 3, 2], strides: 1, pad: 'same' },
  { x: [1, 7, 5, 5], w: [3, 3, 5, 3], strides: 2, pad: 1 },
  { x: [1, 7, 6, 3], w: [3, 2, 3, 3], strides: 2, pad: [[0, 0], [2, 0], [0, 3], [0, 0]] },
  { x: [2, 5, 5, 2], w: [2, 2, 2, 3], strides: 1, pad: [[0, 0], [3, 1], [1, 3], [0, 0]] },
];

const label = (c: ConvCase): string => `x ${c.x} w ${c.w} strides ${c.strides} pad ${JSON.stringify(c.pad)}`;

describe('conv2d gradients on wasm match cpu', () => {
  for (const c of convCases) {
    it(label(c), async () => {
      const y = tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.w) as tf.Tensor4D, c.strides, c.pad));
      const yShape = y.shape;
      y.dispose();
      await compareWithCpu(label(c), [c.x, c.w, yShape], (x, w, r) => {
        const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor =>
          tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), r as tf.Tensor));
        return tf.grads(f)([x as tf.Tensor, w as tf.Tensor]);
      });
    });
  }
});

interface DepthwiseCase {
  x: [number, number, number, number];
  w: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number;
}

const depthwiseCases: DepthwiseCase[] = [
  { x: [1, 7, 5, 3], w: [3, 2, 3, 1], strides: 1, pad: 'same' },
  { x: [1, 7, 5, 3], w: [3, 2, 3, 1], strides: 2, pad: 'valid' },
  { x: [2, 7, 5, 5], w: [3, 3, 5, 2], strides: 2, pad: 'same' },
  { x: [2, 8, 6, 1], w: [2, 3, 1, 3], strides: 1, pad: 'valid' },
  { x: [1, 9, 7, 7], w: [3, 3, 7, 1], strides: 2, pad: 1 },
];

describe('depthwiseConv2d gradients on wasm match cpu', () => {
  for (const c of depthwiseCases) {
    const name = `x ${c.x} w ${c.w} strides ${c.strides} pad ${c.pad}`;
    it(name, async () => {
      const y = tf.tidy(() => tf.depthwiseConv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.w) as tf.Tensor4D, c.strides, c.pad));
      const yShape = y.shape;
      y.dispose();
      await compareWithCpu(name, [c.x, c.w, yShape], (x, w, r) => {
        const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor =>
          tf.sum(tf.mul(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), r as tf.Tensor));
        return tf.grads(f)([x as tf.Tensor, w as tf.Tensor]);
      });
    });
  }
});

describe('conv2dTranspose (runs Conv2DBackpropInput forward) on wasm matches cpu', () => {
  it('stride 2 same, with gradients', async () => {
    const outShape: [number, number, number, number] = [2, 7, 6, 3];
    // filter [kh, kw, outChannels, inChannels]; input is the strided side [2, 4, 3, 5]
    await compareWithCpu('conv2dTranspose', [[2, 4, 3, 5], [3, 2, 3, 5], outShape], (x, w, r) => {
      const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor =>
        tf.sum(tf.mul(tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, outShape, 2, 'same'), r as tf.Tensor));
      const y = tf.conv2dTranspose(x as tf.Tensor4D, w as tf.Tensor4D, outShape, 2, 'same');
      return [y, ...tf.grads(f)([x as tf.Tensor, w as tf.Tensor])];
    });
  });
});

describe('gather / unsortedSegmentSum on wasm match cpu', () => {
  it('gradient of gather on axis 0 and 1 with repeated indices', async () => {
    await compareWithCpu('gather', [[5, 3, 2], [4, 3, 2], [5, 4, 2]], (x, r0, r1) => {
      const idx0 = tf.tensor1d([4, 0, 2, 2], 'int32');
      const idx1 = tf.tensor1d([1, 1, 0, 2], 'int32');
      const f = (a: tf.Tensor): tf.Tensor =>
        tf.add(tf.sum(tf.mul(tf.gather(a, idx0, 0), r0 as tf.Tensor)), tf.sum(tf.mul(tf.gather(a, idx1, 1), r1 as tf.Tensor)));
      return [tf.grad(f)(x as tf.Tensor)];
    });
  });

  it('unsortedSegmentSum adds repeated ids and ignores out-of-range ones', async () => {
    await compareWithCpu('unsortedSegmentSum', [[6, 3, 2]], (x) => {
      const ids = tf.tensor1d([0, 3, -1, 3, 5, 1], 'int32');
      return [tf.unsortedSegmentSum(x as tf.Tensor, ids, 4)];
    });
  });
});

describe('matMul with transposed operands on wasm matches cpu', () => {
  for (const [ta, tb] of [[true, false], [false, true], [true, true]] as const) {
    it(`transposeA ${ta} transposeB ${tb}, plain and fused, with gradients`, async () => {
      const aShape = ta ? [5, 3] : [3, 5];
      const bShape = tb ? [4, 5] : [5, 4];
      await compareWithCpu(`matMul ${ta} ${tb}`, [aShape, bShape, [4], [3, 4]], (a, b, bias, r) => {
        const plain = tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, ta, tb);
        const fused = tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, transposeA: ta, transposeB: tb, bias, activation: 'relu' });
        const f = (x: tf.Tensor, y: tf.Tensor): tf.Tensor => tf.sum(tf.mul(tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D, ta, tb), r as tf.Tensor));
        return [plain, fused, ...tf.grads(f)([a as tf.Tensor, b as tf.Tensor])];
      });
    });
  }

  it('batched product with transposes (passed to the built-in kernel)', async () => {
    await compareWithCpu('batched matMul', [[2, 5, 3], [2, 4, 5]], (a, b) => [tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, true, true)]);
  });
});

describe('a tiny CNN trains one step on wasm exactly as on cpu', () => {
  // conv 3x3 stride 1 same + relu + maxPool 2 + conv 3x3 stride 2 same + relu + global mean + dense
  const shapes = { x: [2, 8, 6, 3], w1: [3, 3, 3, 4], b1: [4], w2: [3, 2, 4, 5], b2: [5], wd: [5, 3], bd: [3], target: [2, 3] };
  const LR = 0.1;

  function build(): { params: tf.Variable[]; step: () => tf.Scalar; dispose: () => void } {
    const make = (key: keyof typeof shapes, seed: number): tf.Tensor =>
      tf.tensor(randomValues(seed, shapes[key].reduce((a, b) => a * b, 1)), shapes[key]);
    const x = make('x', 1) as tf.Tensor4D;
    const target = make('target', 2);
    const params = (['w1', 'b1', 'w2', 'b2', 'wd', 'bd'] as const).map((k, i) => tf.variable(tf.mul(make(k, 10 + i), 0.5), true, `${k}-${Math.random()}`));
    const [w1, b1, w2, b2, wd, bd] = params as [tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Variable, tf.Variable];
    const loss = (): tf.Scalar => {
      let h = tf.relu(tf.add(tf.conv2d(x, w1 as tf.Tensor4D, 1, 'same'), b1)) as tf.Tensor4D;
      h = tf.maxPool(h, 2, 2, 'valid');
      h = tf.relu(tf.add(tf.conv2d(h, w2 as tf.Tensor4D, 2, 'same'), b2)) as tf.Tensor4D;
      const pooled = tf.mean(h, [1, 2]);
      const logits = tf.add(tf.matMul(pooled as tf.Tensor2D, wd as tf.Tensor2D), bd);
      return tf.mean(tf.square(tf.sub(logits, target)));
    };
    const step = (): tf.Scalar => {
      const { value, grads } = tf.variableGrads(loss, params);
      tf.tidy(() => {
        for (const p of params) {
          const g = grads[p.name];
          if (g == null) throw new Error(`no gradient for ${p.name}`);
          p.assign(tf.sub(p, tf.mul(g, LR)));
        }
      });
      tf.dispose(grads);
      return value;
    };
    return { params, step, dispose: () => tf.dispose([x, target, ...params]) };
  }

  async function oneStep(backend: 'cpu' | 'wasm'): Promise<Float32Array[]> {
    expect(await tf.setBackend(backend)).toBe(true);
    const model = build();
    const loss = model.step();
    const out = [loss.dataSync() as Float32Array, ...model.params.map((p) => p.dataSync() as Float32Array)];
    loss.dispose();
    model.dispose();
    return out;
  }

  it('same loss and updated weights within 1e-4', async () => {
    const want = await oneStep('cpu');
    const got = await oneStep('wasm');
    const names = ['loss', 'w1', 'b1', 'w2', 'b2', 'wd', 'bd'];
    want.forEach((w, i) => expectClose(got[i] as Float32Array, w, names[i] ?? `output ${i}`));
  });

  it('keeps the tensor count flat over a few steps on wasm', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    const model = build();
    model.step().dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) model.step().dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('memory', () => {
  it('tensor count is flat across repeated gradient calls on wasm', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    const x = tf.tensor(randomValues(7, 2 * 7 * 5 * 3), [2, 7, 5, 3]) as tf.Tensor4D;
    const w = tf.tensor(randomValues(8, 3 * 2 * 3 * 4), [3, 2, 3, 4]) as tf.Tensor4D;
    const dw = tf.tensor(randomValues(9, 3 * 3 * 3 * 2), [3, 3, 3, 2]) as tf.Tensor4D;
    const table = tf.tensor(randomValues(10, 6 * 3), [6, 3]);
    const idx = tf.tensor1d([5, 0, 0, 3], 'int32');
    const step = (): void => {
      const gs = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, t: tf.Tensor) =>
        tf.addN([
          tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')),
          tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'valid')),
          tf.sum(tf.depthwiseConv2d(a as tf.Tensor4D, c as tf.Tensor4D, 2, 'same')),
          tf.sum(tf.gather(t, idx)),
        ]),
      )([x, w, dw, table]);
      tf.dispose(gs);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w, dw, table, idx]);
  });

  it('registerWasmTrainingKernels is idempotent and replaces only Conv2DBackpropInput', () => {
    const names = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'UnsortedSegmentSum'];
    const before = names.map((n) => tf.getKernel(n, 'wasm'));
    registerWasmTrainingKernels();
    const after = names.map((n) => tf.getKernel(n, 'wasm'));
    expect(after).toEqual(before);
    expect(after.every((k) => k != null)).toBe(true);
    expect(builtinWasmKernel('Conv2DBackpropInput')).toBeDefined();
    expect(builtinWasmKernel('BatchMatMul')).toBeDefined();
    const matMulBefore = tf.getKernel('BatchMatMul', 'wasm');
    registerWasmTrainingKernels();
    expect(tf.getKernel('BatchMatMul', 'wasm')).toBe(matMulBefore);
    expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')).toBeDefined();
  });

  it('rejects dilated depthwise gradients with a clear error', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    const x = tf.zeros([1, 5, 5, 2]) as tf.Tensor4D;
    const dy = tf.zeros([1, 5, 5, 2]) as tf.Tensor4D;
    expect(() =>
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, {
        strides: 1, pad: 'same', dilations: 2, filterShape: [3, 3, 2, 1],
      } as unknown as tf.NamedAttrMap),
    ).toThrow(/dilations other than 1/);
    tf.dispose([x, dy]);
  });
});
