/**
 * Which tfjs backend to train on, from what the browser (or Node) was probed
 * to offer (see probe.ts). Pure logic: no DOM, no tfjs, importable from Node.
 *
 * Preference, fastest first on the machines this project has seen:
 *   1. WebGPU on a hardware adapter
 *   2. WebGL on a hardware renderer
 *   3. wasm (XNNPACK; multi-threaded when the page is cross-origin isolated, SIMD when
 *      the engine has it), with the project's training kernels (wasm-kernels/)
 *   4. software GPU: WebGL first, then WebGPU (SwiftShader in headless Chromium measured
 *      about 3,500 ms a bench-cnn step on WebGL and 7,000 ms on WebGPU, far slower
 *      than wasm), where a WebGPU adapter is software when `isFallbackAdapter` is set or
 *      its info names SwiftShader/llvmpipe, and a WebGL renderer when it names
 *      SwiftShader, llvmpipe, softpipe or Microsoft's Basic Render Driver
 *   5. cpu (plain JavaScript; always there)
 *
 * A forced backend (a URL or settings choice) is honoured when it is available, even
 * when it is software; when it is not, `chooseBackend` throws BackendUnavailableError
 * naming it (a typed error rather than an error field, so no caller can forget the
 * check; catch it to show `message`).
 */

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** What `navigator.gpu.requestAdapter()` gave (GPUAdapterInfo fields where the browser exposes them). */
export interface WebGpuProbe {
  available: boolean;
  isFallbackAdapter?: boolean;
  adapterName?: string;
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  /** Why it is unavailable, when it is not. */
  error?: string;
}

/** A WebGL context's renderer string (UNMASKED_RENDERER_WEBGL where allowed). */
export interface WebGlProbe {
  available: boolean;
  renderer?: string;
  vendor?: string;
  /** 2 for a WebGL2 context, 1 for WebGL1. */
  version?: 1 | 2;
  error?: string;
}

export interface WasmProbe {
  available: boolean;
  /** Multi-threading possible: SharedArrayBuffer and a cross-origin isolated page. */
  threads: boolean;
  simd: boolean;
  error?: string;
}

export interface BackendProbe {
  webgpu?: WebGpuProbe;
  webgl?: WebGlProbe;
  wasm?: WasmProbe;
  cpu: true;
}

export interface BackendCandidate {
  backend: BackendName;
  /** One sentence for the UI: why this backend. */
  reason: string;
  /** True when a GPU backend runs on a software rasteriser (SwiftShader, llvmpipe): a GPU in name only. False for wasm and cpu. */
  software: boolean;
}

export interface BackendChoice extends BackendCandidate {
  /** The other usable backends in preference order (always ending with cpu), for when the choice fails to start. */
  fallbacks: BackendCandidate[];
  /** Set when the choice was forced by the caller. */
  forced?: BackendName;
}

/** A forced backend that this browser or machine cannot run. */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
  constructor(
    readonly backend: BackendName,
    readonly detail: string,
  ) {
    super(`The ${backend} backend was requested but is not available here: ${detail}`);
  }
}

const SOFTWARE_GPU = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render/i;

/** Whether the probed WebGPU adapter is a software rasteriser, and what names it so. */
export function webGpuSoftware(probe: WebGpuProbe): { software: boolean; because: string } {
  if (probe.isFallbackAdapter === true) return { software: true, because: 'the adapter is a fallback (software) adapter' };
  const fields = [probe.adapterName, probe.vendor, probe.architecture, probe.device, probe.description];
  const named = fields.find((f) => f != null && SOFTWARE_GPU.test(f));
  if (named != null) return { software: true, because: `the adapter reports "${named}"` };
  return { software: false, because: '' };
}

/** Whether the probed WebGL renderer is a software rasteriser. */
export function webGlSoftware(probe: WebGlProbe): { software: boolean; because: string } {
  const r = probe.renderer;
  if (r != null && SOFTWARE_GPU.test(r)) return { software: true, because: `the renderer is "${r}"` };
  return { software: false, because: '' };
}

function describeAdapter(p: WebGpuProbe): string {
  const parts = [p.vendor, p.architecture, p.device, p.description ?? p.adapterName].filter((s): s is string => s != null && s !== '');
  return parts.length > 0 ? parts.join(' / ') : 'adapter details hidden by the browser';
}

/** Every usable backend with its reason, in preference order (cpu last). */
export function rankBackends(probe: BackendProbe): BackendCandidate[] {
  const hardware: BackendCandidate[] = [];
  const software: BackendCandidate[] = [];
  const gpu = probe.webgpu;
  if (gpu?.available) {
    const s = webGpuSoftware(gpu);
    if (s.software) {
      software.push({ backend: 'webgpu', software: true, reason: `WebGPU is only a software rasteriser here (${s.because}), much slower than wasm` });
    } else {
      hardware.push({ backend: 'webgpu', software: false, reason: `WebGPU on a hardware adapter (${describeAdapter(gpu)})` });
    }
  }
  const gl = probe.webgl;
  if (gl?.available) {
    const s = webGlSoftware(gl);
    const version = gl.version === 1 ? 'WebGL1' : 'WebGL';
    if (s.software) {
      software.unshift({ backend: 'webgl', software: true, reason: `${version} is only a software rasteriser here (${s.because}), much slower than wasm` });
    } else {
      const renderer = gl.renderer != null && gl.renderer !== '' ? `renderer "${gl.renderer}"` : 'renderer not disclosed, assumed hardware';
      hardware.push({ backend: 'webgl', software: false, reason: `${version} on a hardware GPU (${renderer})` });
    }
  }
  const order: BackendCandidate[] = [...hardware];
  const wasm = probe.wasm;
  if (wasm?.available) {
    const threads = wasm.threads ? 'multi-threaded (the page is cross-origin isolated)' : 'single-threaded (the page is not cross-origin isolated)';
    const simd = wasm.simd ? 'with SIMD' : 'without SIMD (slower)';
    const why = hardware.length === 0 ? 'no hardware GPU backend is available; ' : '';
    order.push({ backend: 'wasm', software: false, reason: `${why}WebAssembly on the CPU, ${threads}, ${simd}` });
  }
  order.push(...software);
  order.push({ backend: 'cpu', software: false, reason: 'plain JavaScript on the CPU, the slowest backend' });
  return order;
}

function isAvailable(probe: BackendProbe, name: BackendName): { ok: boolean; detail: string } {
  if (name === 'cpu') return { ok: true, detail: '' };
  const entry = probe[name];
  if (entry == null) return { ok: false, detail: `${name} was not probed` };
  if (!entry.available) return { ok: false, detail: entry.error ?? `the browser does not provide ${name}` };
  return { ok: true, detail: '' };
}

/**
 * The backend to use: the preferred available one, or `forced` when given and
 * available. Throws BackendUnavailableError when `forced` is not available, and
 * a plain Error for a name that is no backend at all.
 */
export function chooseBackend(probe: BackendProbe, forced?: BackendName | string | null): BackendChoice {
  const ranked = rankBackends(probe);
  if (forced != null && forced !== '') {
    if (!(BACKEND_NAMES as readonly string[]).includes(forced)) {
      throw new Error(`Unknown backend "${forced}": expected one of ${BACKEND_NAMES.join(', ')}`);
    }
    const name = forced as BackendName;
    const { ok, detail } = isAvailable(probe, name);
    if (!ok) throw new BackendUnavailableError(name, detail);
    const own = ranked.find((c) => c.backend === name);
    const software = own?.software ?? false;
    return {
      backend: name,
      software,
      reason: `forced to ${name} by request${own != null ? ` (${own.reason})` : ''}`,
      fallbacks: ranked.filter((c) => c.backend !== name),
      forced: name,
    };
  }
  const [best, ...rest] = ranked;
  if (best == null) throw new Error('chooseBackend: no backend at all (cpu should always be there)');
  const reason = best.backend === 'cpu' ? `nothing faster is available: ${best.reason}` : best.reason;
  return { ...best, reason, fallbacks: rest };
}
