/**
 * The worker's tfjs memory as plain numbers, attached to each metrics batch
 * (MetricsMessage.memory) so that leak checks can watch it from the page:
 * `window.__simclr.workerMemory()` and test/bench/browser-memory.bench.ts.
 * Reads counters only (tf.memory() and the backend's own), no GPU sync.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { WorkerMemory } from './protocol';

interface BackendInternals {
  /** webgpu */
  bufferManager?: { getNumUsedBuffers?: () => number; getNumFreeBuffers?: () => number };
  /** wasm */
  wasm?: { HEAPU8?: Uint8Array };
}

const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

export function workerMemory(): WorkerMemory {
  const m = tf.memory() as tf.MemoryInfo & {
    numBytesInGPU?: number;
    numBytesInGPUAllocated?: number;
    numBytesAllocatedInGPU?: number;
    numBytesInGPUFree?: number;
  };
  const out: WorkerMemory = { numTensors: m.numTensors, numDataBuffers: m.numDataBuffers, numBytes: m.numBytes };
  const inGpu = finite(m.numBytesInGPU);
  if (inGpu !== undefined) out.numBytesInGPU = inGpu;
  // webgl names it numBytesInGPUAllocated, webgpu numBytesAllocatedInGPU.
  const allocated = finite(m.numBytesInGPUAllocated) ?? finite(m.numBytesAllocatedInGPU);
  if (allocated !== undefined) out.numBytesInGPUAllocated = allocated;
  const free = finite(m.numBytesInGPUFree);
  if (free !== undefined) out.numBytesInGPUFree = free;
  let backend: BackendInternals | undefined;
  try {
    backend = tf.backend() as unknown as BackendInternals;
  } catch {
    backend = undefined;
  }
  const used = finite(backend?.bufferManager?.getNumUsedBuffers?.());
  const pooled = finite(backend?.bufferManager?.getNumFreeBuffers?.());
  if (used !== undefined) out.gpuBuffersInUse = used;
  if (pooled !== undefined) out.gpuBuffersFree = pooled;
  const heap = finite(backend?.wasm?.HEAPU8?.byteLength);
  if (heap !== undefined) out.wasmHeapBytes = heap;
  return out;
}
