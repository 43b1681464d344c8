/** The receive slice: one exhaustive switch from worker messages to slice handlers. */
import { assertNever, type ErrorCode, type ToWorker } from '../../worker/protocol';
import type { AppState, ReceiveSlice, SliceCreator } from '../types';

/**
 * Errors that may answer a request (evaluation, map, neighbours, exports, an
 * ablation plan the worker refused as 'invalid-config'). An error that names its
 * request (`request`) ends that request's wait only; one that does not (an older
 * worker, or a fault of the training loop) ends every wait: an answer that still
 * comes is shown all the same.
 */
const REQUEST_ERRORS: readonly ErrorCode[] = ['no-labels', 'busy', 'not-ready', 'invalid-config', 'internal', 'out-of-memory', 'backend-failed'];

/** The waits each request's failure ends (requests with no wait of their own end none). */
const WAITS: Partial<Record<ToWorker['type'], readonly (keyof AppState)[]>> = {
  requestEvaluation: ['evaluationPending'],
  requestMap: ['mapPending'],
  requestNeighbours: ['neighboursPending'],
  requestModelExport: ['modelExportPending'],
  requestEmbeddings: ['embeddingsPending'],
  requestRunExport: ['runExportPending'],
  requestPreview: ['previewPending'],
  // The dataset was not loaded (a file missing, an internal failure): the old one stays.
  setDataset: ['datasetPending'],
  newRun: ['datasetPending'],
};

/** The waits an error ends: nothing more will answer them. */
function endWaits(s: AppState, code: ErrorCode, request?: ToWorker['type']): Partial<AppState> {
  if (request) {
    const out: Record<string, boolean> = {};
    for (const key of WAITS[request] ?? []) out[key] = false;
    // A queue refused before its first progress message never started.
    if (request === 'runAblation' && s.ablationRunning && s.ablationProgress === null) out.ablationRunning = false;
    return out as Partial<AppState>;
  }
  if (!REQUEST_ERRORS.includes(code)) return {};
  const out: Partial<AppState> = {
    evaluationPending: false,
    mapPending: false,
    neighboursPending: false,
    modelExportPending: false,
    embeddingsPending: false,
    runExportPending: false,
  };
  // A queue refused before its first progress message never started.
  if (s.ablationRunning && s.ablationProgress === null) out.ablationRunning = false;
  return out;
}

export const createReceiveSlice = (): SliceCreator<ReceiveSlice> => (set, get) => ({
  receive(message) {
    const s = get();
    switch (message.type) {
      case 'ready':
        s.onReady(message);
        s.sendEvaluationSettings();
        return;
      case 'datasetProgress':
        s.onDatasetProgress(message.done, message.total);
        return;
      case 'datasetReady':
        s.onDatasetReady(message);
        // Scores, maps and picks of the previous data no longer apply.
        s.clearEvaluation();
        s.clearMap();
        s.clearNeighbours();
        s.requestPreview(false);
        return;
      case 'metrics':
        // The worker numbers steps from 0 (index of the step); the page counts steps done, as runState does.
        s.onMetrics(message.items.map((m) => ({ ...m, step: m.step + 1 })));
        return;
      case 'similarity':
        s.onSimilarity({ ...message, step: message.step + 1 });
        return;
      case 'preview':
        s.onPreview(message);
        return;
      case 'embeddings':
        s.onEmbeddings(message);
        return;
      case 'runState':
        if (message.step === 0) {
          s.startNewRun();
          // Nothing of a run at step 0 is saved (the worker never saves step 0).
          set({ savedStep: null, savedBytes: 0 });
        }
        s.onRunState(message.state, message.step);
        if (message.reason) s.addNotice({ kind: 'info', code: 'run-state', message: message.reason });
        return;
      case 'configApplied': {
        s.onConfigApplied(message.config);
        // A model the user loaded brings its own settings (and the restart is no surprise).
        const imported = s.importStatus?.kind === 'loading';
        if (imported) s.onImportApplied(message.config, message.message);
        if (message.rebuilt) {
          // Worth a note only when training had progressed and the user did not ask for the restart.
          const progressed = s.step > 0 || s.metrics.history.length > 0;
          if (progressed && !s.resetRequested && !imported) s.addNotice({ kind: 'info', code: 'rebuilt', message: message.message });
          // A new run (reset, rebuild, new dataset or model): the saved step was the old run's, and the
          // worker deleted that run; nothing of this one is saved until its first runSaved.
          set({ resetRequested: false, savedStep: null, savedBytes: 0 });
          s.startNewRun();
        }
        return;
      }
      case 'warning':
        s.addNotice({ kind: 'warning', code: message.code, message: message.message });
        if (message.code === 'storage') set({ saveFailing: true });
        return;
      case 'error':
        s.addNotice({ kind: 'error', code: message.code, message: message.message });
        if (message.fields) set({ workerFieldErrors: message.fields });
        set(endWaits(s, message.code, message.request));
        if (message.code === 'model-file') s.onImportRefused(message.message);
        if (message.code === 'run-file') s.onRunFileError(message.message);
        const datasetRequest = message.request === undefined || message.request === 'setDataset' || message.request === 'newRun';
        if (datasetRequest && (message.code === 'dataset-empty' || message.code === 'dataset-too-small' || message.code === 'dataset-missing')) s.onDatasetRefused();
        if (get().starting && (message.code === 'backend-failed' || message.code === 'internal')) set({ starting: false });
        return;
      case 'evaluation':
        s.onEvaluation(message);
        s.noteEvaluationForMap();
        return;
      case 'neighbours':
        s.onNeighbours(message);
        return;
      case 'map':
        s.onMap(message);
        return;
      case 'ablationProgress':
        s.onAblationProgress(message);
        return;
      case 'ablationResult':
        s.onAblationResult(message.row);
        return;
      case 'modelExport':
        s.onModelExport(message);
        return;
      case 'runRestored':
        s.onRunRestored(message);
        return;
      case 'runSaved':
        s.onRunSaved(message);
        return;
      case 'runExport':
        s.onRunExport(message);
        return;
      default:
        assertNever(message);
    }
  },
});
