/**
 * Saving and restoring the run through the real Trainer in Node, with an
 * in-memory store standing in for IndexedDB: the run is saved as it trains; a
 * new worker restores it and continues with exactly the losses of an
 * uninterrupted run; export -> import round-trips; a bad file is refused and the
 * run kept; a full store warns once and training goes on; a new run clears the
 * store; the tensor count stays flat across save and restore.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { smallRunConfig } from '../model/tinyConfig';
import { IdbRunStore } from '../../../src/worker/persist/idbStore';
import { MemoryRunStore } from '../../../src/worker/persist/memoryStore';
import { decodeRun, joinRunFile } from '../../../src/worker/persist/runFile';
import type { RawImage } from '../../../src/worker/protocol';
import { columnsToMetrics } from '../../../src/worker/persist/metricColumns';
import { nodeEnv, startHarness, type Harness } from './harness';

const tiny = smallRunConfig();

const open: Harness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});

async function started(store?: MemoryRunStore | IdbRunStore, dataset = true): Promise<Harness> {
  const h = startHarness(nodeEnv(store ? { runStore: store, saveEvery: { everySteps: 2, everyMs: 1e9 } } : {}));
  open.push(h);
  await h.send({ type: 'init', config: tiny, backend: 'auto' });
  if (dataset) await h.send({ type: 'setDataset', source: { kind: 'preset', name: 'shapes', count: 12 } });
  return h;
}

async function stepTo(h: Harness, count: number): Promise<void> {
  const before = h.of('runState').length;
  await h.send({ type: 'step', count });
  await h.waitFor('runState', (m) => m.state === 'paused' && h.of('runState').indexOf(m) >= before);
  await h.trainer.idle();
}

/** The stored records as one run file. */
const joinStored = (store: MemoryRunStore) => joinRunFile(store.dataset!, store.state!, { step: 0, savedAt: 0 });

const losses = (h: Harness) => h.of('metrics').flatMap((m) => m.items).map((i) => [i.step, i.loss] as const);

describe('persistence in the worker', () => {
  it('saves as it trains, restores in a new worker, and continues with the same losses as an uninterrupted run', async () => {
    const straight = await started();
    await stepTo(straight, 6);
    const expected = losses(straight);
    expect(expected.map(([s]) => s)).toEqual([0, 1, 2, 3, 4, 5]);

    const store = new MemoryRunStore();
    const first = await started(store);
    await stepTo(first, 3);
    expect(store.summary?.step).toBe(3);
    const saved = await first.waitFor('runSaved', (m) => m.step === 3);
    expect(saved.bytes).toBe(store.dataset!.length + store.state!.length);
    expect(losses(first)).toEqual(expected.slice(0, 3));
    await first.close();
    open.splice(open.indexOf(first), 1);

    const second = await started(store, false);
    const ready = second.of('ready')[0]!;
    expect(ready.savedRun).toMatchObject({ step: 3, preset: 'shapes', images: 12 });
    expect(ready.savedRun!.config).toEqual(tiny);
    await second.send({ type: 'restoreRun' });
    const restored = await second.waitFor('runRestored');
    expect(restored).toMatchObject({ origin: 'saved', step: 3, preset: 'shapes', message: 'Restored run from step 3.' });
    expect(columnsToMetrics(restored.metrics).map((m) => [m.step, m.loss])).toEqual(expected.slice(0, 3));
    expect(second.of('datasetReady')[0]!.count).toBe(12);
    expect(second.of('runState').at(-1)).toMatchObject({ state: 'paused', step: 3 });
    await stepTo(second, 3);
    expect(losses(second)).toEqual(expected.slice(3));
  });

  it('keeps the tensor count flat across saves and restores', async () => {
    const store = new MemoryRunStore();
    const h = await started(store);
    await stepTo(h, 2);
    await h.send({ type: 'restoreRun' });
    await h.trainer.idle();
    await stepTo(h, 2);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) {
      await h.send({ type: 'restoreRun' });
      await stepTo(h, 2);
    }
    await h.send({ type: 'requestRunExport' });
    const file = await h.waitFor('runExport');
    await h.send({ type: 'importRun', bytes: file.bytes });
    await h.trainer.idle();
    await stepTo(h, 1);
    expect(h.of('runRestored').length).toBe(4);
    expect(store.saves).toBeGreaterThanOrEqual(3);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('exports the run to one file and imports it back into another worker', async () => {
    const straight = await started();
    await stepTo(straight, 5);
    const expected = losses(straight);

    const a = await started();
    await stepTo(a, 3);
    await a.send({ type: 'requestRunExport' });
    const file = await a.waitFor('runExport');
    expect(file.fileName).toBe('simclr-run-step-3.simclr');
    expect(decodeRun(new Uint8Array(file.bytes)).state.session.step).toBe(3);

    const store = new MemoryRunStore();
    const b = await started(store);
    await stepTo(b, 1);
    await b.send({ type: 'importRun', bytes: file.bytes, name: 'simclr-run-step-3.simclr' });
    const restored = await b.waitFor('runRestored');
    expect(restored).toMatchObject({ origin: 'file', step: 3 });
    await b.trainer.idle();
    // The imported run replaces the stored one at once, reported after the page hears of the run.
    expect(store.summary?.step).toBe(3);
    await b.waitFor('runSaved', (m) => m.step === 3);
    const types = b.received.map((m) => m.type);
    const saved = b.received.findIndex((m) => m.type === 'runSaved' && m.step === 3);
    expect(saved).toBeGreaterThan(types.indexOf('runRestored'));
    await stepTo(b, 2);
    expect(losses(b).slice(1)).toEqual(expected.slice(3));
  });

  it('refuses a bad file with a sentence and keeps the run', async () => {
    const h = await started();
    await stepTo(h, 2);
    const junk = new TextEncoder().encode('not a run at all, just some text that is long enough').buffer as ArrayBuffer;
    await h.send({ type: 'importRun', bytes: junk, name: 'junk.simclr' });
    const error = await h.waitFor('error', (m) => m.code === 'run-file');
    expect(error.message).toBe('The run file was not loaded: junk.simclr is not a SimCLR playground run (it does not start with the run-file signature). Your run is unchanged.');
    expect(h.of('runRestored')).toEqual([]);
    await stepTo(h, 1);
    expect(h.of('runState').at(-1)).toMatchObject({ state: 'paused', step: 3 });
  });

  it('warns once when storage is full and keeps training in memory', async () => {
    const store = new MemoryRunStore();
    store.failWith = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const h = await started(store);
    await stepTo(h, 7);
    const warnings = h.of('warning').filter((w) => w.code === 'storage');
    expect(warnings.length).toBe(1);
    expect(warnings[0]!.message).toMatch(/^Could not save the run: storage is full \(needs \d+\.\d+ MB\); training continues in memory\.$/);
    expect(h.of('runState').at(-1)).toMatchObject({ state: 'paused', step: 7 });
    expect(store.summary).toBeUndefined();
    // Room again: the next save goes through.
    store.failWith = undefined;
    await stepTo(h, 2);
    expect(store.summary?.step).toBe(9);
  });

  it('warns when IndexedDB is not available, and trains on', async () => {
    const h = await started(new IdbRunStore(undefined));
    expect(h.of('ready')[0]!.savedRun).toBeUndefined();
    const warning = h.of('warning').find((w) => w.code === 'storage');
    expect(warning?.message).toMatch(/^Could not save the run: this browser does not let the page store data here \(IndexedDB is not available.*training continues in memory/);
    await stepTo(h, 2);
    expect(h.of('runState').at(-1)).toMatchObject({ step: 2 });
  });

  it('a new run clears the stored run and starts at step 0 on its config', async () => {
    const store = new MemoryRunStore();
    const h = await started(store);
    await stepTo(h, 2);
    expect(store.summary?.step).toBe(2);
    const config = { ...tiny, seed: 99 };
    await h.send({ type: 'newRun', config, source: { kind: 'preset', name: 'shapes', count: 8 } });
    await h.trainer.idle();
    expect(store.summary).toBeUndefined();
    expect(h.of('datasetReady').at(-1)!.count).toBe(8);
    expect(h.of('configApplied').at(-1)).toMatchObject({ rebuilt: true, config });
    expect(h.of('runState').at(-1)).toMatchObject({ step: 0 });
  });

  it('a reset deletes the stored run, so a reload does not bring the old one back', async () => {
    const store = new MemoryRunStore();
    const h = await started(store);
    await stepTo(h, 2);
    expect(store.summary?.step).toBe(2);
    await h.send({ type: 'reset' });
    await h.trainer.idle();
    expect(store.summary).toBeUndefined();
  });

  it('restores a run on the user\'s own images (stored as bytes) with its labels, and can prepare them again at another size', async () => {
    const raw = (v: number): RawImage => ({ width: 20, height: 14, channels: 3, data: Uint8Array.from({ length: 20 * 14 * 3 }, (_, i) => (v * 37 + i * 11) % 256) });
    const source = {
      kind: 'images' as const,
      images: Array.from({ length: 6 }, (_, i) => raw(i)),
      names: Array.from({ length: 6 }, (_, i) => `img${i}.png`),
      labels: ['cat', 'dog', 'cat', 'dog', 'cat', 'dog'],
    };
    const store = new MemoryRunStore();
    const a = await started(store, false);
    await a.send({ type: 'setDataset', source });
    await stepTo(a, 2);
    const values = decodeRun(joinStored(store)).dataset;
    expect(values.source).toEqual({ kind: 'images', names: source.names });
    // Decoded user images are k / 255 exactly: one byte per value.
    expect(store.dataset!.length).toBeLessThan(6 * 12 * 12 * 3 + 2000);

    const b = await started(store, false);
    await b.send({ type: 'restoreRun' });
    const restored = await b.waitFor('runRestored');
    expect(restored.preset).toBeNull();
    const data = b.of('datasetReady')[0]!;
    expect(data.classNames).toEqual(['cat', 'dog']);
    expect(Array.from(data.labels)).toEqual([0, 1, 0, 1, 0, 1]);
    await b.send({ type: 'setConfig', patch: { imageSize: 8 } });
    const resized = await b.waitFor('datasetReady', (m) => m.size === 8);
    expect(resized.count).toBe(6);
    expect(Array.from(resized.labels)).toEqual([0, 1, 0, 1, 0, 1]);
    await stepTo(b, 1);
    expect(b.of('runState').at(-1)).toMatchObject({ state: 'paused', step: 1 });
  });

  it('restoring with nothing saved, or a damaged record, answers run-file and changes nothing', async () => {
    const store = new MemoryRunStore();
    const h = await started(store);
    await h.send({ type: 'restoreRun' });
    expect((await h.waitFor('error', (m) => m.code === 'run-file')).message).toMatch(/no saved run/);
    await stepTo(h, 2);
    store.state![40] = store.state![40]! ^ 0xff;
    await h.send({ type: 'restoreRun' });
    const error = await h.waitFor('error', (m) => m.code === 'run-file' && /damaged/.test(m.message));
    expect(error.message).toMatch(/^The run saved in this browser could not be restored: the saved run is damaged or truncated .*It was deleted, and a new run starts instead\.$/);
    expect(h.of('runRestored')).toEqual([]);
    // Deleted, so the next load does not stumble on it again.
    expect(store.summary).toBeUndefined();
    expect(h.of('runState').at(-1)).toMatchObject({ step: 2 });
  });
});
