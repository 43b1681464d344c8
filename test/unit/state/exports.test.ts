import { describe, expect, it } from 'vitest';
import { mergeConfig } from '../../../src/core/config';
import { PLAYGROUND_DEFAULT } from '../../../src/state/pagePresets';
import { readyStore } from './evalFakes';

describe('exports slice', () => {
  it('asks for the model and keeps the answer', () => {
    const { store, port } = readyStore();
    store.getState().requestModelExport();
    expect(port.take()).toEqual([{ type: 'requestModelExport' }]);
    expect(store.getState().modelExportPending).toBe(true);
    const weights = new ArrayBuffer(8);
    store.getState().receive({ type: 'modelExport', step: 12, modelJson: '{}', weights });
    expect(store.getState().modelExport).toEqual({ step: 12, modelJson: '{}', weights });
    expect(store.getState().modelExportPending).toBe(false);
  });

  it('asks for the embeddings and keeps them', () => {
    const { store, port } = readyStore();
    store.getState().requestEmbeddings();
    expect(port.take()).toEqual([{ type: 'requestEmbeddings' }]);
    store.getState().receive({
      type: 'embeddings', step: 3, count: 1, h: new Float32Array([1, 2]), hDim: 2, z: new Float32Array([3]), zDim: 1, labels: new Int32Array([0]),
    });
    expect(store.getState().embeddings).toMatchObject({ step: 3, hDim: 2, zDim: 1 });
    expect(store.getState().embeddingsPending).toBe(false);
  });

  it('loads a model: its config becomes the panels\' config, with no "rebuilt" notice', () => {
    const { store, port } = readyStore();
    store.getState().receive({ type: 'metrics', items: [{ step: 0, loss: 4, accuracy: 0, entropy: 4, learningRate: 1e-3, meanPositive: 0, meanNegative: 0, msPerStep: 1, imagesPerSecond: 1 }] });
    store.getState().importModel('{"format":"simclr-playground"}', new ArrayBuffer(4), 'simclr-model.json');
    const [message] = port.take();
    expect(message).toMatchObject({ type: 'importModel', modelJson: '{"format":"simclr-playground"}' });
    expect(store.getState().importStatus?.kind).toBe('loading');
    const config = mergeConfig(PLAYGROUND_DEFAULT, { batchSize: 16, seed: 9 });
    store.getState().receive({ type: 'configApplied', config, rebuilt: true, message: 'The model was rebuilt.' });
    const s = store.getState();
    expect(s.config).toEqual(config);
    expect(s.sentConfig).toEqual(config);
    expect(s.importStatus).toEqual({ kind: 'loaded', message: 'The model was rebuilt.' });
    expect(s.notices).toEqual([]);
    // A later edit is a diff against the loaded config.
    s.patchConfig({ batchSize: 8 });
    expect(port.take()).toEqual([{ type: 'setConfig', patch: { batchSize: 8 } }]);
  });

  it('shows the worker\'s refusal of a model file', () => {
    const { store } = readyStore();
    store.getState().importModel('{}', new ArrayBuffer(0));
    store.getState().receive({ type: 'error', code: 'model-file', message: 'model.json has no weightsManifest: it is not a tfjs model file' });
    expect(store.getState().importStatus).toEqual({ kind: 'refused', message: 'model.json has no weightsManifest: it is not a tfjs model file' });
  });
});
