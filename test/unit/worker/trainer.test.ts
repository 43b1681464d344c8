/**
 * The training worker's loop in Node behind an in-process message port: init,
 * datasets, play / pause / step, setConfig mid-run, reset, NaN handling, bad
 * messages, throttling of heavy payloads and a flat tensor count.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { mergeConfig } from '../../../src/core/config';
import { smallRunConfig } from '../model/tinyConfig';
import type { RawImage } from '../../../src/worker/protocol';
import { nodeEnv, startHarness, type Harness } from './harness';

const tiny = smallRunConfig();

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function started(config = tiny): Promise<Harness> {
  h = startHarness();
  await h.send({ type: 'init', config, backend: 'auto' });
  await h.send({ type: 'setDataset', source: { kind: 'preset', name: 'shapes', count: 16 } });
  return h;
}

const steps = (x: Harness) => x.of('metrics').flatMap((m) => m.items.map((i) => i.step));

describe('Trainer', () => {
  it('starts, loads the shapes preset and reports both', async () => {
    const x = await started();
    const ready = x.of('ready')[0]!;
    expect(ready.backend).toBe(tf.getBackend());
    expect(ready.config).toEqual(tiny);
    expect(ready.parameterCount).toBeGreaterThan(1000);
    const data = x.of('datasetReady')[0]!;
    expect(data.count).toBe(16);
    expect(data.classNames.length).toBe(6);
    expect(data.labels.length).toBe(16);
    expect(data.thumbnails.length).toBe(16 * 12 * 12 * 4);
    expect(x.of('datasetProgress').at(-1)).toMatchObject({ done: 16, total: 16 });
  });

  it('steps n times, sending every step\'s metrics, then pauses', async () => {
    const x = await started();
    await x.send({ type: 'step', count: 3 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 3);
    expect(steps(x)).toEqual([0, 1, 2]);
    const m = x.of('metrics').flatMap((b) => b.items)[0]!;
    expect(m.loss).toBeGreaterThan(0);
    expect(m.imagesPerSecond).toBeGreaterThan(0);
    expect(m.learningRate).toBeCloseTo(1e-3, 9);
  });

  it('plays until paused, and pause lands between steps', async () => {
    const x = await started();
    await x.send({ type: 'play' });
    await x.waitFor('metrics', (m) => m.items.some((i) => i.step >= 4));
    await x.send({ type: 'pause' });
    await x.trainer.idle();
    const after = steps(x).length;
    await new Promise((r) => setTimeout(r, 200));
    expect(steps(x).length).toBe(after);
    expect(steps(x)).toEqual(Array.from({ length: after }, (_, i) => i));
    expect(x.of('runState').map((m) => m.state)).toContain('paused');
  });

  it('applies setConfig mid-run: temperature in place, head rebuilt from step 0', async () => {
    const x = await started();
    await x.send({ type: 'play' });
    await x.waitFor('metrics', (m) => m.items.some((i) => i.step >= 2));
    await x.send({ type: 'setConfig', patch: { loss: { temperature: 0.2 } } });
    const soft = x.of('configApplied').at(-1)!;
    expect(soft.rebuilt).toBe(false);
    expect(soft.config.loss.temperature).toBe(0.2);
    await x.send({ type: 'setConfig', patch: { head: { outDim: 6 } } });
    expect(x.of('configApplied').at(-1)!.rebuilt).toBe(true);
    await x.send({ type: 'pause' });
    await x.trainer.idle();
    // after the rebuild, steps count from 0 again
    const all = steps(x);
    expect(all.lastIndexOf(0)).toBeGreaterThan(0);
  });

  it('refuses an invalid setting with the field named and keeps the run', async () => {
    const x = await started();
    await x.send({ type: 'setConfig', patch: { batchSize: 0 } });
    const err = x.of('error').at(-1)!;
    expect(err.code).toBe('invalid-config');
    expect(err.fields).toEqual(['batchSize']);
    await x.send({ type: 'step', count: 1 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 1);
  });

  it('reset gives the same first losses again', async () => {
    const x = await started();
    await x.send({ type: 'step', count: 2 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 2);
    const first = x.of('metrics').flatMap((m) => m.items).map((i) => i.loss);
    await x.send({ type: 'reset' });
    await x.send({ type: 'step', count: 2 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 2 && x.of('metrics').flatMap((b) => b.items).length === 4);
    const again = x.of('metrics').flatMap((m) => m.items).map((i) => i.loss).slice(2);
    expect(again).toEqual(first);
  });

  it('a NaN batch pauses the run with a reason and keeps the last good weights', async () => {
    const x = await started();
    await x.send({ type: 'step', count: 2 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 2);
    await x.send({ type: 'requestEmbeddings' });
    const before = x.of('embeddings').at(-1)!;
    await x.send({ type: 'injectFault', fault: 'nan-batch' });
    await x.send({ type: 'play' });
    const err = await x.waitFor('error', (m) => m.code === 'non-finite-loss');
    // (on wasm, max-pool turns NaN into -Infinity, so it may be the gradient that breaks first)
    expect(err.message).toMatch(/(loss|gradient) became (NaN|infinite).*weights from the last good step are kept/);
    // A fault of the training loop, not the failure of one request.
    expect(err.request).toBeUndefined();
    await x.trainer.idle();
    expect(x.of('runState').at(-1)).toMatchObject({ state: 'paused', reason: 'non-finite loss' });
    await x.send({ type: 'requestEmbeddings' });
    const after = x.of('embeddings').at(-1)!;
    expect(after.step).toBe(2);
    expect(Array.from(after.h)).toEqual(Array.from(before.h));
    // and it can go on
    await x.send({ type: 'step', count: 1 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 3);
  });

  it('names what was wrong with user images and keeps the usable ones', async () => {
    h = startHarness();
    await h.send({ type: 'init', config: tiny, backend: 'auto' });
    const raw = (w: number, hgt: number, c: 1 | 3 | 4, v: number): RawImage => ({ width: w, height: hgt, channels: c, data: new Uint8Array(w * hgt * c).fill(v) });
    await h.send({
      type: 'setDataset',
      source: {
        kind: 'images',
        images: [raw(20, 10, 3, 200), raw(8, 8, 1, 30), raw(5, 5, 4, 90), new Blob(['not an image'])],
        names: ['wide.png', 'grey.png', 'alpha.png', 'notes.txt'],
        labels: ['a', 'b', 'a', 'b'],
      },
    });
    const ready = h.of('datasetReady')[0]!;
    expect(ready.count).toBe(3);
    expect(ready.rejected).toEqual([{ name: 'notes.txt', reason: 'this environment cannot decode image files' }]);
    expect(ready.classNames).toEqual(['a', 'b']);
    expect(Array.from(ready.labels)).toEqual([0, 1, 0]);
  });

  it('a single image is refused with the reason, and the previous dataset stays', async () => {
    const x = await started();
    await x.send({ type: 'setDataset', source: { kind: 'images', images: [{ width: 4, height: 4, channels: 3, data: new Uint8Array(48) }], names: ['one.png'] } });
    expect(x.of('error').at(-1)).toMatchObject({ code: 'dataset-too-small', request: 'setDataset' });
    expect(x.of('error').at(-1)!.message).toMatch(/at least 2.*previous dataset is still loaded/);
    await x.send({ type: 'step', count: 1 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 1);
  });

  it('a missing preset file is reported as dataset-missing with what to do, and the previous dataset stays', async () => {
    const env = nodeEnv();
    const read = env.datasetDeps.fetchBytes;
    h = startHarness({
      ...env,
      datasetDeps: {
        ...env.datasetDeps,
        fetchBytes: async (path) => {
          if (path === 'datasets/mnist.u8') throw new Error(`ENOENT: no such file or directory, open 'public/${path}'`);
          return read(path);
        },
      },
    });
    const x = h;
    await x.send({ type: 'init', config: tiny, backend: 'auto' });
    await x.send({ type: 'setDataset', source: { kind: 'preset', name: 'shapes', count: 16 } });
    await x.send({ type: 'setDataset', source: { kind: 'preset', name: 'mnist', count: 16 } });
    const err = x.of('error').at(-1)!;
    expect(err).toMatchObject({ code: 'dataset-missing', request: 'setDataset' });
    expect(err.message).toMatch(/^The mnist dataset could not be loaded: datasets\/mnist\.u8 is missing or failed to download .*`npm run datasets`.*The previous dataset is still loaded\.$/);
    expect(x.of('datasetReady').length).toBe(1);
    await x.send({ type: 'step', count: 1 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 1);
  });

  it('answers play before a dataset with a clear error, and ignores nothing silently', async () => {
    h = startHarness();
    await h.send({ type: 'play' });
    expect(h.of('error')[0]).toMatchObject({ code: 'not-ready', request: 'play' });
    await h.send({ type: 'init', config: { ...tiny, batchSize: -1 }, backend: 'auto' });
    expect(h.of('error')[1]).toMatchObject({ code: 'invalid-config', fields: ['batchSize'], request: 'init' });
    // Each error names the request it answers.
    await h.send({ type: 'requestNeighbours', index: 0, k: 3 });
    expect(h.of('error')[2]).toMatchObject({ code: 'not-ready', request: 'requestNeighbours' });
  });

  it('previews both views of the first images as RGBA', async () => {
    const x = await started();
    await x.send({ type: 'requestPreview', count: 3 });
    const p = x.of('preview')[0]!;
    expect(p.count).toBe(3);
    expect(p.pixels.length).toBe(3 * 3 * 12 * 12 * 4);
    expect(p.descriptions.length).toBe(3);
    await x.send({ type: 'requestPreview', count: 3 });
    expect(Array.from(x.of('preview')[1]!.pixels)).toEqual(Array.from(p.pixels));
    await x.send({ type: 'requestPreview', count: 3, resample: true });
    expect(Array.from(x.of('preview')[2]!.pixels)).not.toEqual(Array.from(p.pixels));
  });

  it('throttles similarity matrices to the configured rate and loses no step\'s metrics', async () => {
    const x = await started(mergeConfig(tiny, { batchSize: 2, encoder: { width: 2 }, head: { hiddenDim: 4, outDim: 4 }, imageSize: 8 }));
    await x.send({ type: 'setStream', stream: { maxHeavyPerSecond: 4, similarityEvery: 1 } });
    const t0 = performance.now();
    await x.send({ type: 'step', count: 60 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 60, 120_000);
    const seconds = (performance.now() - t0) / 1000;
    expect(steps(x)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    const sims = x.of('similarity');
    expect(sims.length).toBeGreaterThan(0);
    expect(sims.length).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 1);
    expect(sims[0]!.values.length).toBe(16);
    // metrics arrive in batches, not one message per step
    expect(x.of('metrics').length).toBeLessThan(60);
  });

  it('keeps the tensor count flat over 100 steps with previews and similarity', async () => {
    const x = await started(mergeConfig(tiny, { batchSize: 2, encoder: { width: 2 }, head: { hiddenDim: 4, outDim: 4 }, imageSize: 8 }));
    await x.send({ type: 'setStream', stream: { previewEvery: 10, maxHeavyPerSecond: 1000 } });
    await x.send({ type: 'step', count: 5 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 5);
    await x.trainer.idle();
    const before = tf.memory().numTensors;
    await x.send({ type: 'step', count: 100 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 105, 120_000);
    await x.trainer.idle();
    expect(tf.memory().numTensors).toBe(before);
    expect(x.of('preview').length).toBeGreaterThanOrEqual(10);
  });
});
