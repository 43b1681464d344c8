/**
 * Benchmarks of the wasm training kernels (src/core/backend/wasm-kernels) against
 * the forward convolution and tfjs's own wasm kernels. One JSON line per
 * measurement: median milliseconds over `REPS` runs after warm-up, one thread.
 *
 *   npx tsx test/bench/wasm-kernels.bench.ts
 *
 * bench-cnn's convolutions (test/bench README): batch 64, 3x3 'same', stride 1:
 * 32x32x3 -> 32, 16x16x32 -> 64, 8x8x64 -> 128; plus stride-2 and depthwise shapes
 * that a small ResNet or MobileNet-style encoder would use.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import {
  builtinWasmKernel,
  conv2dFilterGradient,
  conv2dInputGradient,
  depthwiseFilterGradient,
  depthwiseInputGradient,
  registerWasmTrainingKernels,
  unsortedSegmentSumByScatter,
} from '../../src/core/backend/wasm-kernels';

const REPS = Number(process.env.REPS ?? 7);
const WARMUP = 2;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? NaN) + (s[m] ?? NaN)) / 2;
}

/** Median ms of `fn`, whose returned tensors are read back (forcing completion) and freed. */
function time(fn: () => tf.Tensor | tf.Tensor[]): number {
  const once = (): number => {
    const t0 = performance.now();
    const out = fn();
    const outs = Array.isArray(out) ? out : [out];
    for (const t of outs) t.dataSync();
    const ms = performance.now() - t0;
    tf.dispose(outs);
    return ms;
  };
  for (let i = 0; i < WARMUP; i++) once();
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) times.push(once());
  return median(times);
}

function report(kernel: string, formulation: string, shape: string, ms: number): void {
  console.log(JSON.stringify({ kernel, formulation, shape, medianMs: Math.round(ms * 10) / 10, reps: REPS }));
}

/** Runs the wasm backend's own Conv2DBackpropInput (the one our registration replaced). */
function builtinBackpropInput(dy: tf.Tensor4D, w: tf.Tensor4D, inputShape: number[], strides: number, pad: 'same' | 'valid'): tf.Tensor {
  const k = builtinWasmKernel('Conv2DBackpropInput');
  if (k == null) throw new Error('the built-in wasm Conv2DBackpropInput was not captured');
  const info = k.kernelFunc({
    inputs: { dy, filter: w },
    backend: tf.backend(),
    attrs: { strides, pad, dataFormat: 'NHWC', inputShape } as unknown as tf.NamedAttrMap,
  }) as tf.TensorInfo;
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** Runs the wasm backend's own BatchMatMul (before the explicit-transpose wrapper). */
function builtinMatMul(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): tf.Tensor {
  const k = builtinWasmKernel('BatchMatMul');
  if (k == null) throw new Error('the built-in wasm BatchMatMul was not captured');
  const info = k.kernelFunc({ inputs: { a, b }, backend: tf.backend(), attrs: { transposeA, transposeB } }) as tf.TensorInfo;
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** The input gradient by upsampling dy with zeros (stride s) and one stride-1 convolution: the alternative to phases. */
function upsampledBackpropInput(dy: tf.Tensor4D, w: tf.Tensor4D, inputShape: number[], s: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, oh, ow, c] = dy.shape;
    const [kh, kw] = w.shape;
    const [, h, wd] = inputShape as [number, number, number, number];
    const spread = tf.reshape(tf.pad(tf.reshape(dy, [b, oh, 1, ow, 1, c]), [[0, 0], [0, 0], [0, s - 1], [0, 0], [0, s - 1], [0, 0]]), [b, oh * s, ow * s, c]) as tf.Tensor4D;
    const padH = Math.max(0, (oh - 1) * s + kh - h);
    const padW = Math.max(0, (ow - 1) * s + kw - wd);
    const top = kh - 1 - Math.floor(padH / 2);
    const left = kw - 1 - Math.floor(padW / 2);
    const bottom = h + kh - 1 - top - oh * s;
    const right = wd + kw - 1 - left - ow * s;
    const flipped = tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    return tf.conv2d(spread, flipped, 1, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  });
}

/** Depthwise filter gradient as one multiply-and-reduce per filter tap: the alternative to one batch-folded depthwise conv. */
function perTapDepthwiseFilter(x: tf.Tensor4D, dy: tf.Tensor4D, kh: number, kw: number): tf.Tensor {
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape;
    const xp = tf.pad(x, [[0, 0], [Math.floor((kh - 1) / 2), kh - 1 - Math.floor((kh - 1) / 2)], [Math.floor((kw - 1) / 2), kw - 1 - Math.floor((kw - 1) / 2)], [0, 0]]);
    const taps: tf.Tensor[] = [];
    for (let p = 0; p < kh; p++) {
      for (let q = 0; q < kw; q++) {
        taps.push(tf.sum(tf.mul(tf.slice(xp, [0, p, q, 0], [b, h, w, c]), dy), [0, 1, 2]));
      }
    }
    return tf.reshape(tf.stack(taps), [kh, kw, c, 1]);
  });
}

async function main(): Promise<void> {
  if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend did not start');
  await tf.ready();
  registerWasmTrainingKernels();
  const rand = (shape: number[]): tf.Tensor => tf.randomUniform(shape, -1, 1, 'float32', 42);

  const convs: Array<{ h: number; c: number; co: number; s: number }> = [
    { h: 32, c: 3, co: 32, s: 1 },
    { h: 16, c: 32, co: 64, s: 1 },
    { h: 8, c: 64, co: 128, s: 1 },
    { h: 32, c: 32, co: 64, s: 2 },
    { h: 16, c: 64, co: 128, s: 2 },
  ];
  for (const { h, c, co, s } of convs) {
    const n = 64;
    const x = rand([n, h, h, c]) as tf.Tensor4D;
    const w = rand([3, 3, c, co]) as tf.Tensor4D;
    const oh = Math.ceil(h / s);
    const dy = rand([n, oh, oh, co]) as tf.Tensor4D;
    const shape = `${n}x${h}x${h}x${c} -> ${co}, 3x3 same, stride ${s}`;
    report('Conv2D', 'forward conv2d (XNNPACK)', shape, time(() => tf.conv2d(x, w, s, 'same')));
    report('Conv2DBackpropInput', 'tfjs wasm built-in', shape, time(() => builtinBackpropInput(dy, w, x.shape, s, 'same')));
    report('Conv2DBackpropInput', s === 1 ? 'ours: conv2d of dy with rotated filter' : 'ours: one conv2d per output phase', shape, time(() => conv2dInputGradient(dy, w, x.shape, s, 'same')));
    if (s > 1) report('Conv2DBackpropInput', 'alternative: dy upsampled with zeros + one conv2d', shape, time(() => upsampledBackpropInput(dy, w, x.shape, s)));
    report('Conv2DBackpropFilter', 'ours: conv2d with batch and channels swapped', shape, time(() => conv2dFilterGradient(x, dy, w.shape, s, 'same')));
    tf.dispose([x, w, dy]);
  }

  const depthwise: Array<{ h: number; c: number; s: number }> = [
    { h: 32, c: 32, s: 1 },
    { h: 16, c: 64, s: 2 },
  ];
  for (const { h, c, s } of depthwise) {
    const n = 64;
    const x = rand([n, h, h, c]) as tf.Tensor4D;
    const w = rand([3, 3, c, 1]) as tf.Tensor4D;
    const oh = Math.ceil(h / s);
    const dy = rand([n, oh, oh, c]) as tf.Tensor4D;
    const shape = `${n}x${h}x${h}x${c}, depthwise 3x3 same, stride ${s}`;
    report('DepthwiseConv2dNative', 'forward (XNNPACK)', shape, time(() => tf.depthwiseConv2d(x, w, s, 'same')));
    report('DepthwiseConv2dNativeBackpropInput', 'ours: depthwise conv per output phase', shape, time(() => depthwiseInputGradient(dy, w, x.shape, s, 'same')));
    report('DepthwiseConv2dNativeBackpropFilter', 'ours: one depthwise conv, batch folded into channels', shape, time(() => depthwiseFilterGradient(x, dy, w.shape, s, 'same')));
    if (s === 1) report('DepthwiseConv2dNativeBackpropFilter', 'alternative: multiply-and-reduce per tap', shape, time(() => perTapDepthwiseFilter(x, dy, 3, 3)));
    tf.dispose([x, w, dy]);
  }

  {
    const values = rand([4096, 128]);
    const ids = tf.randomUniform([4096], 0, 1000, 'int32', 7);
    report('UnsortedSegmentSum', 'ours: ScatterNd', '4096x128 into 1000 segments', time(() => unsortedSegmentSumByScatter(values, ids, 1000)));
    tf.dispose([values, ids]);
  }

  for (const [n, k, m] of [[64, 128, 128], [128, 512, 64], [512, 256, 256]] as const) {
    const a = rand([n, k]) as tf.Tensor2D;
    const b = rand([n, m]) as tf.Tensor2D;
    const aT = tf.transpose(a);
    const bT = tf.transpose(b);
    const tA = `A^T B, A [${n},${k}], B [${n},${m}]`;
    const tB = `A B^T, A [${k},${n}], B [${m},${n}]`;
    report('BatchMatMul', 'tfjs wasm built-in, transposeA', tA, time(() => builtinMatMul(a, b, true, false)));
    report('BatchMatMul', 'ours: explicit transpose + plain product', tA, time(() => tf.matMul(a, b, true, false)));
    report('BatchMatMul', 'tfjs wasm built-in, transposeB', tB, time(() => builtinMatMul(aT, bT, false, true)));
    report('BatchMatMul', 'ours: explicit transpose + plain product', tB, time(() => tf.matMul(aT, bT, false, true)));
    report('BatchMatMul', 'plain product (reference)', `[${k},${n}] x [${n},${m}]`, time(() => tf.matMul(aT, b)));
    tf.dispose([a, b, aT, bT]);
  }
  console.log(JSON.stringify({ numTensorsAtEnd: tf.memory().numTensors }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
