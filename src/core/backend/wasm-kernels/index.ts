/**
 * Training kernels for tfjs 4.22's wasm backend, which registers no
 * Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter,
 * DepthwiseConv2dNativeBackpropInput or UnsortedSegmentSum kernel (so a CNN, or
 * anything through `gather`, cannot train there), whose Conv2DBackpropInput is
 * about 10x slower than a forward convolution of the same size, and whose
 * matrix products with a transposed operand (every matMul gradient) are 10-60x
 * slower than plain ones.
 *
 * Also replaced, because a training step spends time in them (bench-cnn, see
 * each file): MaxPoolGrad (a scalar loop, 5-15x slower than element-wise ops),
 * Sum over leading axes (a transpose first; an average pool instead),
 * Identity and same-dtype Cast (a full copy; shared data instead).
 *
 * Every kernel here is composed of fast wasm ops (XNNPACK convolutions, pools
 * and element-wise ops, plain matrix products, transposes, contiguous slices,
 * ScatterNd), never a per-element JavaScript loop, and frees its
 * intermediates (geometry.ts explains how a result is returned). Measured
 * figures are in each file's comment; `npx tsx test/bench/wasm-kernels.bench.ts`
 * times the convolution kernels, `npm run bench` the whole step.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter';
import { conv2dBackpropInputConfig } from './conv2dBackpropInput';
import { depthwiseBackpropFilterConfig } from './depthwiseBackpropFilter';
import { depthwiseBackpropInputConfig } from './depthwiseBackpropInput';
import { explicitTransposeMatMul } from './matMul';
import { tilingMaxPoolGrad } from './maxPoolGrad';
import { pooledSum } from './reduceByPooling';
import { sharingCast, sharingIdentity } from './shareData';
import { unsortedSegmentSumConfig } from './unsortedSegmentSum';

export { conv2dFilterGradient } from './conv2dBackpropFilter';
export { conv2dInputGradient } from './conv2dBackpropInput';
export { depthwiseFilterGradient } from './depthwiseBackpropFilter';
export { depthwiseInputGradient } from './depthwiseBackpropInput';
export { unsortedSegmentSumByScatter } from './unsortedSegmentSum';

/** Kernels tfjs 4.22's wasm backend lacks: registered only where none is registered yet. */
const MISSING: readonly KernelConfig[] = [
  conv2dBackpropFilterConfig,
  depthwiseBackpropFilterConfig,
  depthwiseBackpropInputConfig,
  unsortedSegmentSumConfig,
];

/** Built-in wasm kernels that measured slower than a formulation here: name -> replacement, given the built-in. */
const REPLACEMENTS: ReadonlyArray<[string, (builtin: KernelConfig) => KernelConfig]> = [
  ['Conv2DBackpropInput', () => conv2dBackpropInputConfig],
  ['BatchMatMul', explicitTransposeMatMul],
  ['_FusedMatMul', explicitTransposeMatMul],
  ['MaxPoolGrad', tilingMaxPoolGrad],
  ['Identity', sharingIdentity],
  ['Cast', sharingCast],
  ['Sum', pooledSum],
];

/** kernelFuncs registered by this module, so a second call recognises them. */
const ours = new Set<KernelFunc>(MISSING.map((k) => k.kernelFunc));
/** The wasm backend's own kernels that were replaced, by name. */
const replaced = new Map<string, KernelConfig>();

/**
 * Registers the training kernels for backendName 'wasm' (before or after the
 * wasm backend is initialised; other backends are untouched). Idempotent: a
 * second call does nothing.
 */
export function registerWasmTrainingKernels(): void {
  for (const config of MISSING) {
    if (tf.getKernel(config.kernelName, 'wasm') == null) tf.registerKernel(config);
  }
  for (const [name, makeReplacement] of REPLACEMENTS) {
    const current = tf.getKernel(name, 'wasm');
    if (current == null || ours.has(current.kernelFunc)) continue;
    const replacement: KernelConfig = {
      // Keep the built-in's setupFunc (its wasm bindings) registered: the
      // replacement may call it, and so may builtinWasmKernel's callers.
      ...current,
      ...makeReplacement(current),
    };
    replacement.setupFunc = current.setupFunc;
    replacement.disposeFunc = current.disposeFunc;
    ours.add(replacement.kernelFunc);
    replaced.set(name, current);
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(replacement);
  }
}

/** The wasm backend's own kernel that `registerWasmTrainingKernels` replaced, if any (for benchmarks and tests). */
export function builtinWasmKernel(kernelName: string): KernelConfig | undefined {
  return replaced.get(kernelName);
}
