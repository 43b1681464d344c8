/**
 * The run-file format in Node: a run survives encode -> decode exactly
 * (weights, optimiser slots, step, random streams, epoch order, dataset
 * values, labels, class names, config, metrics, evaluations), and a wrong,
 * damaged, truncated or newer file is refused with a sentence saying which.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { crc32 } from '../../../src/worker/persist/crc32';
import { encodeContainer, FORMAT_VERSION } from '../../../src/worker/persist/container';
import {
  decodeDataset, decodeRun, decodeState, encodeDataset, encodeRun, encodeState, RunFileError, type SavedRun,
} from '../../../src/worker/persist/runFile';
import { columnsToMetrics, metricsToColumns } from '../../../src/worker/persist/metricColumns';

function sampleRun(opts: { byteImages?: boolean } = {}): SavedRun {
  const shape: [number, number, number, number] = [3, 4, 4, 3];
  const n = shape.reduce((a, b) => a * b, 1);
  const images = new Float32Array(n);
  for (let i = 0; i < n; i++) images[i] = opts.byteImages ? ((i * 37) % 256) / 255 : Math.fround(Math.sin(i) * 0.5 + 0.5);
  return {
    dataset: {
      id: 'ds-1', shape, images, labels: Int32Array.from([0, 2, 1]), classNames: ['circle', 'square', 'triangle'],
      source: { kind: 'preset', name: 'shapes', count: 3 },
    },
    state: {
      datasetId: 'ds-1',
      savedAt: 1_780_000_000_123,
      backend: 'wasm',
      session: {
        config: { ...DEFAULT_CONFIG, imageSize: 4, channels: 3, seed: 1234 },
        step: 17,
        weights: {
          'encoder/conv/kernel': { shape: [3, 3, 3, 2], values: Float32Array.from({ length: 54 }, (_, i) => Math.fround(i * 0.01 - 0.2)) },
          'encoder/conv/bias': { shape: [2], values: Float32Array.from([Math.fround(1e-30), -0]) },
          'encoder/bn/movingMean': { shape: [2], values: Float32Array.from([0.25, Number.MIN_VALUE]) },
        },
        optimizer: {
          kind: 'adam', iterations: 17,
          slots: {
            'encoder/conv/kernel/m': { shape: [3, 3, 3, 2], values: Float32Array.from({ length: 54 }, (_, i) => Math.fround(Math.cos(i))) },
            'encoder/conv/kernel/v': { shape: [3, 3, 3, 2], values: Float32Array.from({ length: 54 }, (_, i) => Math.fround(i * 1e-7)) },
          },
        },
        rngState: { batch: [1, 4_294_967_295, 77, 0], augment: [123_456_789, 2, 3, 4] },
        epochOrder: [2, 0, 1],
        epochCursor: 1,
      },
      metrics: Array.from({ length: 17 }, (_, i) => ({
        step: i, loss: 4.1 - i * 0.0123456789, accuracy: i / 17, entropy: Math.PI / (i + 1), learningRate: 1e-3,
        meanPositive: 0.1 * i, meanNegative: -0.01 * i, msPerStep: 250.5 + i, imagesPerSecond: 128 / 0.2505,
      })),
      evaluations: [{
        step: 10, h: { knn: 0.5, probe: 0.625 }, z: { knn: 0.4, probe: 0.5 },
        baseline: { h: { knn: 0.3, probe: 0.35 }, z: { knn: 0.2, probe: 0.25 } }, tested: 40, classNames: ['circle', 'square', 'triangle'],
      }],
    },
  };
}

const bitsOf = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('run file format', () => {
  it('crc32 matches the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it.each([false, true])('round-trips a whole run exactly (byte-valued images: %s)', (byteImages) => {
    const run = sampleRun({ byteImages });
    const back = decodeRun(encodeRun(run));
    // Bit-exact weights and slots (including -0 and denormals).
    for (const [name, w] of Object.entries(run.state.session.weights)) {
      expect(back.state.session.weights[name]!.shape).toEqual(w.shape);
      expect(bitsOf(back.state.session.weights[name]!.values)).toEqual(bitsOf(w.values));
    }
    for (const [name, w] of Object.entries(run.state.session.optimizer.slots)) {
      expect(bitsOf(back.state.session.optimizer.slots[name]!.values)).toEqual(bitsOf(w.values));
    }
    expect(back.state.session.optimizer.kind).toBe('adam');
    expect(back.state.session.optimizer.iterations).toBe(17);
    expect(back.state.session.step).toBe(17);
    expect(back.state.session.rngState).toEqual(run.state.session.rngState);
    expect(back.state.session.epochOrder).toEqual([2, 0, 1]);
    expect(back.state.session.epochCursor).toBe(1);
    expect(back.state.session.config).toEqual(run.state.session.config);
    expect(back.state.metrics).toEqual(run.state.metrics);
    expect(back.state.evaluations).toEqual(run.state.evaluations);
    expect(back.state.savedAt).toBe(run.state.savedAt);
    expect(bitsOf(back.dataset.images)).toEqual(bitsOf(run.dataset.images));
    expect(Array.from(back.dataset.labels!)).toEqual([0, 2, 1]);
    expect(back.dataset.classNames).toEqual(['circle', 'square', 'triangle']);
    expect(back.dataset.shape).toEqual([3, 4, 4, 3]);
    expect(back.dataset.source).toEqual({ kind: 'preset', name: 'shapes', count: 3 });
  });

  it('stores byte-valued images in one byte each, other images as float32', () => {
    const bytes = encodeDataset(sampleRun({ byteImages: true }).dataset).length;
    const floats = encodeDataset(sampleRun({ byteImages: false }).dataset).length;
    expect(floats - bytes).toBeGreaterThanOrEqual(3 * 48 * 3 - 8);
  });

  it('keeps an unlabelled dataset of the user\'s images unlabelled', () => {
    const run = sampleRun({ byteImages: true });
    const { labels: _labels, ...rest } = run.dataset;
    const back = decodeDataset(encodeDataset({ ...rest, classNames: [], source: { kind: 'images', names: ['a.png', 'b.png', 'c.png'] } }));
    expect(back.labels).toBeUndefined();
    expect(back.source).toEqual({ kind: 'images', names: ['a.png', 'b.png', 'c.png'] });
  });

  it('metric columns round-trip', () => {
    const items = sampleRun().state.metrics;
    expect(columnsToMetrics(metricsToColumns(items))).toEqual(items);
  });

  it('refuses a file that is not a run', () => {
    expect(() => decodeRun(new TextEncoder().encode('{"modelTopology": {}} and more text here'))).toThrow(/is not a SimCLR playground run/);
    expect(() => decodeRun(new Uint8Array(0))).toThrow(RunFileError);
  });

  it('refuses a damaged file (one flipped byte anywhere after the fixed header)', () => {
    const bytes = encodeRun(sampleRun());
    for (const at of [24, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const bad = bytes.slice();
      bad[at] = bad[at]! ^ 0x10;
      expect(() => decodeRun(bad, 'run.simclr')).toThrow(/run\.simclr is damaged or truncated/);
    }
  });

  it('refuses a truncated file', () => {
    const bytes = encodeRun(sampleRun());
    expect(() => decodeRun(bytes.slice(0, bytes.length - 100))).toThrow(/damaged or truncated/);
    expect(() => decodeRun(bytes.slice(0, 30))).toThrow(/truncated/);
  });

  it('refuses another version of the format, naming both versions', () => {
    const bytes = encodeRun(sampleRun());
    new DataView(bytes.buffer).setUint32(8, FORMAT_VERSION + 1, true);
    expect(() => decodeRun(bytes)).toThrow(`the file is in version ${FORMAT_VERSION + 1} of the run format; this playground reads version ${FORMAT_VERSION}`);
  });

  it('refuses a state whose table does not match its values, and a dataset record given as a state', () => {
    const run = sampleRun();
    const dataset = encodeDataset(run.dataset);
    expect(() => decodeState(dataset)).toThrow(/holds a dataset record where a state was expected/);
    const good = encodeState(run.state);
    expect(decodeState(good).session.step).toBe(17);
    const badTable = encodeContainer({
      kind: 'state',
      meta: {
        config: DEFAULT_CONFIG, step: 1, datasetId: 'x', savedAt: 0, backend: 'cpu',
        weights: [{ name: 'w', shape: [1000] }], optimizer: { kind: 'adam', iterations: 0, slots: [] },
        rngState: { batch: [1, 2, 3, 4], augment: [1, 2, 3, 4] }, epochCursor: 0,
        metrics: { count: 0, fields: ['step', 'loss', 'accuracy', 'entropy', 'learningRate', 'meanPositive', 'meanNegative', 'msPerStep', 'imagesPerSecond'] },
        evaluations: [],
      },
      sections: { weights: new Float32Array(3), slots: new Float32Array(0), epochOrder: new Int32Array(0), metrics: new Float64Array(0) },
    });
    expect(() => decodeState(badTable)).toThrow(/weights do not match their table/);
  });

  it('refuses a run whose state belongs to another dataset', () => {
    const run = sampleRun();
    run.state.datasetId = 'other';
    expect(() => decodeRun(encodeRun(run))).toThrow(/incomplete: its training state belongs to another dataset/);
  });
});
