/**
 * The wasm kernel overrides that speed up a training step (src/core/backend/
 * wasm-kernels: MaxPoolGrad, Sum by pooling, sharing Identity and Cast,
 * the interleaved and grid filter gradients, the 180-degree filter turn) against
 * the cpu backend, whatever TFJS_BACKEND says: each case computes the reference
 * on 'cpu', then the same thing on 'wasm', from the same seeded numbers, and
 * compares within 1e-4 (relative to max(1, |reference|)). Shapes include odd
 * sizes, batch 1 and strides 2; tensor counts must stay flat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { builtinWasmKernel, registerWasmTrainingKernels } from '../../../src/core/backend/wasm-kernels';
import { Rng } from '../../../src/core/random';
import { expectClose, on, randomValues } from './compare';

let startBackend = 'cpu';

beforeAll(async () => {
  expect(tf.getGradient('MaxPool'), 'no gradients registered').toBeDefined();
  startBackend = tf.getBackend() ?? 'cpu';
  registerWasmTrainingKernels();
  expect(await tf.setBackend('wasm')).toBe(true);
});

afterAll(async () => {
  await tf.setBackend(startBackend);
});

/** Small integers in [-2, 2]: many exact ties inside pooling windows, and windows whose maximum is 0 or negative. */
function tiedValues(seed: number, size: number): Float32Array {
  const rng = new Rng(seed);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) out[i] = Math.floor(rng.uniform(-2, 3));
  return out;
}

async function compareWithCpu(what: string, data: { values: Float32Array; shape: number[] }[], compute: (...inputs: tf.Tensor[]) => tf.Tensor[]): Promise<void> {
  const run = (): tf.Tensor[] => compute(...data.map((d) => tf.tensor(d.values, d.shape)));
  const want = await on('cpu', run);
  const got = await on('wasm', run);
  want.forEach((w, i) => expectClose(got[i] as Float32Array, w, `${what} output ${i}`));
}

const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** Tensor count before and after a few calls of `step` on wasm (after one warm-up call). */
async function flatOnWasm(step: () => void): Promise<void> {
  expect(await tf.setBackend('wasm')).toBe(true);
  step();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) step();
  expect(tf.memory().numTensors).toBe(before);
}

interface PoolCase {
  x: [number, number, number, number];
  filter: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same';
}

const poolCases: PoolCase[] = [
  { x: [2, 8, 6, 3], filter: 2, strides: 2, pad: 'valid' },
  { x: [1, 7, 5, 4], filter: 2, strides: 2, pad: 'valid' }, // odd sizes: last row / column outside every window
  { x: [3, 9, 9, 2], filter: 3, strides: 3, pad: 'valid' },
  { x: [1, 6, 9, 5], filter: [2, 3], strides: [2, 3], pad: 'valid' },
  { x: [2, 8, 8, 3], filter: 2, strides: 2, pad: 'same' }, // divisible: same as valid
  { x: [1, 7, 7, 2], filter: 2, strides: 2, pad: 'same' }, // windows hang over the bottom / right edge
  { x: [2, 7, 8, 3], filter: 3, strides: 3, pad: 'same' }, // ... and over the top / left edge
  { x: [2, 7, 6, 3], filter: 3, strides: 2, pad: 'same' }, // overlapping windows: built-in kernel
  { x: [1, 5, 5, 1], filter: 3, strides: 1, pad: 'valid' }, // overlapping windows: built-in kernel
];

const positiveValues = (seed: number, n: number): Float32Array => randomValues(seed, n, 0.1, 1);

describe('MaxPoolGrad on wasm matches cpu (first maximum of each window gets the gradient)', () => {
  for (const c of poolCases) {
    const name = `x ${c.x} filter ${c.filter} strides ${c.strides} pad ${c.pad}`;
    const tiles = [c.filter].flat().join() === [c.strides].flat().join();
    // tfjs's own wasm kernel (overlapping windows) breaks ties differently and gives windows
    // whose maximum is <= 0 no gradient: distinct positive values only there.
    const valuesToTest: [string, (seed: number, n: number) => Float32Array][] = tiles
      ? [['random', randomValues], ['with ties', tiedValues]]
      : [['positive random', positiveValues]];
    for (const [kind, values] of valuesToTest) {
      it(`${name}, ${kind} values`, async () => {
        const y = tf.tidy(() => tf.maxPool(tf.zeros(c.x) as tf.Tensor4D, c.filter, c.strides, c.pad));
        const yShape = y.shape;
        y.dispose();
        await compareWithCpu(name, [{ values: values(3, size(c.x)), shape: c.x }, { values: randomValues(4, size(yShape)), shape: yShape }], (x, r) => {
          const f = (a: tf.Tensor): tf.Tensor => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, c.filter, c.strides, c.pad), r as tf.Tensor));
          return [tf.grad(f)(x as tf.Tensor)];
        });
      });
    }
  }

  it('relu then max-pool, the bench-cnn order, with windows of zeros', async () => {
    const shape = [2, 8, 8, 4];
    await compareWithCpu('relu + pool', [{ values: tiedValues(5, size(shape)), shape }, { values: randomValues(6, 2 * 4 * 4 * 4), shape: [2, 4, 4, 4] }], (x, r) => {
      const f = (a: tf.Tensor): tf.Tensor => tf.sum(tf.mul(tf.maxPool(tf.relu(a) as tf.Tensor4D, 2, 2, 'valid'), r as tf.Tensor));
      return [tf.grad(f)(x as tf.Tensor)];
    });
  });

  it('is replaced only for wasm, and the tensor count stays flat', async () => {
    expect(builtinWasmKernel('MaxPoolGrad')).toBeDefined();
    const x = tf.tensor(randomValues(7, 2 * 6 * 6 * 3), [2, 6, 6, 3]) as tf.Tensor4D;
    await flatOnWasm(() => tf.dispose(tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid')))(x)));
    x.dispose();
  });
});

describe('Sum (and Mean, built-in) on wasm match cpu', () => {
  const cases: { shape: number[]; axis: number | number[]; keepDims: boolean }[] = [
    { shape: [4, 5, 3, 6], axis: [0, 1, 2], keepDims: false }, // a bias gradient: pooled
    { shape: [4, 5, 3, 6], axis: [0, 1, 2], keepDims: true },
    { shape: [3, 4, 5, 2], axis: [1, 2], keepDims: false }, // global average pool: pooled
    { shape: [7, 9], axis: 0, keepDims: false },
    { shape: [1, 5, 3], axis: [0, 1], keepDims: true },
    { shape: [2, 3, 4], axis: [-3, -2], keepDims: false },
    { shape: [5, 1, 3], axis: 1, keepDims: false }, // one value per window
    { shape: [4, 6], axis: 1, keepDims: false }, // last axis: built-in kernel
    { shape: [3, 4, 5], axis: [0, 2], keepDims: false }, // scattered axes: built-in kernel
    { shape: [3, 4, 5], axis: [0, 1, 2], keepDims: false }, // everything: built-in kernel
  ];
  for (const c of cases) {
    it(`shape [${c.shape}] axis ${JSON.stringify(c.axis)} keepDims ${c.keepDims}`, async () => {
      await compareWithCpu('reduce', [{ values: randomValues(11, size(c.shape), -3, 3), shape: c.shape }], (x) => [
        tf.sum(x as tf.Tensor, c.axis, c.keepDims),
        tf.mean(x as tf.Tensor, c.axis, c.keepDims),
      ]);
    });
  }

  it('a large sum over the leading axes (bench-cnn bias gradient size)', async () => {
    const shape = [64, 32, 32, 8];
    await compareWithCpu('big sum', [{ values: randomValues(12, size(shape)), shape }], (x) => [tf.sum(x as tf.Tensor, [0, 1, 2]), tf.mean(x as tf.Tensor, [1, 2])]);
  });

  it('int32 sums are exact (built-in kernel)', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2], 'int32');
    const s = tf.sum(x, [0, 1]);
    expect(s.dtype).toBe('int32');
    expect(Array.from(s.dataSync())).toEqual([16, 20]);
    tf.dispose([x, s]);
  });

  it('keeps the tensor count flat', async () => {
    const x = tf.tensor(randomValues(13, 2 * 3 * 4 * 5), [2, 3, 4, 5]);
    await flatOnWasm(() => tf.dispose([tf.sum(x, [0, 1, 2]), tf.mean(x, [1, 2], true)]));
    x.dispose();
  });
});

describe('Identity and same-dtype Cast on wasm share data safely', () => {
  it('clone and cast keep their values after the original is freed', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    const x = tf.tensor2d([1.5, -2, 3, 4], [2, 2]);
    const c = tf.clone(x);
    const k = tf.cast(x, 'float32');
    const i = tf.cast(x, 'int32');
    x.dispose();
    expect(Array.from(c.dataSync())).toEqual([1.5, -2, 3, 4]);
    expect(Array.from(k.dataSync())).toEqual([1.5, -2, 3, 4]);
    expect(Array.from(i.dataSync())).toEqual([1, -2, 3, 4]);
    expect(i.dtype).toBe('int32');
    c.dispose();
    expect(Array.from(k.dataSync())).toEqual([1.5, -2, 3, 4]);
    tf.dispose([k, i]);
  });

  it('a variable assigned from a clone is independent of later assignments', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const snapshot = tf.clone(v);
    v.assign(tf.tensor1d([7, 8, 9]));
    expect(Array.from(snapshot.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(v.dataSync())).toEqual([7, 8, 9]);
    tf.dispose([v, snapshot]);
  });

  it('strings and bools keep working', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    const b = tf.tensor1d([true, false], 'bool');
    const bc = tf.cast(b, 'bool');
    const bf = tf.cast(b, 'float32');
    expect(Array.from(tf.clone(bc).dataSync())).toEqual([1, 0]);
    expect(Array.from(bf.dataSync())).toEqual([1, 0]);
    tf.dispose([b, bc, bf]);
  });

  it('frees the data once every sharer is gone', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    const before = tf.memory();
    const x = tf.tensor1d([1, 2, 3]);
    const inner = tf.clone(x);
    const copies = [inner, tf.clone(x), tf.cast(x, 'float32'), tf.clone(inner)];
    x.dispose();
    tf.dispose(copies);
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    expect(after.numBytes).toBe(before.numBytes);
  });
});

interface ConvCase {
  x: [number, number, number, number];
  w: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
}

// Input channels divisible by 4 (2 x 2 interleaved), by 2 (2 x 1), odd with stride 1 (grid), with
// strides, odd sizes, batch 1 and padding of every kind (src/core/backend/wasm-kernels/conv2dBackpropFilter.ts).
const filterCases: ConvCase[] = [
  { x: [2, 8, 6, 4], w: [3, 3, 4, 5], strides: 1, pad: 'same' },
  { x: [1, 7, 5, 8], w: [3, 3, 8, 3], strides: 1, pad: 'same' },
  { x: [3, 7, 9, 4], w: [3, 2, 4, 2], strides: 1, pad: 'valid' },
  { x: [1, 9, 7, 4], w: [3, 3, 4, 6], strides: 2, pad: 'same' },
  { x: [2, 8, 7, 8], w: [3, 3, 8, 4], strides: [2, 1], pad: 'valid' },
  { x: [1, 6, 5, 4], w: [1, 1, 4, 3], strides: 1, pad: 'same' },
  { x: [1, 5, 5, 4], w: [5, 5, 4, 2], strides: 1, pad: 'valid' }, // one output pixel
  { x: [2, 7, 5, 2], w: [3, 3, 2, 3], strides: 1, pad: 'same' },
  { x: [1, 8, 6, 6], w: [3, 3, 6, 2], strides: 2, pad: 1 },
  { x: [2, 7, 6, 3], w: [3, 3, 3, 8], strides: 1, pad: 'same' },
  { x: [1, 9, 8, 3], w: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  { x: [2, 6, 7, 5], w: [2, 3, 5, 3], strides: 1, pad: [[0, 0], [1, 0], [2, 0], [0, 0]] },
  { x: [1, 6, 6, 1], w: [3, 3, 1, 2], strides: 1, pad: 2 },
  { x: [2, 7, 7, 4], w: [3, 3, 4, 4], strides: 1, pad: [[0, 0], [0, 2], [1, 1], [0, 0]] },
  // x smaller than dy: the "Y" form (dy's channels as planes), interleaved 2 x 2, 2 x 1, or not.
  { x: [2, 6, 5, 2], w: [3, 3, 2, 8], strides: 1, pad: 'same' },
  { x: [1, 5, 7, 2], w: [3, 3, 2, 6], strides: 1, pad: 'same' },
  { x: [2, 7, 8, 2], w: [2, 3, 2, 8], strides: 1, pad: [[0, 0], [1, 0], [0, 2], [0, 0]] },
  { x: [1, 6, 6, 4], w: [3, 3, 4, 12], strides: 1, pad: 'valid' },
];

/**
 * dW by its definition, in float64 loops: dW[p, q, ci, co] = sum over b, i, j of
 * x[b, s*i + p - padTop, s*j + q - padLeft, ci] * dy[b, i, j, co]. (The cpu backend's
 * own filter gradient is replaced by this project's kernel too, src/core/backend/cpu-kernels.ts,
 * so it is no independent reference.)
 */
function filterGradientByDefinition(x: Float32Array, xShape: number[], dy: Float32Array, c: ConvCase): Float32Array {
  const info = backend_util.computeConv2DInfo(xShape as [number, number, number, number], c.w, c.strides, 1, c.pad);
  const [b, h, w, cin] = xShape as [number, number, number, number];
  const { outHeight: oh, outWidth: ow, outChannels: cout, filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const out = new Float32Array(kh * kw * cin * cout);
  for (let p = 0; p < kh; p++) for (let q = 0; q < kw; q++) for (let ci = 0; ci < cin; ci++) for (let co = 0; co < cout; co++) {
    let sum = 0;
    for (let n = 0; n < b; n++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
      const r = i * sh + p - top;
      const col = j * sw + q - left;
      if (r < 0 || r >= h || col < 0 || col >= w) continue;
      sum += (x[((n * h + r) * w + col) * cin + ci] ?? NaN) * (dy[((n * oh + i) * ow + j) * cout + co] ?? NaN);
    }
    out[((p * kw + q) * cin + ci) * cout + co] = sum;
  }
  return out;
}

describe('conv2d gradients on wasm: the filter gradient matches its definition, the input gradient cpu', () => {
  for (const c of filterCases) {
    const name = `x ${c.x} w ${c.w} strides ${c.strides} pad ${JSON.stringify(c.pad)}`;
    it(name, async () => {
      const y = tf.tidy(() => tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.w) as tf.Tensor4D, c.strides, c.pad));
      const yShape = y.shape;
      y.dispose();
      const data = [c.x, c.w, yShape].map((s, i) => ({ values: randomValues(20 + i, size(s)), shape: s }));
      const grads = (x: tf.Tensor, w: tf.Tensor, r: tf.Tensor): tf.Tensor[] =>
        tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), r)))([x, w]);
      const run = (): tf.Tensor[] => grads(...(data.map((d) => tf.tensor(d.values, d.shape)) as [tf.Tensor, tf.Tensor, tf.Tensor]));
      const [dxWant] = await on('cpu', run);
      const [dxGot, dwGot] = await on('wasm', run);
      expectClose(dxGot as Float32Array, dxWant as Float32Array, `${name} dx`);
      expectClose(dwGot as Float32Array, filterGradientByDefinition(data[0]!.values, c.x, data[2]!.values, c), `${name} dW`);
    });
  }

  it('bench-cnn sizes (batch 4): 32x32x3 -> 8, 16x16x8 -> 16, 8x8x16 -> 32', async () => {
    for (const [x, w] of [[[4, 32, 32, 3], [3, 3, 3, 8]], [[4, 16, 16, 8], [3, 3, 8, 16]], [[4, 8, 8, 16], [3, 3, 16, 32]]] as [number[], number[]][]) {
      const c: ConvCase = { x: x as ConvCase['x'], w: w as ConvCase['w'], strides: 1, pad: 'same' };
      const ys = [x[0]!, x[1]!, x[2]!, w[3]!];
      const data = [x, w, ys].map((s, i) => ({ values: randomValues(30 + i, size(s)), shape: s }));
      const [dw] = await on('wasm', () => {
        const [a, b, r] = data.map((d) => tf.tensor(d.values, d.shape));
        return [tf.grad((q: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, q as tf.Tensor4D, 1, 'same'), r!)))(b!)];
      });
      expectClose(dw as Float32Array, filterGradientByDefinition(data[0]!.values, x, data[2]!.values, c), `bench ${x} dW`);
    }
  });

  it('keeps the tensor count flat', async () => {
    const x = tf.tensor(randomValues(40, 2 * 6 * 6 * 4), [2, 6, 6, 4]) as tf.Tensor4D;
    const x3 = tf.tensor(randomValues(41, 2 * 6 * 6 * 3), [2, 6, 6, 3]) as tf.Tensor4D;
    const w = tf.tensor(randomValues(42, 3 * 3 * 4 * 2), [3, 3, 4, 2]) as tf.Tensor4D;
    const w3 = tf.tensor(randomValues(43, 3 * 3 * 3 * 2), [3, 3, 3, 2]) as tf.Tensor4D;
    await flatOnWasm(() => {
      tf.dispose(tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')))([x, w]));
      tf.dispose(tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')))([x3, w3]));
    });
    tf.dispose([x, x3, w, w3]);
  });
});
