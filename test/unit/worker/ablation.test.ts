/**
 * The ablation runner in the worker: a queue of short runs reported in order
 * (progress before each run, a result after it, a final progress), cancel
 * between steps, 'busy' for a second queue or for training meanwhile, the main
 * run paused and left exactly as it was, and a flat tensor count.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { smallRunConfig } from '../model/tinyConfig';
import type { AblationPlan } from '../../../src/worker/protocol';
import { nodeEnv, startHarness, type Harness } from './harness';

// Smaller still: 8 px, width 2, head 4 -> 4, Adam 1e-2.
const tiny = smallRunConfig({ imageSize: 8, encoder: { width: 2 }, head: { hiddenDim: 4, outDim: 4 }, optimizer: { learningRate: 1e-2 } });
const plan = (patch: Partial<AblationPlan> = {}): AblationPlan => ({ kind: 'temperature', dataset: 'shapes', count: 16, steps: 2, seeds: [0], ...patch });

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function started(): Promise<Harness> {
  h = startHarness();
  await h.send({ type: 'init', config: tiny, backend: 'auto' });
  await h.send({ type: 'setDataset', source: { kind: 'preset', name: 'shapes', count: 16 } });
  await h.send({ type: 'setEvaluation', settings: { k: 5, probeEpochs: 2, every: 0 } });
  return h;
}

const finished = (x: Harness) => x.waitFor('ablationProgress', (m) => m.done === m.total || m.cancelled === true, 120_000);

describe('ablation runner', () => {
  it('a preset whose files are missing is refused as dataset-missing, naming `npm run datasets`', async () => {
    const env = nodeEnv();
    h = startHarness({ ...env, datasetDeps: { ...env.datasetDeps, fetchBytes: async (path) => { throw new Error(`ENOENT: no such file, open 'public/${path}'`); } } });
    const x = h;
    await x.send({ type: 'init', config: tiny, backend: 'auto' });
    await x.send({ type: 'runAblation', plan: plan({ dataset: 'mnist' }) });
    const error = await x.waitFor('error');
    expect(error).toMatchObject({ code: 'dataset-missing', request: 'runAblation' });
    expect(error.message).toMatch(/^The ablation was not started: The mnist dataset could not be loaded: datasets\/mnist\.json is missing or failed to download.*`npm run datasets`.*The main run is unchanged\.$/);
    await x.trainer.idle();
    expect(x.of('ablationResult')).toEqual([]);
  });

  it('runs the queue in order: progress before each run, a result after it, then done === total', async () => {
    const x = await started();
    await x.send({ type: 'runAblation', plan: plan({ seeds: [0, 1] }) });
    await finished(x);
    await x.trainer.idle();
    const progress = x.of('ablationProgress');
    expect(progress.map((p) => p.done)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(progress.every((p) => p.total === 8)).toBe(true);
    expect(progress[0]!.current).toBe('tau = 0.05, seed 0');
    expect(progress[5]!.current).toBe('tau = 0.1, seed 1');
    expect(progress.at(-1)!.current).toBeUndefined();
    expect(progress.at(-1)!.cancelled).toBeUndefined();
    const rows = x.of('ablationResult').map((r) => r.row);
    expect(rows.map((r) => `${r.setting}/${r.seed}`)).toEqual([
      'tau = 0.05/0', 'tau = 0.1/0', 'tau = 0.5/0', 'tau = 1/0', 'tau = 0.05/1', 'tau = 0.1/1', 'tau = 0.5/1', 'tau = 1/1',
    ]);
    for (const r of rows) {
      expect(r).toMatchObject({ kind: 'temperature', dataset: 'shapes', steps: 2 });
      for (const s of [r.h.knn, r.h.probe, r.z.knn, r.z.probe]) expect(s >= 0 && s <= 1).toBe(true);
      expect(Number.isFinite(r.finalLoss)).toBe(true);
      expect(r.seconds).toBeGreaterThan(0);
    }
    // each result comes between its run's progress and the next one
    const order = x.received.filter((m) => m.type === 'ablationProgress' || m.type === 'ablationResult').map((m) => m.type[8]);
    expect(order.join('')).toBe('PRPRPRPRPRPRPRPRP');
  });

  it('augment-pairs rows carry their pair; cancel stops between steps with a cancelled progress', async () => {
    const x = await started();
    await x.send({ type: 'runAblation', plan: plan({ kind: 'augment-pairs', steps: 3 }) });
    await x.waitFor('ablationResult');
    await x.send({ type: 'cancelAblation' });
    const last = await finished(x);
    await x.trainer.idle();
    expect(last.cancelled).toBe(true);
    expect(last.total).toBe(28);
    const rows = x.of('ablationResult').map((r) => r.row);
    expect(last.done).toBe(rows.length);
    expect(rows.length).toBeLessThan(28);
    expect(rows[0]).toMatchObject({ setting: 'crop + colour jitter', pair: ['colour jitter', 'colour jitter'] });
    // nothing runs after the cancel
    const count = x.received.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(x.received.length).toBe(count);
  });

  it('a second queue, or training, while one runs is answered "busy"; a bad plan names its field', async () => {
    const x = await started();
    await x.send({ type: 'runAblation', plan: plan({ count: 2 }) });
    expect(x.of('error').at(-1)).toMatchObject({ code: 'invalid-config', fields: ['plan.count'] });
    // 4 shapes are 4 classes of one image: nothing to hold out
    await x.send({ type: 'runAblation', plan: plan({ count: 4 }) });
    const tooFew = await x.waitFor('error', (m) => /cannot be scored/.test(m.message));
    expect(tooFew).toMatchObject({ code: 'invalid-config', fields: ['plan.count'] });
    await x.trainer.idle();
    await x.send({ type: 'runAblation', plan: plan() });
    await x.send({ type: 'runAblation', plan: plan({ kind: 'head' }) });
    expect(x.of('error').at(-1)).toMatchObject({ code: 'busy' });
    expect(x.of('error').at(-1)!.message).toMatch(/already running.*cancel it/);
    await x.send({ type: 'play' });
    expect(x.of('error').at(-1)).toMatchObject({ code: 'busy' });
    await x.waitFor('ablationProgress', (m) => m.done === m.total && !m.cancelled);
    await x.trainer.idle();
    expect(x.of('ablationResult').map((r) => r.row.kind)).toEqual(['temperature', 'temperature', 'temperature', 'temperature']);
  });

  it('pauses the main run and leaves its weights and step exactly as they were; tensors stay flat', async () => {
    const x = await started();
    await x.send({ type: 'step', count: 2 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 2);
    await x.send({ type: 'requestModelExport' });
    const before = x.of('modelExport')[0]!;
    await x.send({ type: 'play' });
    await x.waitFor('metrics', (m) => m.items.some((i) => i.step >= 3));
    await x.send({ type: 'runAblation', plan: plan({ kind: 'head' }) });
    const paused = await x.waitFor('runState', (m) => m.reason === 'ablation');
    expect(paused.state).toBe('paused');
    // asked for while the queue runs (it lands between the queue's steps)
    await x.send({ type: 'requestModelExport' });
    const atPause = x.of('modelExport')[1]!;
    expect(x.of('ablationProgress').at(-1)!.done).toBeLessThan(3);
    const mainSteps = paused.step;
    expect(atPause.step).toBe(mainSteps);
    expect(new Uint8Array(atPause.weights)).not.toEqual(new Uint8Array(before.weights));
    await finished(x);
    await x.trainer.idle();
    const tensors = tf.memory().numTensors;
    // a second queue on a warm worker: the tensor count comes back to where it was
    await x.send({ type: 'runAblation', plan: plan({ kind: 'head' }) });
    await x.waitFor('ablationProgress', (m) => m.done === 3 && x.of('ablationResult').length === 6);
    await x.trainer.idle();
    expect(tf.memory().numTensors).toBe(tensors);
    await x.send({ type: 'requestModelExport' });
    const after = x.of('modelExport')[2]!;
    expect(after.step).toBe(mainSteps);
    expect(new Uint8Array(after.weights)).toEqual(new Uint8Array(atPause.weights));
    // and the main run goes on from where it was
    await x.send({ type: 'step', count: 1 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === mainSteps + 1);
  });
});
