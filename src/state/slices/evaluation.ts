/**
 * The evaluation slice: how the worker scores the representation (kNN and a
 * linear probe on h and z, with a random-init encoder's scores beside them), the
 * latest scores and this run's history of them.
 */
import { DEFAULT_EVALUATION, type EvaluationSettings } from '../../worker/protocol';
import type { EvaluationResult, EvaluationSlice, SliceCreator, StoreDeps } from '../types';

/** Most evaluations kept for the history chart; the oldest go first. */
export const EVALUATION_HISTORY_LIMIT = 500;

/** `history` with `result` appended; a step that went back starts a new run's history. */
export function appendEvaluation(history: readonly EvaluationResult[], result: EvaluationResult): EvaluationResult[] {
  const last = history[history.length - 1];
  if (last && result.step < last.step) return [result];
  const next = last && result.step === last.step ? [...history.slice(0, -1), result] : [...history, result];
  return next.length > EVALUATION_HISTORY_LIMIT ? next.slice(next.length - EVALUATION_HISTORY_LIMIT) : next;
}

function differs(settings: EvaluationSettings, base: EvaluationSettings): Partial<EvaluationSettings> {
  const out: Partial<EvaluationSettings> = {};
  for (const key of Object.keys(base) as (keyof EvaluationSettings)[]) {
    if (settings[key] !== base[key]) out[key] = settings[key];
  }
  return out;
}

export const createEvaluationSlice = (deps: StoreDeps): SliceCreator<EvaluationSlice> => (set, get) => ({
  evaluationSettings: DEFAULT_EVALUATION,
  evaluation: null,
  evaluationHistory: [],
  evaluationCount: 0,
  evaluationPending: false,

  setEvaluationSettings(patch) {
    const current = get().evaluationSettings;
    const next = { ...current, ...patch };
    const changed = differs(next, current);
    if (Object.keys(changed).length === 0) return;
    set({ evaluationSettings: next });
    if (get().ready) deps.port.send({ type: 'setEvaluation', settings: changed });
  },

  sendEvaluationSettings() {
    const changed = differs(get().evaluationSettings, DEFAULT_EVALUATION);
    if (get().ready && Object.keys(changed).length > 0) deps.port.send({ type: 'setEvaluation', settings: changed });
  },

  requestEvaluation() {
    if (!get().ready) return;
    set({ evaluationPending: true });
    deps.port.send({ type: 'requestEvaluation' });
  },

  onEvaluation(message) {
    const { type: _type, ...result } = message;
    set((s) => ({
      evaluation: result,
      evaluationHistory: appendEvaluation(s.evaluationHistory, result),
      evaluationCount: s.evaluationCount + 1,
      evaluationPending: false,
    }));
  },

  clearEvaluation() {
    set({ evaluation: null, evaluationHistory: [], evaluationPending: false });
  },
});
