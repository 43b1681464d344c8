// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import { ExportPanel } from '../../../src/ui/export/ExportPanel';
import { MODEL_JSON_NAME, MODEL_WEIGHTS_NAME, pickModelFiles, withWeightsPath } from '../../../src/ui/export/modelFiles';
import { captureDownloads, click, renderWithStore } from './render';
import { labelledDataset } from '../state/evalFakes';
import { sent } from '../state/fakes';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  vi.restoreAllMocks();
});

const settle = () => act(async () => {
  for (let i = 0; i < 5; i++) await new Promise((res) => setTimeout(res, 0));
});

const MODEL_JSON = JSON.stringify({
  modelTopology: { kind: 'simclr-encoder-head' }, format: 'simclr-playground',
  weightsManifest: [{ paths: ['./weights.bin'], weights: [{ name: 'a', shape: [2], dtype: 'float32' }] }],
});

describe('model files', () => {
  it('point the manifest at the downloaded weights file', () => {
    const json = JSON.parse(withWeightsPath(MODEL_JSON));
    expect(json.weightsManifest).toEqual([{ paths: [`./${MODEL_WEIGHTS_NAME}`], weights: [{ name: 'a', shape: [2], dtype: 'float32' }] }]);
    expect(json.format).toBe('simclr-playground');
    expect(() => withWeightsPath('{}')).toThrow(/weightsManifest/);
  });

  it('pick model.json and the weights out of the chosen files, or say what is missing', () => {
    const json = new File(['{}'], 'simclr-model.json');
    const bin = new File([new Uint8Array(8)], 'simclr-model.weights.bin');
    expect(pickModelFiles([bin, json])).toEqual({ json, weights: bin });
    expect(pickModelFiles([json])).toMatch(/Choose both files.*you chose simclr-model\.json/);
  });
});

describe('ExportPanel', () => {
  it('downloads the model as two files whose manifest names the weights file', async () => {
    const r = renderWithStore(<ExportPanel />, { ready: true });
    cleanup = r.unmount;
    const saved = captureDownloads();
    click(r.get('export-model-download'));
    expect(r.port.take()).toEqual([{ type: 'requestModelExport' }]);
    const weights = new Float32Array([1, 2]).buffer;
    r.act(() => r.store.getState().receive({ type: 'modelExport', step: 42, modelJson: MODEL_JSON, weights }));
    expect(saved.map((s) => s.name)).toEqual([MODEL_JSON_NAME, MODEL_WEIGHTS_NAME]);
    expect(JSON.parse(await saved[0]!.blob.text()).weightsManifest[0].paths).toEqual([`./${MODEL_WEIGHTS_NAME}`]);
    expect(new Float32Array(await saved[1]!.blob.arrayBuffer())).toEqual(new Float32Array([1, 2]));
    expect(r.get('export-model-saved').textContent).toMatch(/step 42/);
    // A model the page did not ask for is not saved again.
    r.act(() => r.store.getState().receive({ type: 'modelExport', step: 43, modelJson: MODEL_JSON, weights: new ArrayBuffer(8) }));
    expect(saved).toHaveLength(2);
  });

  it('loads a model from both files, and shows the worker\'s refusal', async () => {
    const r = renderWithStore(<ExportPanel />, { ready: true });
    cleanup = r.unmount;
    const input = r.get('export-model-input') as HTMLInputElement;
    const pick = (files: File[]) => {
      Object.defineProperty(input, 'files', { value: files, configurable: true });
      act(() => {
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
    };
    pick([new File(['{}'], 'simclr-model.json')]);
    await settle();
    expect(r.get('export-model-status').textContent).toMatch(/Choose both files/);
    expect(r.port.take()).toEqual([]);

    pick([new File([MODEL_JSON], 'simclr-model.json'), new File([new Uint8Array(8)], 'simclr-model.weights.bin')]);
    await settle();
    const [message] = r.port.take();
    expect(message).toMatchObject({ type: 'importModel', modelJson: MODEL_JSON });
    if (message?.type !== 'importModel') throw new Error('expected importModel');
    expect(message.weights.byteLength).toBe(8);
    expect(r.get('export-model-status').dataset.kind).toBe('loading');
    r.act(() => r.store.getState().receive({ type: 'error', code: 'model-file', message: 'The model was not loaded: it has 2 weights, not 3. Your run is unchanged.' }));
    const status = r.get('export-model-status');
    expect(status.textContent).toBe('The model was not loaded: it has 2 weights, not 3. Your run is unchanged.');
    expect(status.getAttribute('role')).toBe('alert');
  });

  it('saves the whole run as one file when asked, and loads one back or shows why not', async () => {
    const r = renderWithStore(<ExportPanel />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive(labelledDataset(2)));
    r.port.take();
    const saved = captureDownloads();
    click(r.get('run-export'));
    expect(r.port.take()).toEqual([{ type: 'requestRunExport' }]);
    r.act(() => r.store.getState().receive({ type: 'runExport', step: 7, fileName: 'simclr-run-step-7.simclr', bytes: new ArrayBuffer(2_000_000) }));
    expect(saved.map((s) => s.name)).toEqual(['simclr-run-step-7.simclr']);
    expect(r.get('run-export-saved').textContent).toBe('Saved the run at step 7: simclr-run-step-7.simclr (2.0 MB).');
    // A run file the page did not ask for is not saved again.
    r.act(() => r.store.getState().receive({ type: 'runExport', step: 8, fileName: 'simclr-run-step-8.simclr', bytes: new ArrayBuffer(8) }));
    expect(saved).toHaveLength(1);

    const input = r.get('run-import-input') as HTMLInputElement;
    expect(input.multiple).toBe(false);
    Object.defineProperty(input, 'files', { value: [new File([new Uint8Array(16)], 'mine.simclr')], configurable: true });
    act(() => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settle();
    const [message] = r.port.take();
    expect(message).toMatchObject({ type: 'importRun', name: 'mine.simclr' });
    expect(r.get('run-import-status').dataset.kind).toBe('loading');
    expect((r.get('run-import') as HTMLButtonElement).disabled).toBe(true);
    r.act(() => r.store.getState().refuseRunFile('mine.simclr is not a run file.'));
    const status = r.get('run-import-status');
    expect(status.textContent).toBe('mine.simclr is not a run file.');
    expect(status.getAttribute('role')).toBe('alert');
    expect((r.get('run-import') as HTMLButtonElement).disabled).toBe(false);
  });

  it('writes the embeddings as Projector TSV, the metrics as CSV and the run as a PyTorch script', async () => {
    const r = renderWithStore(<ExportPanel />, { ready: true });
    cleanup = r.unmount;
    r.act(() => {
      r.store.getState().receive(labelledDataset(2));
      r.store.getState().receive({ type: 'metrics', items: [sent(1, 4.1), sent(2, 4)] });
    });
    r.port.take();
    const saved = captureDownloads();
    click(r.get('export-space-z'));
    click(r.get('export-embeddings-download'));
    expect(r.port.take()).toEqual([{ type: 'requestEmbeddings' }]);
    r.act(() =>
      r.store.getState().receive({
        type: 'embeddings', step: 2, count: 2, h: new Float32Array([1, 2, 3, 4]), hDim: 2, z: new Float32Array([0.5, -1]), zDim: 1, labels: new Int32Array([0, 1]),
      }),
    );
    await settle();
    expect(saved.map((s) => s.name)).toEqual(['vectors.tsv', 'metadata.tsv']);
    expect(await saved[0]!.blob.text()).toBe('0.5\n-1\n');
    expect(await saved[1]!.blob.text()).toBe('label\tindex\ncircle\t0\nsquare\t1\n');

    click(r.get('export-metrics'));
    await settle();
    expect(saved[2]!.name).toBe('simclr-metrics.csv');
    const csv = (await saved[2]!.blob.text()).trimEnd().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[1]!.startsWith('1,4.1,')).toBe(true);

    click(r.get('export-script'));
    await settle();
    await vi.waitFor(() => expect(saved).toHaveLength(4), { timeout: 20_000 });
    expect(saved[3]!.name).toBe('simclr_lightly.py');
    expect(await saved[3]!.blob.text()).toMatch(/BEGIN CONFIG/);
    expect(r.get('export-run-status').textContent).toMatch(/simclr_lightly\.py/);
  });
});
