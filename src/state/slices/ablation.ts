/**
 * The ablation slice: the plan in the form, the queue's progress, and its rows
 * as they finish. The worker pauses the main run while the queue runs.
 */
import { DEFAULT_ABLATION_PLAN, planIssues } from '../ablationPlan';
import type { AblationSlice, SliceCreator, StoreDeps } from '../types';

export const createAblationSlice = (deps: StoreDeps): SliceCreator<AblationSlice> => (set, get) => ({
  ablationPlan: DEFAULT_ABLATION_PLAN,
  ablationRows: [],
  ablationProgress: null,
  ablationRunning: false,

  setAblationPlan(patch) {
    set((s) => ({ ablationPlan: { ...s.ablationPlan, ...patch } }));
  },

  runAblation(plan = get().ablationPlan) {
    if (!get().ready || get().ablationRunning || planIssues(plan).length > 0) return;
    const copy = { ...plan, seeds: [...plan.seeds] };
    set({ ablationPlan: copy, ablationRows: [], ablationProgress: null, ablationRunning: true });
    deps.port.send({ type: 'runAblation', plan: copy });
  },

  cancelAblation() {
    if (!get().ready || !get().ablationRunning) return;
    deps.port.send({ type: 'cancelAblation' });
  },

  onAblationProgress(message) {
    const { type: _type, ...progress } = message;
    const finished = progress.cancelled === true || progress.done >= progress.total;
    set({ ablationProgress: progress, ablationRunning: !finished });
  },

  onAblationResult(row) {
    set((s) => ({ ablationRows: [...s.ablationRows, row] }));
  },
});
