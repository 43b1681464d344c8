/** Backend choice (pure logic, src/core/backend/choose.ts) and the Node side of probe.ts. */
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError, chooseBackend, rankBackends, type BackendProbe } from '../../../src/core/backend/choose';
import { probeBackends, probeWasm } from '../../../src/core/backend/probe';

const wasmOnly = { available: true, threads: false, simd: true };
const hardwareGpu = { available: true, isFallbackAdapter: false, vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA GeForce RTX 3060' };
const swiftShaderGpu = { available: true, isFallbackAdapter: true, vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader Device (Subzero)' };
const hardwareGl = { available: true, renderer: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)' };
const swiftShaderGl = { available: true, renderer: 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)' };
const llvmpipeGl = { available: true, renderer: 'llvmpipe (LLVM 15.0.6, 256 bits)' };

describe('chooseBackend', () => {
  it('picks wasm over a software WebGPU adapter (and a SwiftShader WebGL)', () => {
    const probe: BackendProbe = { webgpu: swiftShaderGpu, webgl: swiftShaderGl, wasm: wasmOnly, cpu: true };
    const choice = chooseBackend(probe);
    expect(choice.backend).toBe('wasm');
    expect(choice.software).toBe(false);
    expect(choice.fallbacks.map((c) => c.backend)).toEqual(['webgl', 'webgpu', 'cpu']);
    expect(choice.fallbacks.slice(0, 2).every((c) => c.software)).toBe(true);
  });

  it('treats an adapter naming SwiftShader as software even without isFallbackAdapter', () => {
    const probe: BackendProbe = { webgpu: { ...swiftShaderGpu, isFallbackAdapter: false }, wasm: wasmOnly, cpu: true };
    expect(chooseBackend(probe).backend).toBe('wasm');
  });

  it('puts hardware WebGPU above everything', () => {
    const probe: BackendProbe = { webgpu: hardwareGpu, webgl: hardwareGl, wasm: { available: true, threads: true, simd: true }, cpu: true };
    const choice = chooseBackend(probe);
    expect(choice.backend).toBe('webgpu');
    expect(choice.software).toBe(false);
    expect(choice.reason).toMatch(/hardware/);
    expect(choice.fallbacks.map((c) => c.backend)).toEqual(['webgl', 'wasm', 'cpu']);
  });

  it('puts hardware WebGL above wasm when WebGPU is software or missing', () => {
    expect(chooseBackend({ webgpu: swiftShaderGpu, webgl: hardwareGl, wasm: wasmOnly, cpu: true }).backend).toBe('webgl');
    expect(chooseBackend({ webgpu: { available: false }, webgl: hardwareGl, wasm: wasmOnly, cpu: true }).backend).toBe('webgl');
  });

  it('counts SwiftShader and llvmpipe WebGL renderers as software', () => {
    for (const webgl of [swiftShaderGl, llvmpipeGl]) {
      const ranked = rankBackends({ webgl, wasm: wasmOnly, cpu: true });
      expect(ranked.map((c) => c.backend)).toEqual(['wasm', 'webgl', 'cpu']);
      expect(ranked[1]?.software).toBe(true);
      expect(ranked[1]?.reason).toMatch(/software/);
    }
  });

  it('uses a software GPU when wasm is missing, WebGL before WebGPU, and cpu last', () => {
    const choice = chooseBackend({ webgpu: swiftShaderGpu, webgl: llvmpipeGl, wasm: { available: false, threads: false, simd: false }, cpu: true });
    expect(choice.backend).toBe('webgl');
    expect(choice.software).toBe(true);
    expect(choice.fallbacks.map((c) => c.backend)).toEqual(['webgpu', 'cpu']);
  });

  it('falls to cpu when nothing else is there', () => {
    const choice = chooseBackend({ cpu: true });
    expect(choice).toMatchObject({ backend: 'cpu', software: false, fallbacks: [] });
    expect(choice.reason).toMatch(/nothing faster/);
  });

  it('mentions threads only when the page is cross-origin isolated', () => {
    expect(chooseBackend({ wasm: { available: true, threads: true, simd: true }, cpu: true }).reason).toMatch(/multi-threaded/);
    expect(chooseBackend({ wasm: wasmOnly, cpu: true }).reason).toMatch(/single-threaded/);
  });

  it('honours a forced backend that is available, even a software one', () => {
    const probe: BackendProbe = { webgpu: swiftShaderGpu, webgl: hardwareGl, wasm: wasmOnly, cpu: true };
    const forced = chooseBackend(probe, 'webgpu');
    expect(forced).toMatchObject({ backend: 'webgpu', software: true, forced: 'webgpu' });
    expect(forced.reason).toMatch(/forced/);
    expect(forced.fallbacks.map((c) => c.backend)).toEqual(['webgl', 'wasm', 'cpu']);
    expect(chooseBackend(probe, 'cpu').backend).toBe('cpu');
    expect(chooseBackend(probe, 'wasm').backend).toBe('wasm');
  });

  it('refuses a forced backend that is not available, naming it', () => {
    const probe: BackendProbe = { webgpu: { available: false, error: 'navigator.gpu is missing' }, wasm: wasmOnly, cpu: true };
    expect(() => chooseBackend(probe, 'webgpu')).toThrow(BackendUnavailableError);
    expect(() => chooseBackend(probe, 'webgpu')).toThrow(/webgpu.*not available.*navigator\.gpu is missing/);
    expect(() => chooseBackend(probe, 'webgl')).toThrow(/webgl/);
    try {
      chooseBackend(probe, 'webgl');
    } catch (e) {
      expect(e).toBeInstanceOf(BackendUnavailableError);
      expect((e as BackendUnavailableError).backend).toBe('webgl');
    }
  });

  it('rejects a name that is no backend', () => {
    expect(() => chooseBackend({ cpu: true }, 'tpu')).toThrow(/Unknown backend "tpu"/);
  });

  it('ignores an empty forced name', () => {
    expect(chooseBackend({ wasm: wasmOnly, cpu: true }, '').backend).toBe('wasm');
  });
});

describe('probe in Node', () => {
  it('reports no WebGPU or WebGL, and wasm with SIMD', async () => {
    const probe = await probeBackends();
    expect(probe.webgl?.available).toBe(false);
    expect(probe.wasm).toMatchObject({ available: true, simd: true, threads: false });
    expect(chooseBackend(probe).backend).toBe('wasm');
  });

  it('detects SIMD by validating a module (Node 20 has SIMD)', () => {
    expect(probeWasm().simd).toBe(true);
  });
});
