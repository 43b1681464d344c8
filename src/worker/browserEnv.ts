/**
 * The trainer's environment inside the browser worker: probing and starting a
 * tfjs backend, noticing a lost GPU, fetching the packed datasets from the app's
 * own origin, decoding user images.
 */
import * as tf from '@tensorflow/tfjs-core';
import { activateBackend } from '../core/backend/activate';
import { BackendUnavailableError, chooseBackend, type BackendName as CoreBackendName, type BackendProbe } from '../core/backend/choose';
import { probeBackends } from '../core/backend/probe';
import { decodeToSquare } from './dataset/decode';
import type { BackendName, BackendPreference } from './protocol';
import type { BackendReport, TrainerEnv } from './trainer';

export function createBrowserEnv(): TrainerEnv {
  let lostHandler: ((detail: string) => void) | undefined;
  let probe: BackendProbe | undefined;
  const base = new URL(import.meta.env.BASE_URL, self.location.origin);

  return {
    async activateBackend(preference: BackendPreference, exclude: BackendName[]): Promise<BackendReport> {
      probe ??= await probeBackends();
      const usable = withoutBackends(probe, exclude);
      let choice;
      let note = '';
      try {
        choice = chooseBackend(usable, preference === 'auto' ? undefined : preference);
      } catch (err) {
        if (!(err instanceof BackendUnavailableError)) throw err;
        note = `${err.message}; `;
        choice = chooseBackend(usable);
      }
      const active = await activateBackend(choice);
      if (active.backend === 'webgpu') watchWebGpuDevice((detail) => lostHandler?.(detail));
      if (active.backend === 'webgl') watchWebGlContext((detail) => lostHandler?.(detail));
      const report: BackendReport = { backend: active.backend, reason: note + active.reason, software: active.software };
      const adapter = active.backend === 'webgpu'
        ? [probe.webgpu?.vendor, probe.webgpu?.architecture, probe.webgpu?.description || probe.webgpu?.adapterName].filter(Boolean).join(' ')
        : active.backend === 'webgl' ? probe.webgl?.renderer : undefined;
      if (adapter) report.adapter = adapter;
      if (active.wasm) report.threads = active.wasm.threads;
      return report;
    },
    datasetDeps: {
      fetchBytes: async (path) => {
        const response = await fetch(new URL(path, base));
        if (!response.ok) throw new Error(`could not load ${path} (${response.status} ${response.statusText})`);
        return new Uint8Array(await response.arrayBuffer());
      },
      decode: decodeToSquare,
    },
    onDeviceLost(handler) {
      lostHandler = handler;
    },
    loseDevice() {
      const backend = tf.backend() as unknown as { device?: { destroy?: () => void }; gpgpu?: { gl?: WebGLRenderingContext } };
      if (tf.getBackend() === 'webgpu' && backend.device?.destroy) {
        backend.device.destroy();
        return true;
      }
      const lose = tf.getBackend() === 'webgl' ? backend.gpgpu?.gl?.getExtension('WEBGL_lose_context') : null;
      if (lose) {
        lose.loseContext();
        return true;
      }
      return false;
    },
    yieldToEventLoop: () => new Promise((resolve) => setTimeout(resolve, 0)),
    now: () => performance.now(),
  };
}

/** The probe with the backends that already failed this session marked unavailable. */
function withoutBackends(probe: BackendProbe, exclude: readonly CoreBackendName[]): BackendProbe {
  const out: BackendProbe = { ...probe };
  if (exclude.includes('webgpu')) out.webgpu = { available: false, error: 'it failed earlier in this session' };
  if (exclude.includes('webgl')) out.webgl = { available: false, error: 'it failed earlier in this session' };
  if (exclude.includes('wasm')) out.wasm = { available: false, threads: false, simd: false, error: 'it failed earlier in this session' };
  return out;
}

interface DeviceLike { lost?: Promise<{ message?: string; reason?: string }> }

function watchWebGpuDevice(onLost: (detail: string) => void): void {
  const device = (tf.backend() as unknown as { device?: DeviceLike }).device;
  device?.lost?.then((info) => onLost(`WebGPU device lost${info.reason ? ` (${info.reason})` : ''}${info.message ? `: ${info.message}` : ''}`));
}

function watchWebGlContext(onLost: (detail: string) => void): void {
  const canvas = (tf.backend() as unknown as { gpgpu?: { gl?: { canvas?: EventTarget } } }).gpgpu?.gl?.canvas;
  canvas?.addEventListener('webglcontextlost', () => onLost('WebGL context lost'));
}
