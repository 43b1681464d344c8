/**
 * Backend set-up for Node (tests and the command line). Only `cpu` and `wasm`
 * exist there; `@tensorflow/tfjs-node` cannot be installed on this project's machines.
 */
import * as tf from '@tensorflow/tfjs-core';
// Gradients of every op (tf.grad, tf.variableGrads): tfjs-core alone registers none, and its
// ESM file `dist/register_all_gradients` cannot load in plain Node (directory imports). The
// umbrella package's Node build requires this same tfjs-core and registers them all.
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerCpuTrainingKernels } from './cpu-kernels';
import { registerWasmTrainingKernels } from './wasm-kernels';

export type NodeBackendName = 'cpu' | 'wasm';

/**
 * Sets `name` as the tfjs backend and waits until it is ready; throws if tfjs refused it.
 * For wasm it also registers the training kernels tfjs 4.22's wasm lacks (./wasm-kernels).
 */
export async function setupNodeBackend(name: NodeBackendName): Promise<void> {
  // tfjs's cpu backend prints an advert for @tensorflow/tfjs-node on first use; it cannot
  // be installed on this project's machines, so the advert is only noise. PROD silences
  // tfjs's console warnings and changes nothing else.
  tf.env().set('PROD', true);
  if (name === 'wasm') registerWasmTrainingKernels();
  if (name === 'cpu') registerCpuTrainingKernels();
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) {
    throw new Error(`tfjs could not start the ${name} backend (it is on ${tf.getBackend()})`);
  }
}
