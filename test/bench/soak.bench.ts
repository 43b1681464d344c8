/**
 * A soak run: `--minutes` (default 10) of training in headless Chromium on the
 * wasm backend while the settings keep changing. Every `--interval` seconds
 * one action, drawn with a fixed seed: pause (the next action resumes), a new
 * temperature, colour strength, batch size (which rebuilds the model: step 0
 * again), learning rate, or an augmentation switched on or off. Every
 * `--checkpoint` seconds the settings go back to the starting ones, a few
 * steps run, and the worker's tf.memory() is read while paused: at the same
 * settings the tensor count and bytes must be the same every time (no leak).
 *
 * At the end: the run is paused, saved (IndexedDB, `waitForSaved`), the page
 * reloaded, and the restored run must be at the saved step with the same
 * settings, paused. (Without a saved-run API on window.__simclr it checks
 * the URL-hash round trip instead: a new page opened at the hash has the same
 * settings.)
 *
 * Collected all along: console errors and uncaught exceptions, and the app's
 * error notices. Prints one JSON line; exit code 1 when anything failed.
 *
 *   npx tsx test/bench/soak.bench.ts [--minutes 10] [--interval 4] [--checkpoint 60] [--hash 'backend=wasm'] [--seed 1]
 *
 * Needs `npm run build` first (it serves dist/).
 */
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { launchChromium, watchErrors } from '../e2e/support/browser';
import { PlaygroundPage } from '../e2e/page';
import type { ConfigPatch, TrainConfig } from '../../src/core/config';
import type { SimclrTestState, WorkerMemorySample } from '../../src/state/testApi';
import { serveDist } from './serveDist';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    interval: { type: 'string', default: '4' },
    checkpoint: { type: 'string', default: '60' },
    hash: { type: 'string', default: 'backend=wasm' },
    seed: { type: 'string', default: '1' },
    dist: { type: 'string' },
  },
});

const minutes = Number(values.minutes);
const intervalMs = Number(values.interval) * 1000;
const checkpointMs = Number(values.checkpoint) * 1000;

/** mulberry32: the bench's own seeded draws (which action, which value). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(Number(values.seed));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

type ActionKind = 'pause' | 'resume' | 'temperature' | 'colour-strength' | 'batch-size' | 'learning-rate' | 'augment-toggle';
const CHANGES: ActionKind[] = ['pause', 'temperature', 'colour-strength', 'batch-size', 'learning-rate', 'augment-toggle'];
const TOGGLED_OPS = ['blur', 'colorDrop', 'flip', 'colorJitter'] as const;

/** The settings the soak changes, as they were at the start: the patch that puts them back. */
function baselinePatch(c: TrainConfig): ConfigPatch {
  return {
    batchSize: c.batchSize,
    loss: { temperature: c.loss.temperature },
    optimizer: { learningRate: c.optimizer.learningRate },
    augment: {
      colorJitter: { enabled: c.augment.colorJitter.enabled, strength: c.augment.colorJitter.strength },
      blur: { enabled: c.augment.blur.enabled },
      colorDrop: { enabled: c.augment.colorDrop.enabled },
      flip: { enabled: c.augment.flip.enabled },
    },
  } as ConfigPatch;
}

function randomChange(kind: ActionKind, c: TrainConfig): ConfigPatch | null {
  switch (kind) {
    case 'temperature':
      return { loss: { temperature: pick([0.1, 0.2, 0.5, 1]) } } as ConfigPatch;
    case 'colour-strength':
      return { augment: { colorJitter: { strength: pick([0.25, 0.5, 1]) } } } as ConfigPatch;
    case 'batch-size':
      return { batchSize: pick([16, 24, 32].filter((n) => n !== c.batchSize)) };
    case 'learning-rate':
      return { optimizer: { learningRate: pick([3e-4, 1e-3, 3e-3]) } } as ConfigPatch;
    case 'augment-toggle': {
      const op = pick(TOGGLED_OPS);
      return { augment: { [op]: { enabled: !c.augment[op].enabled } } } as ConfigPatch;
    }
    default:
      return null;
  }
}

const state = (page: Page) => page.evaluate(() => window.__simclr!.state());

/** Waits until the loop stopped and the metrics batch of its last step (with the worker's memory) has come. */
async function memoryWhenPaused(page: Page): Promise<WorkerMemorySample> {
  const handle = await page.waitForFunction(() => {
    const api = window.__simclr!;
    const s = api.state();
    const m = api.workerMemory();
    return s.runState !== 'running' && m && m.step === s.step ? m : null;
  }, undefined, { timeout: 120_000 });
  return (await handle.jsonValue()) as WorkerMemorySample;
}

const server = await serveDist(values.dist);
const browser = await launchChromium();
const t0 = Date.now();
let report: Record<string, unknown> = {};
let ok = false;
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  const consoleErrors = watchErrors(page);
  const app = new PlaygroundPage(page);
  await app.open(server.url, values.hash);
  const ready = await app.whenReady(300_000);
  if (ready.backend !== 'wasm' && values.hash.includes('backend=wasm')) throw new Error(`the worker is on ${ready.backend}, not wasm`);
  const baseline = baselinePatch(ready.config);
  const errorNotices = new Set<string>();
  const actions: Record<string, number> = {};
  let rebuilds = 0;
  let stepsBefore = 0;
  let lastStep = ready.step;
  const checkpoints: { minute: number; step: number; numTensors: number; numBytes: number; wasmHeapBytes?: number }[] = [];
  const note = (s: SimclrTestState) => {
    for (const n of s.notices) if (n.kind === 'error') errorNotices.add(`${n.code}: ${n.message}`);
    if (s.step < lastStep) {
      rebuilds++;
      stepsBefore += lastStep;
    }
    lastStep = s.step;
  };

  const checkpoint = async () => {
    // Paused first, so that a rebuild (the batch size back to its start) lands before the steps are counted.
    await app.pause();
    await page.waitForFunction(() => window.__simclr!.state().runState !== 'running', undefined, { timeout: 120_000 });
    const rebuild = (await state(page)).config.batchSize !== (baseline as { batchSize: number }).batchSize;
    await app.setConfig(baseline);
    if (rebuild) await page.waitForFunction(() => window.__simclr!.state().step === 0, undefined, { timeout: 120_000 });
    // A few steps at the starting settings (after a rebuild: its optimiser slots exist), then read memory paused.
    await page.evaluate(() => window.__simclr!.step(3));
    const m = await memoryWhenPaused(page);
    note(await state(page));
    checkpoints.push({
      minute: Math.round((Date.now() - t0) / 600) / 100,
      step: m.step,
      numTensors: m.numTensors,
      numBytes: m.numBytes,
      ...(m.wasmHeapBytes !== undefined ? { wasmHeapBytes: m.wasmHeapBytes } : {}),
    });
  };

  await checkpoint();
  await app.play();
  let paused = false;
  let nextCheckpoint = Date.now() + checkpointMs;
  const end = t0 + minutes * 60_000;
  while (Date.now() < end) {
    await page.waitForTimeout(intervalMs);
    const s = await state(page);
    note(s);
    if (Date.now() >= nextCheckpoint) {
      await checkpoint();
      actions.checkpoint = (actions.checkpoint ?? 0) + 1;
      nextCheckpoint = Date.now() + checkpointMs;
      await app.play();
      paused = false;
      continue;
    }
    const kind: ActionKind = paused ? 'resume' : pick(CHANGES);
    actions[kind] = (actions[kind] ?? 0) + 1;
    if (kind === 'pause') {
      await app.pause();
      paused = true;
    } else if (kind === 'resume') {
      await app.play();
      paused = false;
    } else {
      const patch = randomChange(kind, s.config);
      if (patch) await app.setConfig(patch);
      // A rebuild (batch size) stops nothing: the loop carries on at step 0.
    }
  }
  await checkpoint();
  // A few more steps so the run to restore is not just the checkpoint's three.
  await page.evaluate(() => window.__simclr!.step(10));
  const final = await state(page);
  note(final);
  const trainedSteps = stepsBefore + final.step;

  // The run survives a reload: saved, restored at its step with its settings, paused.
  let restore: Record<string, unknown>;
  const hasSaveApi = await page.evaluate(() => typeof window.__simclr!.waitForSaved === 'function');
  if (hasSaveApi) {
    // Exactly this step: a save of the run before the last rebuild may hold a higher step.
    await page.waitForFunction((step) => window.__simclr!.state().savedStep === step, final.step, { timeout: 120_000 });
    await page.reload();
    await app.whenReady(300_000);
    const restored = await state(page);
    note(restored);
    restore = {
      via: 'reload (IndexedDB)',
      saved_step: final.step,
      step_after_reload: restored.step,
      run_state: restored.runState,
      same_config: JSON.stringify(restored.config) === JSON.stringify(final.config),
      ok: restored.step === final.step && restored.runState === 'paused' && JSON.stringify(restored.config) === JSON.stringify(final.config),
    };
  } else {
    const hash = await app.hash();
    const other = await context.newPage();
    const otherApp = new PlaygroundPage(other);
    await otherApp.open(server.url, hash);
    const reopened = await otherApp.whenReady(300_000);
    restore = {
      via: 'URL hash round trip (no saved-run API)',
      same_config: JSON.stringify(reopened.config) === JSON.stringify(final.config),
      ok: JSON.stringify(reopened.config) === JSON.stringify(final.config),
    };
    await other.close();
  }

  const first = checkpoints[0]!;
  const last = checkpoints[checkpoints.length - 1]!;
  const tensorsFlat = checkpoints.every((c) => c.numTensors === first.numTensors);
  const bytesFlat = checkpoints.every((c) => c.numBytes === first.numBytes);
  const spanMinutes = Math.max(1e-9, last.minute - first.minute);
  ok = consoleErrors.length === 0 && errorNotices.size === 0 && tensorsFlat && bytesFlat && restore.ok === true;
  report = {
    ok,
    minutes: Math.round((Date.now() - t0) / 600) / 100,
    backend: ready.backend,
    hash: values.hash,
    trained_steps: trainedSteps,
    rebuilds,
    actions,
    console_errors: consoleErrors.length,
    error_notices: [...errorNotices],
    tensors_flat: tensorsFlat,
    bytes_flat: bytesFlat,
    numTensors: { first: first.numTensors, last: last.numTensors, max: Math.max(...checkpoints.map((c) => c.numTensors)), per_minute: Math.round(((last.numTensors - first.numTensors) / spanMinutes) * 100) / 100 },
    numBytes: { first: first.numBytes, last: last.numBytes, max: Math.max(...checkpoints.map((c) => c.numBytes)), per_minute: Math.round((last.numBytes - first.numBytes) / spanMinutes) },
    ...(first.wasmHeapBytes !== undefined ? { wasmHeapBytes: { first: first.wasmHeapBytes, last: last.wasmHeapBytes } } : {}),
    checkpoints: checkpoints.length,
    restore,
    first_console_errors: consoleErrors.slice(0, 5),
  };
  await context.close();
} catch (err) {
  report = { ok: false, error: (err as Error).message.split('\n')[0], minutes: Math.round((Date.now() - t0) / 600) / 100, ...report };
} finally {
  await browser.close();
  await server.close();
}
console.log(JSON.stringify(report));
process.exitCode = ok ? 0 : 1;
