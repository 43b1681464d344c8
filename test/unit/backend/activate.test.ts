/**
 * activateBackend (src/core/backend/activate.ts): the fallback walk with fake
 * hooks, then for real in Node, where WebGPU cannot start and wasm can.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { activateBackend, NoBackendError, type ActivateHooks } from '../../../src/core/backend/activate';
import { chooseBackend, type BackendChoice, type BackendName } from '../../../src/core/backend/choose';

let startBackend = 'cpu';
beforeAll(() => {
  startBackend = tf.getBackend() ?? 'cpu';
});
afterAll(async () => {
  await tf.setBackend(startBackend);
});

const choice: BackendChoice = {
  backend: 'webgpu',
  reason: 'WebGPU on a hardware adapter',
  software: false,
  fallbacks: [
    { backend: 'webgl', reason: 'WebGL on a hardware GPU', software: false },
    { backend: 'wasm', reason: 'WebAssembly on the CPU', software: false },
    { backend: 'cpu', reason: 'plain JavaScript', software: false },
  ],
};

function fakeHooks(behaviour: Partial<Record<BackendName, 'ok' | 'false' | 'throws' | 'wrong'>>): ActivateHooks & { current: string } {
  const state = { current: 'cpu' };
  return {
    get current() {
      return state.current;
    },
    load: async (name) => {
      if (behaviour[name] === 'throws') throw new Error(`${name} package failed to load`);
    },
    setBackend: async (name) => {
      const b = behaviour[name] ?? 'ok';
      if (b === 'false') return false;
      if (b === 'wrong') return true; // claims success but stays where it was
      state.current = name;
      return true;
    },
    getBackend: () => state.current,
  };
}

describe('activateBackend with fake hooks', () => {
  it('uses the choice when it starts', async () => {
    const active = await activateBackend(choice, { hooks: fakeHooks({}) });
    expect(active).toMatchObject({ backend: 'webgpu', requested: 'webgpu', failures: [] });
  });

  it('checks the boolean and the backend really in use, and falls down the list with reasons', async () => {
    const active = await activateBackend(choice, { hooks: fakeHooks({ webgpu: 'false', webgl: 'wrong', wasm: 'ok' }) });
    expect(active.backend).toBe('wasm');
    expect(active.requested).toBe('webgpu');
    expect(active.failures.map((f) => f.backend)).toEqual(['webgpu', 'webgl']);
    expect(active.failures[0]?.error).toMatch(/resolved false/);
    expect(active.failures[1]?.error).toMatch(/tfjs is on "cpu"/);
    expect(active.reason).toMatch(/webgpu failed to start/);
  });

  it('gives up on a backend that never finishes starting and tries the next', async () => {
    const hooks = fakeHooks({});
    const hanging: ActivateHooks = { ...hooks, setBackend: (name) => (name === 'webgpu' ? new Promise<boolean>(() => {}) : hooks.setBackend(name)), getBackend: () => hooks.current };
    const active = await activateBackend(choice, { hooks: hanging, initTimeoutMs: 50 });
    expect(active.backend).toBe('webgl');
    expect(active.failures[0]?.error).toMatch(/did not finish/);
  });

  it('throws NoBackendError naming every failure when nothing starts', async () => {
    await expect(activateBackend(choice, { hooks: fakeHooks({ webgpu: 'throws', webgl: 'false', wasm: 'false', cpu: 'throws' }) })).rejects.toThrow(NoBackendError);
  });
});

describe('activateBackend for real in Node', () => {
  it('starts wasm with the training kernels registered', async () => {
    const active = await activateBackend(chooseBackend({ wasm: { available: true, threads: false, simd: true }, cpu: true }));
    expect(active.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(active.wasm?.simd).toBe(true);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('falls back from a WebGPU that cannot start here to wasm', async () => {
    const active = await activateBackend({ ...choice, fallbacks: choice.fallbacks.filter((c) => c.backend !== 'webgl') });
    expect(active.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(active.failures.map((f) => f.backend)).toEqual(['webgpu']);
  });
});
