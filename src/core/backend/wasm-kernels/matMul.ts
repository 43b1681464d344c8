/**
 * BatchMatMul and _FusedMatMul for the wasm backend with transposeA or
 * transposeB: tfjs 4.22's wasm kernels hand a plain product to XNNPACK but run
 * transposed operands through a slow loop. Every gradient of a matrix product
 * asks for a transposed operand (dA = dY B^T, dB = A^T dY), so on wasm the
 * backward pass of a dense layer paid that price. Transposing the operand
 * explicitly (a cheap copy) and running the plain product is much faster.
 *
 * Measured here (Node 20, one thread, medians; test/bench/wasm-kernels.bench.ts),
 * built-in with the flag vs explicit transpose + plain product:
 *   A^T B, A [64,128], B [64,128]:    1.4-6.2 ms  vs 0.1-0.2 ms
 *   A^T B, A [128,512], B [128,64]:   16.7-18.7 ms vs 0.5-0.6 ms
 *   A B^T, A [512,128], B [64,128]:   5.1-7.7 ms  vs 0.5 ms
 *   A^T B, A [512,256], B [512,256]:  72.7-114 ms vs 3.2-3.6 ms
 *   A B^T, A [256,512], B [256,512]:  54.3-60.1 ms vs 8 ms
 * Batched products (batch > 1) are slow on wasm in every form (about 0.5
 * GFLOP/s; explicit transposes won there in one case and lost in another), so
 * they are passed to the built-in kernel unchanged.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap } from '@tensorflow/tfjs-core';
import { asTensor } from './geometry';

interface MatMulFlags {
  transposeA: boolean;
  transposeB: boolean;
}

const batchSize = (shape: readonly number[]): number => shape.slice(0, -2).reduce((a, b) => a * b, 1);

/** The same tensor with its last two axes swapped. */
function swapLastTwo(t: tf.Tensor): tf.Tensor {
  const perm = t.shape.map((_, i) => i);
  const n = perm.length;
  perm[n - 2] = n - 1;
  perm[n - 1] = n - 2;
  return tf.transpose(t, perm);
}

/**
 * Wraps the wasm backend's own `builtin` kernel (BatchMatMul or _FusedMatMul,
 * both with inputs a and b and attrs transposeA / transposeB): unbatched
 * products with a transposed operand get it transposed explicitly first.
 */
export function explicitTransposeMatMul(builtin: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: NamedTensorInfoMap; backend: {}; attrs?: NamedAttrMap }): tf.TensorInfo | tf.TensorInfo[] => {
    const flags = args.attrs as unknown as MatMulFlags;
    const { a, b } = args.inputs;
    if (a == null || b == null || !(flags.transposeA || flags.transposeB) || batchSize(a.shape) !== 1 || batchSize(b.shape) !== 1) {
      return builtin.kernelFunc(args);
    }
    const made: tf.Tensor[] = [];
    try {
      const inputs: NamedTensorInfoMap = { ...args.inputs };
      if (flags.transposeA) {
        const t = tf.tidy(() => swapLastTwo(asTensor(a)));
        made.push(t);
        inputs.a = t;
      }
      if (flags.transposeB) {
        const t = tf.tidy(() => swapLastTwo(asTensor(b)));
        made.push(t);
        inputs.b = t;
      }
      // The built-in kernel returns a fresh TensorInfo (its own data, one
      // reference) that the engine wraps; only our transposes are freed here.
      return builtin.kernelFunc({ ...args, inputs, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    } finally {
      tf.dispose(made);
    }
  };
  // The built-in's setupFunc (its wasm function bindings) must stay registered,
  // or a wasm backend initialised after this replacement could not call it.
  return { ...builtin, kernelFunc: kernelFunc as unknown as KernelFunc };
}
