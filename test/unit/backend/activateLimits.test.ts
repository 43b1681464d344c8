/**
 * The two limits activate.ts puts on backends: how many XNNPACK threads the
 * wasm backend gets for a machine's logical cores (wasmThreadCount), and the
 * cap on WebGPU's buffer pool (capWebGpuBufferPool). There is no WebGPU in
 * Node, so the cap is tested on a stand-in buffer manager that keeps the books
 * as tfjs 4.22's BufferManager does (tfjs-backend-webgpu/dist/buffer_manager.js:
 * a released buffer is pooled when `reuse`, else destroyed and its bytes taken
 * off numBytesAllocated), hung on the live backend for the test's duration.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { capWebGpuBufferPool, MAX_WASM_THREADS, wasmThreadCount } from '../../../src/core/backend/activate';

describe('wasmThreadCount', () => {
  it('uses half the logical cores, at least 1 and at most MAX_WASM_THREADS', () => {
    expect(MAX_WASM_THREADS).toBe(4);
    const table: [number, number][] = [[1, 1], [2, 1], [3, 1], [4, 2], [5, 2], [6, 3], [8, 4], [9, 4], [16, 4], [128, 4]];
    for (const [cores, threads] of table) expect([cores, wasmThreadCount(cores)]).toEqual([cores, threads]);
  });

  it('leaves at least half the cores (and one core from two up) to the page', () => {
    for (let cores = 1; cores <= 64; cores++) {
      const threads = wasmThreadCount(cores);
      expect(threads).toBeGreaterThanOrEqual(1);
      expect(threads).toBeLessThanOrEqual(MAX_WASM_THREADS);
      if (cores >= 2) {
        expect(cores - threads).toBeGreaterThanOrEqual(Math.ceil(cores / 2));
        expect(cores - threads).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('takes one thread when hardwareConcurrency is missing or nonsense, and rounds fractions down', () => {
    for (const cores of [undefined, 0, -4, Number.NaN, Number.POSITIVE_INFINITY]) expect(wasmThreadCount(cores)).toBe(1);
    expect(wasmThreadCount(5.9)).toBe(2);
    expect(wasmThreadCount(1.5)).toBe(1);
  });
});

interface FakeBuffer {
  size: number;
  destroyed: boolean;
  destroy(): void;
}

/** Just what capWebGpuBufferPool touches: numBytesAllocated and releaseBuffer(buffer, reuse = true). */
class FakeBufferManager {
  numBytesAllocated = 0;
  pool: FakeBuffer[] = [];
  destroyed: FakeBuffer[] = [];
  __pooledUpTo?: number;

  acquire(size: number): FakeBuffer {
    const pooled = this.pool.findIndex((b) => b.size === size);
    if (pooled >= 0) return this.pool.splice(pooled, 1)[0]!;
    this.numBytesAllocated += size;
    const buffer: FakeBuffer = { size, destroyed: false, destroy: () => { buffer.destroyed = true; } };
    return buffer;
  }

  releaseBuffer(buffer: FakeBuffer, reuse = true): void {
    if (reuse) {
      this.pool.push(buffer);
    } else {
      buffer.destroy();
      this.destroyed.push(buffer);
      this.numBytesAllocated -= buffer.size;
    }
  }
}

describe('capWebGpuBufferPool', () => {
  let backend: { bufferManager?: unknown };
  beforeAll(async () => {
    await tf.ready();
    backend = tf.backend() as unknown as { bufferManager?: unknown };
  });
  afterEach(() => {
    delete backend.bufferManager;
  });

  it('does nothing on a backend without a buffer manager', () => {
    expect(backend.bufferManager).toBeUndefined();
    expect(capWebGpuBufferPool(100)).toBe(false);
    backend.bufferManager = { numBytesAllocated: 0 };
    expect(capWebGpuBufferPool(100)).toBe(false);
  });

  it('pools freed buffers while the bytes allocated are within the budget, and destroys them beyond it', () => {
    const manager = new FakeBufferManager();
    backend.bufferManager = manager;
    expect(capWebGpuBufferPool(100)).toBe(true);

    const a = manager.acquire(40);
    const b = manager.acquire(40);
    expect(manager.numBytesAllocated).toBe(80);
    manager.releaseBuffer(a);
    expect(manager.pool).toEqual([a]);
    expect(a.destroyed).toBe(false);
    // Reused from the pool: nothing new allocated.
    expect(manager.acquire(40)).toBe(a);
    expect(manager.numBytesAllocated).toBe(80);

    const c = manager.acquire(30); // 110 bytes allocated: past the budget
    manager.releaseBuffer(c);
    expect(c.destroyed).toBe(true);
    expect(manager.numBytesAllocated).toBe(80);
    expect(manager.pool).toEqual([]);
    // Exactly at the budget still pools.
    const d = manager.acquire(20);
    expect(manager.numBytesAllocated).toBe(100);
    manager.releaseBuffer(d);
    expect(d.destroyed).toBe(false);
    expect(manager.pool).toEqual([d]);
    // tfjs's own reuse = false is kept.
    manager.releaseBuffer(b, false);
    expect(b.destroyed).toBe(true);
    expect(manager.numBytesAllocated).toBe(60);
  });

  it('capping again changes the budget without wrapping twice', () => {
    const manager = new FakeBufferManager();
    backend.bufferManager = manager;
    capWebGpuBufferPool(100);
    const wrapped = manager.releaseBuffer;
    expect(capWebGpuBufferPool(50)).toBe(true);
    expect(manager.releaseBuffer).toBe(wrapped);
    expect(manager.__pooledUpTo).toBe(50);
    const a = manager.acquire(60);
    manager.releaseBuffer(a);
    expect(a.destroyed).toBe(true);
    expect(manager.destroyed).toEqual([a]);
  });
});
