/**
 * The exports slice: asks the worker for the trained model and the embeddings
 * (the Export panel turns the answers into files), and sends a saved model back.
 */
import { validateConfig } from '../../core/config';
import type { ExportSlice, SliceCreator, StoreDeps } from '../types';

export const createExportSlice = (deps: StoreDeps): SliceCreator<ExportSlice> => (set, get) => ({
  modelExport: null,
  modelExportPending: false,
  embeddings: null,
  embeddingsPending: false,
  importStatus: null,

  requestModelExport() {
    if (!get().ready) return;
    set({ modelExportPending: true });
    deps.port.send({ type: 'requestModelExport' });
  },

  requestEmbeddings() {
    if (!get().ready || !get().dataset) return;
    set({ embeddingsPending: true });
    deps.port.send({ type: 'requestEmbeddings' });
  },

  importModel(modelJson, weights, name = 'the model') {
    if (!get().ready) return;
    set({ importStatus: { kind: 'loading', message: `Loading ${name}…` } });
    deps.port.send({ type: 'importModel', modelJson, weights }, [weights]);
  },

  refuseImport(message) {
    set({ importStatus: { kind: 'refused', message } });
  },

  onModelExport(message) {
    const { type: _type, ...model } = message;
    set({ modelExport: model, modelExportPending: false });
  },

  onEmbeddings(message) {
    const { type: _type, ...embeddings } = message;
    set({ embeddings, embeddingsPending: false });
  },

  onImportApplied(config, message) {
    // The model brought its own settings: the panels, the URL and later diffs start from them.
    set({
      config,
      sentConfig: config,
      configIssues: validateConfig(config),
      workerFieldErrors: [],
      importStatus: { kind: 'loaded', message: message || 'Model loaded: its settings are in the panels, and training goes on from its weights.' },
    });
  },

  onImportRefused(message) {
    set({ importStatus: { kind: 'refused', message } });
  },
});
