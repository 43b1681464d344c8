/**
 * Browser side of the backend choice: fills a BackendProbe (choose.ts) from what
 * this page or worker can reach. Written against a loosely typed `globalThis`, so
 * it compiles for a dedicated worker and the main thread alike, and in Node simply
 * reports that WebGPU and WebGL are missing (wasm and cpu are then available).
 * Imports nothing from tfjs.
 */
import type { BackendProbe, WasmProbe, WebGlProbe, WebGpuProbe } from './choose';

/* Minimal structural types for what is read; the real DOM types differ between lib versions. */
interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface AdapterLike {
  info?: AdapterInfoLike;
  isFallbackAdapter?: boolean;
  name?: string;
  requestAdapterInfo?: () => Promise<AdapterInfoLike>;
}
interface GpuLike {
  requestAdapter: (options?: { powerPreference?: string }) => Promise<AdapterLike | null>;
}
interface GlLike {
  RENDERER: number;
  VENDOR: number;
  getParameter: (p: number) => unknown;
  getExtension: (name: string) => unknown;
}
interface CanvasLike {
  getContext: (kind: string, options?: Record<string, unknown>) => GlLike | null;
}
interface ProbeGlobals {
  navigator?: { gpu?: GpuLike };
  isSecureContext?: boolean;
  crossOriginIsolated?: boolean;
  SharedArrayBuffer?: unknown;
  WebAssembly?: { validate?: (bytes: Uint8Array) => boolean };
  OffscreenCanvas?: new (w: number, h: number) => CanvasLike;
  document?: { createElement: (tag: string) => CanvasLike };
}

const g = (): ProbeGlobals => globalThis as unknown as ProbeGlobals;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

const ADAPTER_TIMEOUT_MS = 5000;

/** Asks for a WebGPU adapter and reads its info (GPUAdapter.info, or the older requestAdapterInfo()). */
export async function probeWebGpu(): Promise<WebGpuProbe> {
  const gpu = g().navigator?.gpu;
  if (gpu == null) {
    const secure = g().isSecureContext === false ? ' (WebGPU needs a secure context: https or http://127.0.0.1)' : '';
    return { available: false, error: `navigator.gpu is missing${secure}` };
  }
  let adapter: AdapterLike | null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ADAPTER_TIMEOUT_MS / 1000} s`)), ADAPTER_TIMEOUT_MS);
    });
    adapter = await Promise.race([gpu.requestAdapter({ powerPreference: 'high-performance' }), timeout]);
  } catch (e) {
    return { available: false, error: `requestAdapter failed: ${message(e)}` };
  } finally {
    clearTimeout(timer);
  }
  if (adapter == null) return { available: false, error: 'requestAdapter() returned no adapter' };
  let info: AdapterInfoLike = adapter.info ?? {};
  if (adapter.info == null && typeof adapter.requestAdapterInfo === 'function') {
    try {
      info = await adapter.requestAdapterInfo();
    } catch {
      info = {};
    }
  }
  const probe: WebGpuProbe = {
    available: true,
    isFallbackAdapter: adapter.isFallbackAdapter === true || info.isFallbackAdapter === true,
  };
  const fields: Array<[keyof WebGpuProbe, unknown]> = [
    ['adapterName', adapter.name],
    ['vendor', info.vendor],
    ['architecture', info.architecture],
    ['device', info.device],
    ['description', info.description],
  ];
  for (const [key, value] of fields) {
    const v = text(value);
    if (v != null) (probe as unknown as Record<string, unknown>)[key] = v;
  }
  return probe;
}

function makeCanvas(): CanvasLike | null {
  const globals = g();
  if (typeof globals.OffscreenCanvas === 'function') return new globals.OffscreenCanvas(1, 1);
  if (globals.document != null) return globals.document.createElement('canvas');
  return null;
}

/** Opens a WebGL2 (else WebGL1) context and reads the unmasked renderer where the browser allows it. */
export function probeWebGl(): WebGlProbe {
  let canvas: CanvasLike | null;
  try {
    canvas = makeCanvas();
  } catch (e) {
    return { available: false, error: `no canvas: ${message(e)}` };
  }
  if (canvas == null) return { available: false, error: 'neither OffscreenCanvas nor document is available' };
  let gl: GlLike | null = null;
  let version: 1 | 2 = 2;
  try {
    gl = canvas.getContext('webgl2');
    if (gl == null) {
      version = 1;
      gl = canvas.getContext('webgl');
    }
  } catch (e) {
    return { available: false, error: `getContext failed: ${message(e)}` };
  }
  if (gl == null) return { available: false, error: 'the browser returned no WebGL context' };
  const probe: WebGlProbe = { available: true, version };
  try {
    const ext = gl.getExtension('WEBGL_debug_renderer_info') as { UNMASKED_RENDERER_WEBGL: number; UNMASKED_VENDOR_WEBGL: number } | null;
    const renderer = text(ext != null ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : undefined) ?? text(gl.getParameter(gl.RENDERER));
    const vendor = text(ext != null ? gl.getParameter(ext.UNMASKED_VENDOR_WEBGL) : undefined) ?? text(gl.getParameter(gl.VENDOR));
    if (renderer != null) probe.renderer = renderer;
    if (vendor != null) probe.vendor = vendor;
  } catch {
    // Renderer hidden: choose.ts then assumes hardware and says so.
  }
  try {
    const lose = gl.getExtension('WEBGL_lose_context') as { loseContext: () => void } | null;
    lose?.loseContext();
  } catch {
    // Freeing the probe context is best effort.
  }
  return probe;
}

/**
 * A tiny module whose one function returns a v128 (i32.const 0; i32x4.splat):
 * it validates only where WebAssembly SIMD is supported.
 */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x11, 0x0b, // code: i32.const 0, i32x4.splat, end
]);

/** WebAssembly itself, SIMD (by validating SIMD_PROBE) and threads (cross-origin isolation plus SharedArrayBuffer). */
export function probeWasm(): WasmProbe {
  const globals = g();
  const wasm = globals.WebAssembly;
  if (wasm == null || typeof wasm.validate !== 'function') return { available: false, threads: false, simd: false, error: 'WebAssembly is missing' };
  let simd = false;
  try {
    simd = wasm.validate(SIMD_PROBE);
  } catch {
    simd = false;
  }
  const threads = globals.crossOriginIsolated === true && typeof globals.SharedArrayBuffer === 'function';
  return { available: true, threads, simd };
}

/** Everything choose.ts needs; never throws (a failed probe is reported as unavailable with its error). */
export async function probeBackends(): Promise<BackendProbe> {
  const webgpu = await probeWebGpu().catch((e: unknown): WebGpuProbe => ({ available: false, error: message(e) }));
  let webgl: WebGlProbe;
  try {
    webgl = probeWebGl();
  } catch (e) {
    webgl = { available: false, error: message(e) };
  }
  return { webgpu, webgl, wasm: probeWasm(), cpu: true };
}
