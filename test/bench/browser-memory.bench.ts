/**
 * Worker memory over a long run in the browser: for each backend, serves the
 * built app (`dist/`, run `npm run build` first), opens it in headless Chromium
 * on that backend with a tiny model (WebGL and WebGPU are SwiftShader here, so
 * software and slow), runs `--steps` training steps `--every` at a time through
 * `window.__simclr.play()`, and each time the step count passes a multiple of
 * `--every` reads the worker's tf.memory() as sent with its latest metrics
 * (`window.__simclr.workerMemory()`). Prints one JSON line per backend:
 *
 *   {"backend":"webgl","steps":200,"numTensors":{"first":..,"last":..,"max":..,"slope_per_100_steps":0},
 *    "numBytes":{...},"numBytesInGPU":{...},"numBytesInGPUAllocated":{...},"flat":true,...}
 *
 * `first` is the sample after the first batch (so the optimiser's lazily made
 * slots and the backend's first allocations are in it); the slope is the least
 * squares fit of the samples against the step count, per 100 steps. A series is
 * flat when its slope is within `--tolerance` (a fraction of its first value
 * per 100 steps; 0 for the tensor count, which must not move at all). Figures a
 * backend does not expose are left out (wasm has no GPU bytes; its heap size
 * is reported instead, and it only grows).
 *
 *   npx tsx test/bench/browser-memory.bench.ts [--backends wasm,webgl,webgpu] [--steps 200] [--every 10] [--hash '...'] [--tolerance 0.01] [--max-minutes 30]
 */
import { parseArgs } from 'node:util';
import { launchChromium, watchErrors } from '../e2e/support/browser';
import { PlaygroundPage } from '../e2e/page';
import type { WorkerMemorySample } from '../../src/state/testApi';
import { serveDist } from './serveDist';

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'wasm,webgl,webgpu' },
    steps: { type: 'string', default: '200' },
    every: { type: 'string', default: '10' },
    /** The model and batch: tiny, so that 200 steps on a software GPU take a minute or two. */
    hash: { type: 'string', default: 'encoder.kind=bench-cnn&encoder.width=4&batchSize=8&imageSize=16&head.hiddenDim=16&head.outDim=16' },
    tolerance: { type: 'string', default: '0.01' },
    /** Per backend: stop after this long even if the steps are not done (the line says how many ran). */
    'max-minutes': { type: 'string', default: '30' },
    dist: { type: 'string' },
  },
});

type Field = Exclude<keyof WorkerMemorySample, 'step'>;
const FIELDS: Field[] = ['numTensors', 'numDataBuffers', 'numBytes', 'numBytesInGPU', 'numBytesInGPUAllocated', 'numBytesInGPUFree', 'gpuBuffersInUse', 'gpuBuffersFree', 'wasmHeapBytes'];
/** Series that must stay flat for the run to count as leak-free (the pools and the wasm heap may grow to a plateau). */
const MUST_BE_FLAT: Field[] = ['numTensors', 'numDataBuffers', 'numBytes', 'numBytesInGPU', 'gpuBuffersInUse'];

export interface SeriesSummary {
  first: number;
  last: number;
  max: number;
  min: number;
  slope_per_100_steps: number;
}

/** Least-squares slope of y against x, times 100. */
export function slopePer100(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 100;
}

export function summarise(samples: WorkerMemorySample[], field: Field): SeriesSummary | undefined {
  const points = samples.filter((s) => typeof s[field] === 'number');
  if (points.length === 0) return undefined;
  const ys = points.map((s) => s[field] as number);
  return {
    first: ys[0]!,
    last: ys[ys.length - 1]!,
    max: Math.max(...ys),
    min: Math.min(...ys),
    slope_per_100_steps: Math.round(slopePer100(points.map((s) => s.step), ys) * 100) / 100,
  };
}

const steps = Number(values.steps);
const every = Math.max(1, Number(values.every));
const tolerance = Number(values.tolerance);
const maxMinutes = Number(values['max-minutes']);
const server = await serveDist(values.dist);
const browser = await launchChromium();
let failed = false;
try {
  for (const backend of values.backends.split(',').map((b) => b.trim()).filter(Boolean)) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = watchErrors(page);
    const t0 = Date.now();
    try {
      const app = new PlaygroundPage(page);
      await app.open(server.url, `backend=${backend}&${values.hash}`);
      const ready = await app.whenReady(300_000);
      if (ready.backend !== backend) throw new Error(`asked for ${backend}, the worker is on ${ready.backend}`);
      const samples: WorkerMemorySample[] = [];
      // Train without stopping and read the memory sent with the metrics batches as they come: a
      // sample each time the step count passes a multiple of `every`. A batch is sent between
      // steps (after a step's metrics), so every sample sees the same set of live tensors.
      const start = ready.step;
      const deadline = Date.now() + maxMinutes * 60_000;
      let next = start + every;
      await app.play();
      while (next <= start + steps && Date.now() < deadline) {
        const m = await page.evaluate(() => window.__simclr!.workerMemory());
        const s = await app.state();
        if (s.notices.some((n) => n.kind === 'error')) throw new Error(`error notice: ${s.notices.filter((n) => n.kind === 'error').map((n) => n.message).join('; ')}`);
        if (m && m.step >= next) {
          samples.push(m);
          next = Math.max(next + every, Math.ceil((m.step + 1) / every) * every);
        } else {
          await page.waitForTimeout(250);
        }
      }
      await app.pause();
      const done = (samples[samples.length - 1]?.step ?? start) - start;
      const series: Partial<Record<Field, SeriesSummary>> = {};
      for (const field of FIELDS) {
        const s = summarise(samples, field);
        if (s) series[field] = s;
      }
      if (samples.length < 2) throw new Error(`only ${samples.length} memory samples in ${maxMinutes} min (${done} steps)`);
      const flat = MUST_BE_FLAT.every((field) => {
        const s = series[field];
        if (!s) return true;
        const limit = field === 'numTensors' || field === 'numDataBuffers' || field === 'gpuBuffersInUse' ? 0 : tolerance * Math.max(1, s.first);
        return Math.abs(s.slope_per_100_steps) <= limit && s.last <= s.first + limit;
      });
      if (!flat) failed = true;
      const state = await app.state();
      console.log(JSON.stringify({
        backend,
        steps: done,
        complete: done >= steps,
        samples: samples.length,
        seconds_per_step: done > 0 ? Math.round(((Date.now() - t0) / 1000 / done) * 100) / 100 : null,
        every,
        flat,
        ...series,
        seconds: Math.round((Date.now() - t0) / 100) / 10,
        loss: state.loss,
        errors: errors.length,
        hash: values.hash,
      }));
      if (errors.length > 0) console.error(errors.join('\n'));
    } catch (err) {
      failed = true;
      console.log(JSON.stringify({ backend, error: (err as Error).message.split('\n')[0], seconds: Math.round((Date.now() - t0) / 100) / 10, errors: errors.slice(0, 5) }));
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
process.exitCode = failed ? 1 : 0;
