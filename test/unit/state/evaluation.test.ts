import { describe, expect, it } from 'vitest';
import { DEFAULT_EVALUATION } from '../../../src/worker/protocol';
import { appendEvaluation, EVALUATION_HISTORY_LIMIT } from '../../../src/state/slices/evaluation';
import { makeStore, readyMessage } from './fakes';
import { evaluationMessage, labelledDataset, readyStore } from './evalFakes';

describe('evaluation slice', () => {
  it('sends "evaluate now" and keeps the answer as the latest and in the history', () => {
    const { store, port } = readyStore();
    store.getState().requestEvaluation();
    expect(port.take()).toEqual([{ type: 'requestEvaluation' }]);
    expect(store.getState().evaluationPending).toBe(true);

    store.getState().receive(evaluationMessage(100, 0.7));
    store.getState().receive(evaluationMessage(200, 0.8));
    const s = store.getState();
    expect(s.evaluationPending).toBe(false);
    expect(s.evaluationCount).toBe(2);
    expect(s.evaluation).toMatchObject({ step: 200, h: { knn: 0.8 }, baseline: { h: { knn: 0.4 } }, tested: 200 });
    expect(s.evaluation).not.toHaveProperty('type');
    expect(s.evaluationHistory.map((e) => e.step)).toEqual([100, 200]);
  });

  it('starts a new history when the step goes back (a reset), and replaces a repeated step', () => {
    let history = appendEvaluation([], evaluationMessage(100));
    history = appendEvaluation(history, evaluationMessage(100, 0.9));
    expect(history).toHaveLength(1);
    expect(history[0]!.h.knn).toBe(0.9);
    history = appendEvaluation(history, evaluationMessage(300));
    history = appendEvaluation(history, evaluationMessage(50));
    expect(history.map((e) => e.step)).toEqual([50]);
  });

  it('keeps at most EVALUATION_HISTORY_LIMIT points', () => {
    let history = appendEvaluation([], evaluationMessage(1));
    for (let i = 2; i <= EVALUATION_HISTORY_LIMIT + 10; i++) history = appendEvaluation(history, evaluationMessage(i));
    expect(history).toHaveLength(EVALUATION_HISTORY_LIMIT);
    expect(history[0]!.step).toBe(11);
  });

  it('sends only changed settings; settings changed before ready go out on ready', () => {
    const { store, port } = makeStore();
    store.getState().setEvaluationSettings({ every: 50 });
    expect(port.sent).toEqual([]); // not ready yet
    store.getState().start();
    store.getState().receive(readyMessage());
    expect(port.take()).toContainEqual({ type: 'setEvaluation', settings: { every: 50 } });
    store.getState().setEvaluationSettings({ every: 50, k: DEFAULT_EVALUATION.k });
    expect(port.take()).toEqual([]);
    store.getState().setEvaluationSettings({ k: 5 });
    expect(port.take()).toEqual([{ type: 'setEvaluation', settings: { k: 5 } }]);
    expect(store.getState().evaluationSettings).toEqual({ ...DEFAULT_EVALUATION, every: 50, k: 5 });
  });

  it('sends no settings on ready when they are the defaults', () => {
    const { store, port } = makeStore();
    store.getState().start();
    store.getState().receive(readyMessage());
    expect(port.types()).not.toContain('setEvaluation');
  });

  it('a "no-labels" error ends the wait and shows its sentence', () => {
    const { store, port } = readyStore();
    store.getState().requestEvaluation();
    port.take();
    store.getState().receive({ type: 'error', code: 'no-labels', message: 'These images have no labels to score against.' });
    expect(store.getState().evaluationPending).toBe(false);
    expect(store.getState().notices.at(-1)).toMatchObject({ kind: 'error', code: 'no-labels' });
  });

  it('forgets the scores when a new dataset arrives', () => {
    const { store } = readyStore();
    store.getState().receive(evaluationMessage(100));
    store.getState().receive(labelledDataset(12));
    expect(store.getState().evaluation).toBeNull();
    expect(store.getState().evaluationHistory).toEqual([]);
  });
});
