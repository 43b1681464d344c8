/**
 * Selects the tfjs backend for a unit-test file from `TFJS_BACKEND` (cpu or wasm)
 * and fails loudly if tfjs silently fell back to another one.
 */
import { beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { setupNodeBackend } from '../../src/core/backend/node';

const wanted = process.env.TFJS_BACKEND ?? 'cpu';

beforeAll(async () => {
  // Component tests run in a DOM environment (happy-dom) and never touch tfjs.
  if (typeof window !== 'undefined') return;
  await setupNodeBackend(wanted === 'wasm' ? 'wasm' : 'cpu');
  if (tf.getBackend() !== wanted) throw new Error(`tests asked for backend ${wanted} but tfjs is on ${tf.getBackend()}`);
});
