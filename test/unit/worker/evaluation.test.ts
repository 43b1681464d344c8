/**
 * The worker's evaluation, neighbours, maps and model files, through the real
 * Trainer over a MessageChannel: scores every `every` steps with the random-init
 * baseline beside them, 'no-labels' on demand only, the encoder never changed,
 * neighbours and maps of the right shape (deterministic), export -> import
 * restoring identical embeddings, a corrupt file refused with the run kept, and
 * a flat tensor count.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { mergeConfig } from '../../../src/core/config';
import { smallRunConfig } from '../model/tinyConfig';
import { nearestNeighbours } from '../../../src/core/eval';
import type { EvaluationMessage, RawImage } from '../../../src/worker/protocol';
import { startHarness, type Harness } from './harness';

// Smaller still: 8 px, width 2, head 4 -> 4, Adam 1e-2.
const tiny = smallRunConfig({ imageSize: 8, encoder: { width: 2 }, head: { hiddenDim: 4, outDim: 4 }, optimizer: { learningRate: 1e-2 } });
const fastEval = { k: 5, probeEpochs: 3 };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function started(config = tiny, count = 24): Promise<Harness> {
  h = startHarness();
  await h.send({ type: 'init', config, backend: 'auto' });
  await h.send({ type: 'setDataset', source: { kind: 'preset', name: 'shapes', count } });
  await h.send({ type: 'setEvaluation', settings: { ...fastEval, every: 0 } });
  return h;
}

async function embeddings(x: Harness): Promise<Float32Array> {
  const n = x.of('embeddings').length;
  await x.send({ type: 'requestEmbeddings' });
  return (await x.waitFor('embeddings', () => x.of('embeddings').length > n)) && x.of('embeddings').at(-1)!.h;
}

const inUnit = (v: number) => Number.isFinite(v) && v >= 0 && v <= 1;
const allScores = (m: EvaluationMessage) => [m.h.knn, m.h.probe, m.z.knn, m.z.probe, m.baseline.h.knn, m.baseline.h.probe, m.baseline.z.knn, m.baseline.z.probe];

describe('evaluation in the worker', () => {
  it('scores h and z every `every` steps, with the cached random-init baseline beside them', async () => {
    const x = await started();
    await x.send({ type: 'setEvaluation', settings: { every: 2 } });
    await x.send({ type: 'step', count: 4 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 4);
    await x.trainer.idle();
    const evals = x.of('evaluation');
    expect(evals.map((e) => e.step)).toEqual([2, 4]);
    for (const e of evals) {
      expect(allScores(e).every(inUnit)).toBe(true);
      expect(e.tested).toBe(6); // 24 shapes, 6 classes: 20% of each held out
      expect(e.classNames.length).toBe(6);
    }
    expect(evals[1]!.baseline).toEqual(evals[0]!.baseline);
    // metrics of the step come before its evaluation
    const metricsIndex = x.received.findIndex((m) => m.type === 'metrics' && m.items.some((i) => i.step === 1));
    expect(metricsIndex).toBeLessThan(x.received.indexOf(evals[0]!));
    // after a reset the weights are the random init: the scores equal the baseline
    await x.send({ type: 'reset' });
    await x.send({ type: 'requestEvaluation' });
    const fresh = x.of('evaluation').at(-1)!;
    expect(fresh.step).toBe(0);
    expect({ h: fresh.h, z: fresh.z }).toEqual(fresh.baseline);
    expect(fresh.baseline).toEqual(evals[0]!.baseline);
    // a new seed means a new baseline
    await x.send({ type: 'reset', seed: 5 });
    await x.send({ type: 'requestEvaluation' });
    const reseeded = x.of('evaluation').at(-1)!;
    expect({ h: reseeded.h, z: reseeded.z }).toEqual(reseeded.baseline);
  });

  it('answers an unlabelled dataset with "no-labels" on demand, and skips it silently while training', async () => {
    h = startHarness();
    await h.send({ type: 'init', config: tiny, backend: 'auto' });
    const raw = (v: number): RawImage => ({ width: 8, height: 8, channels: 3, data: new Uint8Array(192).fill(v) });
    await h.send({ type: 'setDataset', source: { kind: 'images', images: [raw(10), raw(90), raw(170), raw(250)], names: ['a', 'b', 'c', 'd'] } });
    await h.send({ type: 'setEvaluation', settings: { every: 1 } });
    await h.send({ type: 'step', count: 3 });
    await h.waitFor('runState', (m) => m.state === 'paused' && m.step === 3);
    expect(h.of('evaluation')).toEqual([]);
    expect(h.of('error')).toEqual([]);
    await h.send({ type: 'requestEvaluation' });
    const err = h.of('error').at(-1)!;
    expect(err.code).toBe('no-labels');
    expect(err.message).toMatch(/no labels.*folder per class/);
  });

  it('never changes the encoder or head: weights and embeddings are the same before and after', async () => {
    const x = await started();
    await x.send({ type: 'step', count: 2 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 2);
    await x.send({ type: 'requestModelExport' });
    const before = x.of('modelExport')[0]!;
    const hBefore = await embeddings(x);
    await x.send({ type: 'requestEvaluation' });
    expect(x.of('evaluation').length).toBe(1);
    await x.send({ type: 'requestModelExport' });
    const after = x.of('modelExport')[1]!;
    expect(new Uint8Array(after.weights)).toEqual(new Uint8Array(before.weights));
    expect(Array.from(await embeddings(x))).toEqual(Array.from(hBefore));
  });

  it('evaluating every step does not starve pause: it lands within a step', async () => {
    const x = await started();
    await x.send({ type: 'setEvaluation', settings: { every: 1 } });
    await x.send({ type: 'play' });
    await x.waitFor('evaluation', (m) => m.step >= 2);
    await x.send({ type: 'pause' });
    const seen = x.of('evaluation').at(-1)!.step;
    await x.trainer.idle();
    const last = x.of('runState').at(-1)!;
    expect(last.state).toBe('paused');
    expect(last.step).toBeLessThanOrEqual(seen + 2);
  });

  it('refuses settings out of range with the field named', async () => {
    const x = await started();
    await x.send({ type: 'setEvaluation', settings: { k: 0, temperature: -1 } });
    const err = x.of('error').at(-1)!;
    expect(err.code).toBe('invalid-config');
    expect(err.fields).toEqual(['evaluation.k', 'evaluation.temperature']);
  });
});

describe('neighbours and maps', () => {
  it('lists the k most similar other images by cosine of h, most similar first', async () => {
    const x = await started();
    await x.send({ type: 'step', count: 1 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 1);
    const hv = await embeddings(x);
    const e = x.of('embeddings').at(-1)!;
    await x.send({ type: 'requestNeighbours', index: 3, k: 5 });
    const n = x.of('neighbours')[0]!;
    expect(n.index).toBe(3);
    expect(n.step).toBe(1);
    expect(n.neighbours.length).toBe(5);
    expect(Array.from(n.neighbours)).not.toContain(3);
    for (let i = 1; i < 5; i++) expect(n.scores[i]!).toBeLessThanOrEqual(n.scores[i - 1]!);
    const expected = nearestNeighbours(hv, e.count, e.hDim, 3, 5);
    expect(Array.from(n.neighbours)).toEqual(Array.from(expected.indices));
    expect(Array.from(n.scores)).toEqual(Array.from(expected.scores));
    await x.send({ type: 'requestNeighbours', index: 24, k: 5 });
    expect(x.of('error').at(-1)).toMatchObject({ code: 'invalid-config', fields: ['index'] });
    expect(x.of('error').at(-1)!.message).toMatch(/no image 24.*24 images, numbered 0 to 23/);
  });

  it('maps a capped, labelled sample in 2-D with PCA and UMAP, the same each time', async () => {
    const x = await started(tiny, 40);
    const labels = x.of('datasetReady')[0]!.labels;
    for (const method of ['pca', 'umap'] as const) {
      for (const space of ['h', 'z'] as const) {
        await x.send({ type: 'requestMap', method, space, maxPoints: 30 });
        const m = x.of('map').at(-1)!;
        expect(m).toMatchObject({ method, space, step: 0 });
        expect(m.indices.length).toBe(30);
        expect(m.points.length).toBe(60);
        expect(m.points.every(Number.isFinite)).toBe(true);
        expect(Array.from(m.labels)).toEqual(Array.from(m.indices, (i) => labels[i]));
        await x.send({ type: 'requestMap', method, space, maxPoints: 30 });
        expect(Array.from(x.of('map').at(-1)!.points)).toEqual(Array.from(m.points));
      }
    }
    await x.send({ type: 'requestMap', method: 'pca', space: 'h' });
    expect(x.of('map').at(-1)!.indices.length).toBe(40);
    await x.send({ type: 'requestMap', method: 'tsne' as 'pca', space: 'h' });
    expect(x.of('error').at(-1)).toMatchObject({ code: 'invalid-config', fields: ['method'] });
  });

  it('keeps the tensor count flat around evaluation, neighbours, maps and exports', async () => {
    const x = await started();
    await x.send({ type: 'step', count: 1 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 1);
    await x.trainer.idle();
    const before = tf.memory().numTensors;
    await x.send({ type: 'requestEvaluation' }); // with the baseline's first computation
    await x.send({ type: 'setEvaluation', settings: { every: 1 } });
    await x.send({ type: 'step', count: 2 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 3);
    await x.send({ type: 'requestEvaluation' });
    await x.send({ type: 'requestNeighbours', index: 0, k: 3 });
    await x.send({ type: 'requestMap', method: 'umap', space: 'z' });
    await x.send({ type: 'requestMap', method: 'pca', space: 'h' });
    await x.send({ type: 'requestModelExport' });
    await x.trainer.idle();
    expect(x.of('evaluation').length).toBe(4);
    expect(x.of('neighbours').length).toBe(1);
    expect(x.of('map').length).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('model files', () => {
  it('export -> import restores identical embeddings, the step and the config', async () => {
    const x = await started();
    await x.send({ type: 'step', count: 3 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 3);
    const trained = await embeddings(x);
    await x.send({ type: 'requestModelExport' });
    const file = x.of('modelExport')[0]!;
    expect(file.step).toBe(3);
    const json = JSON.parse(file.modelJson) as { format: string; weightsManifest: { paths: string[] }[] };
    expect(json.format).toBe('simclr-playground');
    expect(json.weightsManifest[0]!.paths).toEqual(['./simclr-model.weights.bin']);
    await x.send({ type: 'reset', seed: 9 });
    expect(Array.from(await embeddings(x))).not.toEqual(Array.from(trained));
    await x.send({ type: 'importModel', modelJson: file.modelJson, weights: file.weights });
    const applied = x.of('configApplied').at(-1)!;
    expect(applied.rebuilt).toBe(true);
    expect(applied.config).toEqual(tiny);
    expect(applied.message).toMatch(/Loaded the model bench-cnn width 2, .*8 px, trained 3 steps, seed 0.*from step 3/);
    expect(x.of('runState').at(-1)).toMatchObject({ state: 'paused', step: 3 });
    expect(Array.from(await embeddings(x))).toEqual(Array.from(trained));
    await x.send({ type: 'step', count: 1 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 4);
  });

  it('a model of another image size re-prepares the dataset', async () => {
    const x = await started(mergeConfig(tiny, { imageSize: 12 }));
    await x.send({ type: 'requestModelExport' });
    const file = x.of('modelExport')[0]!;
    await x.send({ type: 'setConfig', patch: { imageSize: 8 } });
    expect(x.of('datasetReady').at(-1)!.size).toBe(8);
    await x.send({ type: 'importModel', modelJson: file.modelJson, weights: file.weights });
    expect(x.of('datasetReady').at(-1)!.size).toBe(12);
    expect(x.of('configApplied').at(-1)!.config.imageSize).toBe(12);
    expect(x.of('configApplied').at(-1)!.message).toMatch(/prepared again at 12 px/);
  });

  it('refuses a corrupt file with a sentence, and the run keeps going untouched', async () => {
    const x = await started();
    await x.send({ type: 'step', count: 2 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 2);
    const hBefore = await embeddings(x);
    await x.send({ type: 'requestModelExport' });
    const file = x.of('modelExport')[0]!;
    const tensors = tf.memory().numTensors;
    await x.send({ type: 'importModel', modelJson: file.modelJson, weights: file.weights.slice(0, 100) });
    await x.send({ type: 'importModel', modelJson: '{"not": "a model"', weights: new ArrayBuffer(8) });
    await x.send({ type: 'importModel', modelJson: '{"format": "layers-model", "weightsManifest": []}', weights: new ArrayBuffer(0) });
    const errors = x.of('error');
    expect(errors.map((e) => e.code)).toEqual(['model-file', 'model-file', 'model-file']);
    expect(errors[0]!.message).toMatch(/The model was not loaded: .*truncated.*Your run is unchanged\./);
    expect(errors[1]!.message).toMatch(/not valid JSON/);
    expect(errors[2]!.message).toMatch(/Not a SimCLR playground model/);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(Array.from(await embeddings(x))).toEqual(Array.from(hBefore));
    await x.send({ type: 'step', count: 1 });
    await x.waitFor('runState', (m) => m.state === 'paused' && m.step === 3);
  });
});
