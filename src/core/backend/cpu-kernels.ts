/**
 * A faster filter gradient for tfjs's plain JavaScript `cpu` backend, the last
 * fallback of the playground and the backend of much of the test suite.
 *
 * tfjs 4.22's cpu Conv2DBackpropFilter walks every element through TensorBuffer
 * index arithmetic: in one bench-cnn step at batch 8 it took 85 s of 90 s (the
 * forward convolutions: 2 s). The wasm backend's filter gradient
 * (wasm-kernels/conv2dBackpropFilter.ts: forward convolutions with the batch and
 * channel axes swapped) is built from ops only, so it runs on cpu too, where the
 * forward Conv2D kernel is far faster than the built-in filter gradient.
 * Measured with `tf.profile` on one bench-cnn step at batch 8 (shared 2-core machine): the
 * filter gradient went from 85,378 ms to 1,236 ms; `npm run bench -- --backends cpu` times whole steps.
 */
import * as tf from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterConfig } from './wasm-kernels/conv2dBackpropFilter';

let registered = false;
let builtin: tf.KernelConfig | undefined;

/** Replaces cpu's Conv2DBackpropFilter once; safe to call again. */
export function registerCpuTrainingKernels(): void {
  if (registered) return;
  registered = true;
  builtin = tf.getKernel('Conv2DBackpropFilter', 'cpu');
  if (builtin) tf.unregisterKernel('Conv2DBackpropFilter', 'cpu');
  tf.registerKernel({ ...conv2dBackpropFilterConfig, backendName: 'cpu' });
}

/** The kernel tfjs registered for cpu before the replacement (for tests that compare both). */
export function builtinCpuFilterGradient(): tf.KernelConfig | undefined {
  return builtin;
}
