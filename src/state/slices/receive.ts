/** The receive slice: one exhaustive switch from worker messages to slice handlers. */
import { assertNever } from '../../worker/protocol';
import type { ReceiveSlice, SliceCreator } from '../types';

export const createReceiveSlice = (): SliceCreator<ReceiveSlice> => (set, get) => ({
  receive(message) {
    const s = get();
    switch (message.type) {
      case 'ready':
        s.onReady(message);
        return;
      case 'datasetProgress':
        s.onDatasetProgress(message.done, message.total);
        return;
      case 'datasetReady':
        s.onDatasetReady(message);
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
        return; // the page does not show embeddings yet
      case 'runState':
        if (message.step === 0) s.startNewRun();
        s.onRunState(message.state, message.step);
        if (message.reason) s.addNotice({ kind: 'info', code: 'run-state', message: message.reason });
        return;
      case 'configApplied':
        s.onConfigApplied(message.config);
        if (message.rebuilt) {
          // Worth a note only when training had progressed and the user did not ask for the restart.
          const progressed = s.step > 0 || s.metrics.history.length > 0;
          if (progressed && !s.resetRequested) s.addNotice({ kind: 'info', code: 'rebuilt', message: message.message });
          set({ resetRequested: false });
          s.startNewRun();
        }
        return;
      case 'warning':
        s.addNotice({ kind: 'warning', code: message.code, message: message.message });
        return;
      case 'error':
        s.addNotice({ kind: 'error', code: message.code, message: message.message });
        if (message.fields) set({ workerFieldErrors: message.fields });
        if (message.code === 'dataset-empty' || message.code === 'dataset-too-small') set({ datasetPending: false });
        if (get().starting && (message.code === 'backend-failed' || message.code === 'internal')) set({ starting: false });
        return;
      default:
        assertNever(message);
    }
  },
});
