/** The dataset slice: which data the run trains on, the user's files, what the worker kept. */
import type { DatasetSource } from '../../worker/protocol';
import type { DatasetChoice, DatasetSlice, SliceCreator, StoreDeps, UploadItem } from '../types';

let nextUploadId = 1;

/** The setDataset source for the current choice, or undefined when there is nothing to send. */
export function datasetSource(choice: DatasetSlice['datasetChoice'], uploads: readonly UploadItem[]): DatasetSource | undefined {
  if (choice !== 'upload') return { kind: 'preset', name: choice };
  if (uploads.length === 0) return undefined;
  return {
      kind: 'images',
      images: uploads.map((u) => u.file),
      names: uploads.map((u) => u.name),
      labels: uploads.map((u) => u.label),
  };
}

export const createDatasetSlice = (deps: StoreDeps): SliceCreator<DatasetSlice> => (set, get) => {
  /** The choice of the setDataset last sent, until the worker answers it. */
  let requested: DatasetChoice | null = null;
  return {
    datasetChoice: 'shapes',
    uploads: [],
    localRejected: [],
    dataset: null,
    datasetProgress: null,
    datasetPending: false,
    loadedChoice: null,

    choosePreset(name) {
      set({ datasetChoice: name });
      get().sendDataset();
    },

    chooseUploads() {
      if (get().uploads.length === 0 || get().datasetChoice === 'upload') return;
      set({ datasetChoice: 'upload' });
      get().sendDataset();
    },

    addUploads(files, rejected = []) {
      const added = files.map((f) => ({ ...f, id: nextUploadId++ }));
      set((s) => ({
        uploads: [...s.uploads, ...added],
        localRejected: [...s.localRejected, ...rejected],
        datasetChoice: added.length > 0 || s.datasetChoice === 'upload' ? 'upload' : s.datasetChoice,
      }));
      if (added.length > 0) get().sendDataset();
    },

    removeUpload(id) {
      const uploads = get().uploads.filter((u) => u.id !== id);
      if (uploads.length === get().uploads.length) return;
      set({ uploads, datasetChoice: uploads.length === 0 && get().datasetChoice === 'upload' ? 'shapes' : get().datasetChoice });
      get().sendDataset();
    },

    clearUploads() {
      const wasUpload = get().datasetChoice === 'upload';
      set({ uploads: [], localRejected: [], datasetChoice: wasUpload ? 'shapes' : get().datasetChoice });
      if (wasUpload) get().sendDataset();
    },

    sendDataset() {
      if (!get().ready) return; // sent on `ready`
      const source = datasetSource(get().datasetChoice, get().uploads);
      if (!source) return;
      requested = get().datasetChoice;
      set({ datasetPending: true, datasetProgress: null });
      deps.port.send({ type: 'setDataset', source });
    },

    onDatasetProgress(done, total) {
      set({ datasetProgress: { done, total } });
    },

    onDatasetReady(message) {
      const { type: _type, ...info } = message;
      // A dataset the page did not ask for (a restored run's) is the current choice's.
      set({ dataset: info, datasetPending: false, datasetProgress: null, loadedChoice: requested ?? get().datasetChoice });
      requested = null;
    },

    onDatasetRefused() {
      requested = null;
      const { loadedChoice } = get();
      set({ datasetPending: false, datasetProgress: null, ...(loadedChoice !== null ? { datasetChoice: loadedChoice } : {}) });
    },
  };
};
