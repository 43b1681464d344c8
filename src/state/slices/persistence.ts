/**
 * The persistence slice: the run saved in this browser (restored on load when
 * the URL allows, see restorePolicy.ts), "New run", and the run as one file
 * (export, import). The worker does the saving; the page shows where it stands.
 */
import { validateConfig } from '../../core/config';
import { columnsToMetrics } from '../../worker/persist/metricColumns';
import { appendMetrics, EMPTY_METRICS, EMPTY_RATE } from '../metricsLog';
import { PLAYGROUND_DEFAULT } from '../pagePresets';
import { restoreDecision } from '../restorePolicy';
import type { PersistenceSlice, SliceCreator, StoreDeps } from '../types';

export const createPersistenceSlice = (deps: StoreDeps): SliceCreator<PersistenceSlice> => (set, get) => ({
  savedStep: null,
  savedBytes: 0,
  saveFailing: false,
  restoring: null,
  runFileStatus: null,
  runExport: null,
  runExportPending: false,

  offerSavedRun(summary) {
    if (!summary) return false;
    const s = get();
    const preset = s.datasetChoice === 'upload' ? 'shapes' : s.datasetChoice;
    const decision = restoreDecision(summary, { config: s.config, preset });
    if (!decision.restore) {
      if (decision.notice) s.addNotice({ kind: 'info', code: 'saved-run-kept', message: decision.notice });
      return false;
    }
    set({ restoring: 'saved', datasetPending: true, datasetProgress: null });
    deps.port.send({ type: 'restoreRun' });
    return true;
  },

  newRun() {
    if (!get().ready) return;
    const config = PLAYGROUND_DEFAULT;
    set({
      config, sentConfig: config, configIssues: validateConfig(config), workerFieldErrors: [],
      datasetChoice: 'shapes', uploads: [], localRejected: [], datasetPending: true, datasetProgress: null,
      resetRequested: true, savedStep: null, savedBytes: 0, runFileStatus: null, importStatus: null,
    });
    get().clearEvaluation();
    get().clearMap();
    get().clearNeighbours();
    deps.port.send({ type: 'newRun', config, source: { kind: 'preset', name: 'shapes' } });
    get().addNotice({ kind: 'info', code: 'new-run', message: 'New run on the default settings and the synthetic shapes; the saved run was deleted.' });
  },

  requestRunExport() {
    if (!get().ready || !get().dataset) return;
    set({ runExportPending: true });
    deps.port.send({ type: 'requestRunExport' });
  },

  importRun(bytes, name) {
    if (!get().ready) return;
    set({ restoring: 'file', runFileStatus: { kind: 'loading', message: `Loading ${name}…` } });
    deps.port.send({ type: 'importRun', bytes, name }, [bytes]);
  },

  refuseRunFile(message) {
    set({ runFileStatus: { kind: 'refused', message } });
  },

  onRunRestored(message) {
    const items = columnsToMetrics(message.metrics).map((m) => ({ ...m, step: m.step + 1 }));
    const metrics = appendMetrics(EMPTY_METRICS, items);
    const evaluations = message.evaluations;
    const config = message.config;
    set((s) => ({
      config, sentConfig: config, appliedConfig: config, configIssues: validateConfig(config), workerFieldErrors: [],
      datasetChoice: message.preset ?? 'upload',
      uploads: message.preset ? s.uploads : [],
      metrics, latest: items[items.length - 1] ?? null, step: message.step, previousChart: [], rate: EMPTY_RATE,
      evaluationHistory: evaluations, evaluation: evaluations[evaluations.length - 1] ?? null,
      restoring: null, resetRequested: false,
      // A restored saved run is what the store holds; an imported file replaced the stored run, and its
      // own save is reported (runSaved) after this message.
      savedStep: message.origin === 'saved' ? message.step : null,
      savedBytes: message.origin === 'saved' ? s.savedBytes : 0,
      runFileStatus: message.origin === 'file' ? { kind: 'loaded', message: message.message } : s.runFileStatus,
    }));
    get().addNotice({ kind: 'info', code: 'run-restored', message: message.message });
  },

  onRunSaved(message) {
    set({ savedStep: message.step, savedBytes: message.bytes, saveFailing: false });
  },

  onRunExport(message) {
    const { type: _type, ...file } = message;
    set({ runExport: file, runExportPending: false });
  },

  onRunFileError(message) {
    const restoring = get().restoring;
    set({ restoring: null, runExportPending: false });
    if (restoring === 'file') set({ runFileStatus: { kind: 'refused', message } });
    // The saved run could not be restored: start the page's own run instead.
    if (restoring === 'saved') {
      set({ datasetPending: false });
      get().sendDataset();
    }
  },
});
