import { describe, expect, it } from 'vitest';
import { datasetReady, makeStore, readyMessage, sent } from './fakes';
import { PLAYGROUND_DEFAULT } from '../../../src/state/pagePresets';
import { mergeConfig } from '../../../src/core/config';

describe('start and ready', () => {
  it('sends init with the config and backend, then the dataset once ready', () => {
    const { port, store } = makeStore({ preset: 'mnist', backend: 'wasm' });
    store.getState().start();
    store.getState().start(); // a second start does nothing
    expect(port.take()).toEqual([{ type: 'init', config: PLAYGROUND_DEFAULT, backend: 'wasm' }]);
    expect(store.getState().starting).toBe(true);

    store.getState().play(); // not ready: ignored
    expect(port.sent).toEqual([]);

    store.getState().receive(readyMessage());
    expect(store.getState().ready?.backend).toBe('webgpu');
    expect(port.take()).toEqual([{ type: 'setDataset', source: { kind: 'preset', name: 'mnist' } }]);
    expect(store.getState().datasetPending).toBe(true);

    store.getState().receive(datasetReady(12));
    expect(store.getState().dataset?.count).toBe(12);
    expect(store.getState().datasetPending).toBe(false);
    expect(port.take()).toEqual([{ type: 'requestPreview' }]);
  });

  it('sends edits made while the worker started as a diff after ready', () => {
    const { port, store } = makeStore();
    store.getState().start();
    store.getState().patchConfig({ loss: { temperature: 0.3 } });
    expect(port.take().map((m) => m.type)).toEqual(['init']);
    store.getState().receive(readyMessage());
    expect(port.take()).toEqual([
      { type: 'setConfig', patch: { loss: { temperature: 0.3 } } },
      { type: 'setDataset', source: { kind: 'preset', name: 'shapes' } },
    ]);
  });
});

describe('config slice', () => {
  function ready() {
    const made = makeStore();
    made.store.getState().start();
    made.store.getState().receive(readyMessage());
    made.port.take();
    return made;
  }

  it('sends only what changed, and asks for a preview when augmentations change', () => {
    const { port, store } = ready();
    store.getState().patchConfig({ augment: { blur: { enabled: true } } });
    expect(port.take()).toEqual([
      { type: 'setConfig', patch: { augment: { blur: { enabled: true } } } },
      { type: 'requestPreview' },
    ]);
    store.getState().patchConfig({ batchSize: 16 });
    expect(port.take()).toEqual([{ type: 'setConfig', patch: { batchSize: 16 } }]);
    store.getState().patchConfig({ batchSize: 16 }); // no change, nothing sent
    expect(port.take()).toEqual([]);
  });

  it('keeps an invalid edit in the panels, names the field and does not send it', () => {
    const { port, store } = ready();
    store.getState().patchConfig({ loss: { temperature: -1 } });
    expect(store.getState().config.loss.temperature).toBe(-1);
    expect(store.getState().configIssues.map((i) => i.field)).toEqual(['loss.temperature']);
    expect(port.take()).toEqual([]);
    store.getState().patchConfig({ loss: { temperature: 0.3 } });
    expect(store.getState().configIssues).toEqual([]);
    expect(port.take()).toEqual([{ type: 'setConfig', patch: { loss: { temperature: 0.3 } } }]);
  });

  it('debounces a slider drag into one message', async () => {
    const made = makeStore({}, 20);
    made.store.getState().start();
    made.store.getState().receive(readyMessage());
    made.port.take();
    for (const s of [0.1, 0.2, 0.3, 0.4]) made.store.getState().patchConfig({ augment: { colorJitter: { strength: s } } });
    expect(made.port.sent).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(made.port.take()).toEqual([
      { type: 'setConfig', patch: { augment: { colorJitter: { strength: 0.4 } } } },
      { type: 'requestPreview' },
    ]);
  });

  it('applies augmentation presets', () => {
    const { port, store } = ready();
    store.getState().applyAugmentPreset('crop-only');
    const a = store.getState().config.augment;
    expect(a.crop.enabled && a.flip.enabled).toBe(true);
    expect(a.colorJitter.enabled || a.blur.enabled || a.colorDrop.enabled).toBe(false);
    expect(port.take().map((m) => m.type)).toEqual(['setConfig', 'requestPreview']);
  });

  it('a new seed resets the run with that seed', () => {
    const { port, store } = ready();
    store.getState().setSeed(42);
    expect(store.getState().config.seed).toBe(42);
    expect(port.take()).toEqual([{ type: 'reset', seed: 42 }, { type: 'requestPreview' }]);
    store.getState().patchConfig({ batchSize: 8 });
    expect(port.take()).toEqual([{ type: 'setConfig', patch: { batchSize: 8 } }]);
  });

  it('records fields the worker refused and clears them on the next edit', () => {
    const { store } = ready();
    store.getState().receive({ type: 'error', code: 'invalid-config', message: 'Batch too big for memory.', fields: ['batchSize'] });
    expect(store.getState().workerFieldErrors).toEqual(['batchSize']);
    expect(store.getState().notices[0]?.message).toBe('Batch too big for memory.');
    store.getState().patchConfig({ batchSize: 8 });
    expect(store.getState().workerFieldErrors).toEqual([]);
  });

  it('stores the config the worker applied and starts a new run on a rebuild', () => {
    const { store } = ready();
    store.getState().receive({ type: 'metrics', items: [sent(1), sent(2)] });
    const applied = mergeConfig(PLAYGROUND_DEFAULT, { batchSize: 8 });
    store.getState().receive({ type: 'configApplied', config: applied, rebuilt: true, message: 'Model rebuilt.' });
    expect(store.getState().appliedConfig).toEqual(applied);
    expect(store.getState().metrics.history).toEqual([]);
    expect(store.getState().previousChart.length).toBe(2);
    expect(store.getState().notices.map((n) => n.code)).toEqual(['rebuilt']);
  });
});

describe('run slice', () => {
  it('sends play, pause, step and reset, flushing pending edits first', () => {
    const made = makeStore({}, 1000);
    const { port, store } = made;
    store.getState().start();
    store.getState().receive(readyMessage());
    port.take();
    store.getState().patchConfig({ loss: { temperature: 0.25 } });
    store.getState().play();
    store.getState().pause();
    store.getState().stepBy(2.7);
    store.getState().reset();
    expect(port.take()).toEqual([
      { type: 'setConfig', patch: { loss: { temperature: 0.25 } } },
      { type: 'play' },
      { type: 'pause' },
      { type: 'step', count: 2 },
      { type: 'reset' },
    ]);
  });

  it('follows runState messages', () => {
    const { store } = makeStore();
    store.getState().receive({ type: 'runState', state: 'running', step: 5 });
    expect(store.getState().runState).toBe('running');
    expect(store.getState().step).toBe(5);
  });

  it('collects notices, counts repeats, dismisses them', () => {
    const { store } = makeStore();
    store.getState().receive({ type: 'warning', code: 'slow-backend', message: 'Training on cpu is slow.' });
    store.getState().receive({ type: 'warning', code: 'slow-backend', message: 'Training on cpu is slow.' });
    store.getState().receive({ type: 'error', code: 'non-finite-loss', message: 'The loss became NaN; lower the learning rate.' });
    const notices = store.getState().notices;
    expect(notices.map((n) => [n.kind, n.count])).toEqual([['warning', 2], ['error', 1]]);
    store.getState().dismissNotice(notices[0]!.id);
    expect(store.getState().notices.map((n) => n.code)).toEqual(['non-finite-loss']);
  });

  it('an error naming its request ends that request\'s wait only; one without a request ends them all', () => {
    const { store } = makeStore();
    store.setState({ evaluationPending: true, mapPending: true, neighboursPending: true });
    store.getState().receive({ type: 'error', code: 'invalid-config', message: 'No such image.', fields: ['index'], request: 'requestNeighbours' });
    expect(store.getState()).toMatchObject({ neighboursPending: false, evaluationPending: true, mapPending: true });
    store.getState().receive({ type: 'error', code: 'internal', message: 'Something went wrong.' });
    expect(store.getState()).toMatchObject({ evaluationPending: false, mapPending: false });
  });

  it('a missing dataset file ends the dataset wait and says what to do', () => {
    const { store } = makeStore();
    store.setState({ datasetPending: true });
    const message = 'The mnist dataset could not be loaded: datasets/mnist.u8 is missing or failed to download (404). They are made by `npm run datasets` ...';
    store.getState().receive({ type: 'error', code: 'dataset-missing', message, request: 'setDataset' });
    expect(store.getState().datasetPending).toBe(false);
    expect(store.getState().notices.at(-1)).toMatchObject({ kind: 'error', code: 'dataset-missing', message });
  });

  it('a refused dataset puts the choice back on the data the run trains on; an ablation\'s refusal does not', () => {
    const { port, store } = makeStore();
    store.getState().start();
    store.getState().receive(readyMessage());
    store.getState().receive(datasetReady(12));
    expect(store.getState().loadedChoice).toBe('shapes');
    port.take();
    store.getState().choosePreset('mnist');
    expect(port.take()).toEqual([{ type: 'setDataset', source: { kind: 'preset', name: 'mnist' } }]);
    expect(store.getState().datasetChoice).toBe('mnist');
    store.getState().receive({ type: 'error', code: 'dataset-missing', message: 'datasets/mnist.u8 is missing.', request: 'setDataset' });
    expect(store.getState()).toMatchObject({ datasetChoice: 'shapes', loadedChoice: 'shapes', datasetPending: false });
    // A preset that loads becomes the loaded choice.
    store.getState().choosePreset('fashion-mnist');
    store.getState().receive(datasetReady(12));
    expect(store.getState().loadedChoice).toBe('fashion-mnist');
    // The ablation runner's own preset failing leaves the main run's choice alone.
    store.getState().receive({ type: 'error', code: 'dataset-missing', message: 'The ablation was not started.', request: 'runAblation' });
    expect(store.getState().datasetChoice).toBe('fashion-mnist');
  });

  it('an error keeps the settings the user made', () => {
    const { store } = makeStore();
    store.getState().patchConfig({ batchSize: 4 });
    store.getState().receive({ type: 'error', code: 'internal', message: 'The training worker crashed.' });
    expect(store.getState().config.batchSize).toBe(4);
  });
});

describe('metrics slice', () => {
  it('appends metrics, tracks rate and detects a new run when the step goes back', () => {
    const { store, tick } = makeStore();
    store.getState().receive({ type: 'metrics', items: [sent(1, 4.1), sent(2, 4.0)] });
    tick(1000);
    store.getState().receive({ type: 'metrics', items: [sent(3, 3.9), sent(4, 3.8)] });
    let s = store.getState();
    expect(s.step).toBe(4);
    expect(s.latest?.loss).toBe(3.8);
    expect(s.metrics.history.map((m) => m.step)).toEqual([1, 2, 3, 4]);
    expect(s.rate.stepsPerSecond).toBeCloseTo(2);
    expect(s.rate.imagesPerSecond).toBe(640);

    store.getState().receive({ type: 'metrics', items: [sent(1, 4.2)] });
    s = store.getState();
    expect(s.metrics.history.map((m) => m.step)).toEqual([1]);
    expect(s.previousChart.map((m) => m.step)).toEqual([1, 2, 3, 4]);
  });

  it('counts steps done: the worker numbers steps from 0, runState counts them', () => {
    const { store } = makeStore();
    store.getState().receive({ type: 'metrics', items: [{ ...sent(1), step: 0 }] });
    expect(store.getState().step).toBe(1);
    store.getState().receive({ type: 'similarity', step: 0, size: 2, values: new Float32Array(4), imageIndices: new Int32Array(1), temperature: 1 });
    expect(store.getState().similarity?.step).toBe(1);
    store.getState().receive({ type: 'runState', state: 'paused', step: 1 });
    expect(store.getState().step).toBe(1);
  });

  it('keeps the latest similarity matrix and preview', () => {
    const { store } = makeStore();
    const values = new Float32Array(16);
    store.getState().receive({ type: 'similarity', step: 3, size: 4, values, imageIndices: new Int32Array([0, 1]), temperature: 0.5 });
    expect(store.getState().similarity?.values).toBe(values);
    expect(store.getState().similarity?.step).toBe(4);
    store.getState().receive({
      type: 'preview', count: 1, size: 2, imageIndices: new Int32Array([0]),
      pixels: new Uint8ClampedArray(3 * 2 * 2 * 4), descriptions: [['crop 40%', 'flip']],
    });
    expect(store.getState().preview?.count).toBe(1);
  });
});

describe('dataset slice', () => {
  function ready() {
    const made = makeStore();
    made.store.getState().start();
    made.store.getState().receive(readyMessage());
    made.port.take();
    return made;
  }
  const file = (name: string) => new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' });

  it('sends uploads as blobs with names and labels; removing the last falls back to shapes', () => {
    const { port, store } = ready();
    const a = file('a.png');
    const b = file('b.png');
    store.getState().addUploads([{ file: a, name: 'cat/a.png', label: 'cat' }, { file: b, name: 'b.png' }], [{ name: 'x.txt', reason: 'not an image' }]);
    expect(store.getState().datasetChoice).toBe('upload');
    expect(store.getState().localRejected).toHaveLength(1);
    expect(port.take()).toEqual([
      { type: 'setDataset', source: { kind: 'images', images: [a, b], names: ['cat/a.png', 'b.png'], labels: ['cat', undefined] } },
    ]);
    const [first, second] = store.getState().uploads;
    store.getState().removeUpload(first!.id);
    expect(port.take()).toEqual([
      { type: 'setDataset', source: { kind: 'images', images: [b], names: ['b.png'], labels: [undefined] } },
    ]);
    store.getState().removeUpload(second!.id);
    expect(store.getState().datasetChoice).toBe('shapes');
    expect(port.take()).toEqual([{ type: 'setDataset', source: { kind: 'preset', name: 'shapes' } }]);
  });

  it('only rejected files do not switch the dataset', () => {
    const { port, store } = ready();
    store.getState().addUploads([], [{ name: 'notes.txt', reason: 'not an image' }]);
    expect(store.getState().datasetChoice).toBe('shapes');
    expect(port.sent).toEqual([]);
  });

  it('records progress and stops waiting when the worker refuses the data', () => {
    const { store } = ready();
    store.getState().choosePreset('fashion-mnist');
    store.getState().receive({ type: 'datasetProgress', done: 3, total: 10 });
    expect(store.getState().datasetProgress).toEqual({ done: 3, total: 10 });
    store.getState().receive({ type: 'error', code: 'dataset-empty', message: 'No image could be decoded.' });
    expect(store.getState().datasetPending).toBe(false);
  });
});

describe('rebuilds and backend switches', () => {
  function ready() {
    const made = makeStore();
    made.store.getState().start();
    made.store.getState().receive(readyMessage());
    made.port.take();
    return made;
  }

  it('a second ready (backend switched after a device loss) updates the badge without reloading the data', () => {
    const { port, store } = ready();
    store.getState().receive({ ...readyMessage(), backend: 'wasm', reason: 'WebGPU device lost; moved to wasm' });
    expect(store.getState().ready?.backend).toBe('wasm');
    expect(port.sent).toEqual([]);
  });

  it('no note for the first dataset load nor for a reset the user asked for', () => {
    const { store } = ready();
    const applied = store.getState().config;
    store.getState().receive({ type: 'configApplied', config: applied, rebuilt: true, message: 'New dataset: step 0.' });
    expect(store.getState().notices).toEqual([]);
    store.getState().receive({ type: 'metrics', items: [sent(1), sent(2)] });
    store.getState().reset();
    store.getState().receive({ type: 'configApplied', config: applied, rebuilt: true, message: 'Reset: new weights.' });
    store.getState().receive({ type: 'runState', state: 'paused', step: 0 });
    expect(store.getState().notices).toEqual([]);
    expect(store.getState().step).toBe(0);
    expect(store.getState().previousChart.map((m) => m.step)).toEqual([1, 2]);
    // A rebuild the user did not ask for explicitly (a new batch size) after progress is noted.
    store.getState().receive({ type: 'metrics', items: [sent(1)] });
    store.getState().receive({ type: 'configApplied', config: applied, rebuilt: true, message: 'Rebuilt for the new batch size.' });
    expect(store.getState().notices.map((n) => n.message)).toEqual(['Rebuilt for the new batch size.']);
  });
});
