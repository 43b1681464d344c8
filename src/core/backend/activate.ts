/**
 * Starts the backend that choose.ts picked, in the browser worker: loads the
 * backend package, calls `tf.setBackend`, checks both its boolean result and
 * `tf.getBackend()` (tfjs resolves `false` on failure and may quietly sit on
 * another backend), and walks down the choice's fallbacks when a start fails.
 * Returns what is really in use, with the reasons.
 *
 * Imported only from the worker bundle: the `?url` imports are Vite's (they
 * give the URLs of the .wasm files that `setWasmPaths` needs). choose.ts and
 * probe.ts stay importable from Node.
 *
 * wasm threads and minifiers: tfjs starts each XNNPACK pthread worker from
 * `factory.toString()` of its threaded Emscripten module. That source guards an
 * outer variable with `typeof _scriptDir !== "undefined"`; Vite's production
 * minifier renames the variable and drops the guard (it is declared in the
 * bundle), so every pthread worker dies with "e is not defined" and
 * `setBackend('wasm')` never settles. Seen in headless Chromium with `vite build`
 * (minified), fine unminified. So threads are used only when the bundled
 * factory still has its guard; otherwise WASM_HAS_MULTITHREAD_SUPPORT is turned
 * off and the single-threaded SIMD binary is used (the reason says so). Every
 * backend start also has a time limit, so a hang falls through to the next one.
 *
 * wasm thread count: the worker's XNNPACK threads are capped (wasmThreadCount)
 * so that training leaves at least half the logical cores, and never fewer
 * than one, to the page's main thread, the compositor and the GPU process:
 * on a 2-core machine training runs on one thread and the page keeps the other
 * core, which is what keeps the page's tasks short while it trains.
 */
import * as tf from '@tensorflow/tfjs-core';
// Gradients of every op: tfjs-core alone registers none, and training needs them.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendCandidate, BackendChoice, BackendName } from './choose';
import { registerCpuTrainingKernels } from './cpu-kernels';
import { registerWasmTrainingKernels } from './wasm-kernels';
import { registerWebGpuSafeAddN } from './webgpu-kernels/addN';

export interface BackendFailure {
  backend: BackendName;
  error: string;
}

export interface ActiveBackend {
  /** The backend tfjs is really on (`tf.getBackend()`). */
  backend: BackendName;
  /** Why: the choice's reason, plus what failed before it when it is a fallback. */
  reason: string;
  software: boolean;
  /** What the choice asked for first. */
  requested: BackendName;
  /** Backends tried before this one and why they did not start. */
  failures: BackendFailure[];
  /** For wasm: XNNPACK threads and whether the SIMD binary was loaded. */
  wasm?: { threads: number; simd: boolean };
}

/** Thrown when not even cpu could start (no tfjs backend package could be loaded). */
export class NoBackendError extends Error {
  override readonly name = 'NoBackendError';
  constructor(readonly failures: BackendFailure[]) {
    super(`No tfjs backend could start: ${failures.map((f) => `${f.backend}: ${f.error}`).join('; ')}`);
  }
}

/** Seams for tests; the defaults are the real thing. */
export interface ActivateHooks {
  /** Imports/registers the backend package; may return a note for the reason (e.g. threads disabled). */
  load: (name: BackendName) => Promise<string | void>;
  setBackend: (name: BackendName) => Promise<boolean>;
  getBackend: () => string;
}

export interface ActivateOptions {
  hooks?: ActivateHooks;
  /** Longest wait for one backend to initialise before trying the next (default 30 s). */
  initTimeoutMs?: number;
}

const inBrowser = (): boolean => {
  const g = globalThis as { document?: unknown; importScripts?: unknown };
  return g.document != null || typeof g.importScripts === 'function';
};

let wasmPathsSet = false;

/**
 * WebGL texture budget: once textures allocated (in use and pooled) pass this
 * many bytes, a freed texture is deleted instead of kept for reuse. tfjs keeps
 * every freed texture by default (-1), keyed by shape. When the augmentations
 * applied colour jitter and blur to a random subset of the batch, new shapes
 * kept coming and the pool grew by about 22 MB per 100 steps (tiny model, in
 * test/bench/browser-memory.bench.ts) while the bytes in use stayed flat. They
 * now keep fixed shapes (the pool stays flat); the budget remains a guard for
 * shapes that do change (batch or image size edits). 256 MB still leaves the
 * playground's models their reuse.
 */
export const WEBGL_TEXTURE_POOL_BYTES = 256 * 1024 * 1024;

/**
 * The same budget for WebGPU's buffer pool, which tfjs 4.22 never trims (its
 * BufferManager keeps every released buffer, keyed by size; the pool grew by
 * about 21 MB per 100 steps in the same benchmark): past the budget, a
 * released buffer is destroyed instead of pooled, as WebGL's threshold does.
 * tfjs releases a tensor's buffer only after the commands using it are
 * submitted, and itself destroys buffers this way (reuse = false).
 */
export const WEBGPU_BUFFER_POOL_BYTES = 256 * 1024 * 1024;

interface WebGpuBufferManager {
  numBytesAllocated: number;
  releaseBuffer(buffer: unknown, reuse?: boolean): void;
  __pooledUpTo?: number;
}

/** Caps the WebGPU backend's buffer pool at `budget` bytes allocated (see WEBGPU_BUFFER_POOL_BYTES). */
export function capWebGpuBufferPool(budget = WEBGPU_BUFFER_POOL_BYTES): boolean {
  const manager = (tf.backend() as unknown as { bufferManager?: WebGpuBufferManager }).bufferManager;
  if (!manager || typeof manager.releaseBuffer !== 'function') return false;
  if (manager.__pooledUpTo !== undefined) {
    manager.__pooledUpTo = budget;
    return true;
  }
  manager.__pooledUpTo = budget;
  const release = manager.releaseBuffer.bind(manager);
  manager.releaseBuffer = (buffer, reuse = true) => release(buffer, reuse && manager.numBytesAllocated <= manager.__pooledUpTo!);
  return true;
}

/** Most XNNPACK threads the worker uses, as tfjs's own default (XNNPACK gains little past 4). */
export const MAX_WASM_THREADS = 4;

/**
 * XNNPACK threads for a machine with `logicalCores` (navigator.hardwareConcurrency):
 * half of them, at least 1 and at most MAX_WASM_THREADS, so at least half (and
 * at least one core when there are two or more) stays free for the page.
 */
export function wasmThreadCount(logicalCores: number | undefined): number {
  const cores = Number.isFinite(logicalCores) && logicalCores! > 0 ? Math.floor(logicalCores!) : 1;
  return Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(cores / 2)));
}

/** Whether the bundled threaded wasm factory can still run as a pthread worker (see the file comment). */
async function threadedWasmSurvivedBundling(): Promise<boolean> {
  try {
    const mod = (await import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js')) as unknown as { default?: unknown };
    const factory = typeof mod.default === 'function' ? mod.default : mod;
    return typeof factory === 'function' && factory.toString().includes('typeof _scriptDir');
  } catch {
    return false;
  }
}

async function loadBackendPackage(name: BackendName): Promise<string | void> {
  switch (name) {
    case 'webgpu':
      await import('@tensorflow/tfjs-backend-webgpu');
      registerWebGpuSafeAddN();
      return;
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      // Bound the pool of freed textures (see WEBGL_TEXTURE_POOL_BYTES).
      tf.env().set('WEBGL_DELETE_TEXTURE_THRESHOLD', WEBGL_TEXTURE_POOL_BYTES);
      return;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      registerWasmTrainingKernels();
      // In Node the package finds its .wasm files itself (and runs single-threaded).
      if (!inBrowser()) return;
      if (!wasmPathsSet) {
        wasm.setWasmPaths({
          'tfjs-backend-wasm.wasm': wasmPlainUrl,
          'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
          'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
        });
        wasmPathsSet = true;
      }
      // Before the backend initialises (setBackend below): the count is read once, when it starts.
      wasm.setThreadsCount(wasmThreadCount((globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency));
      if ((await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true && !(await threadedWasmSurvivedBundling())) {
        tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
        return 'but threads are off: the minified threaded wasm module cannot start its worker threads, so the single-threaded SIMD build runs';
      }
      return;
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      registerCpuTrainingKernels();
      return;
  }
}

const realHooks: ActivateHooks = {
  load: loadBackendPackage,
  setBackend: async (name) => {
    const ok = await tf.setBackend(name);
    // Only after a success: on a fresh engine, tf.ready() would start whichever backend it likes best.
    if (ok) await tf.ready();
    return ok;
  },
  getBackend: () => tf.getBackend(),
};

const message = (e: unknown): string => (e instanceof Error ? e.message : typeof e === 'object' && e != null && 'message' in e ? String((e as { message: unknown }).message) : String(e));

async function wasmDetails(): Promise<{ threads: number; simd: boolean } | undefined> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
    return { threads: wasm.getThreadsCount(), simd };
  } catch {
    return undefined;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Activates `choice.backend`, else each of `choice.fallbacks` in turn, and
 * returns the one tfjs is really on. Throws NoBackendError if none starts.
 */
export async function activateBackend(choice: BackendChoice, options: ActivateOptions = {}): Promise<ActiveBackend> {
  const hooks = options.hooks ?? realHooks;
  const limit = options.initTimeoutMs ?? 30_000;
  const candidates: BackendCandidate[] = [choice, ...choice.fallbacks];
  const failures: BackendFailure[] = [];
  for (const candidate of candidates) {
    const name = candidate.backend;
    let note: string | void;
    try {
      note = await hooks.load(name);
      const ok = await withTimeout(hooks.setBackend(name), limit, `starting ${name}`);
      const actual = hooks.getBackend();
      if (!ok) throw new Error('tf.setBackend resolved false (the backend failed to initialise)');
      if (actual !== name) throw new Error(`tf.setBackend succeeded but tfjs is on "${actual}"`);
    } catch (e) {
      failures.push({ backend: name, error: message(e) });
      continue;
    }
    const fellBack = failures.length > 0 ? `; ${failures.map((f) => `${f.backend} failed to start (${f.error})`).join('; ')}` : '';
    const active: ActiveBackend = {
      backend: name,
      reason: `${candidate.reason}${note != null && note !== '' ? ` (${note})` : ''}${fellBack}`,
      software: candidate.software,
      requested: choice.backend,
      failures,
    };
    if (name === 'webgpu' && hooks === realHooks) capWebGpuBufferPool();
    if (name === 'wasm' && hooks === realHooks) {
      const details = await wasmDetails();
      if (details != null) active.wasm = details;
    }
    return active;
  }
  throw new NoBackendError(failures);
}
