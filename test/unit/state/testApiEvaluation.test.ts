import { describe, expect, it } from 'vitest';
import { createTestApi } from '../../../src/state/testApi';
import { ablationRow, evaluationMessage, mapMessage, neighboursMessage, readyStore } from './evalFakes';
import { makeStore } from './fakes';

describe('window.__simclr: evaluation, map, neighbours, ablation', () => {
  it('evaluate() sends requestEvaluation and resolves with the next evaluation', async () => {
    const { store, port } = readyStore();
    store.getState().receive(evaluationMessage(50, 0.5)); // an earlier one does not count
    const api = createTestApi(store);
    const scores = api.evaluate(1000);
    expect(port.take()).toEqual([{ type: 'requestEvaluation' }]);
    store.getState().receive(evaluationMessage(100, 0.8));
    await expect(scores).resolves.toMatchObject({ step: 100, h: { knn: 0.8 }, baseline: { h: { knn: 0.4 } }, classes: 4, chance: 0.25 });
    expect(api.state()).toMatchObject({ evaluation: { step: 100 }, evaluationCount: 2, evaluationPending: false });
  });

  it('evaluate() rejects with the worker\'s sentence when there are no labels', async () => {
    const { store } = readyStore();
    const scores = createTestApi(store).evaluate(1000);
    store.getState().receive({ type: 'error', code: 'no-labels', message: 'These images have no labels.' });
    await expect(scores).rejects.toThrow(/no labels/);
  });

  it('evaluate() refuses before ready', async () => {
    await expect(createTestApi(makeStore().store).evaluate(10)).rejects.toThrow(/not ready/);
  });

  it('map() and neighbours() resolve with plain arrays', async () => {
    const { store, port } = readyStore();
    const api = createTestApi(store);
    const map = api.map({ method: 'umap' }, 1000);
    expect(port.take()).toMatchObject([{ type: 'requestMap', method: 'umap', space: 'h' }]);
    store.getState().receive({ ...mapMessage(6), method: 'umap' });
    await expect(map).resolves.toMatchObject({ count: 6, method: 'umap', sample: [[0, 0], [1, 2], [2, 4], [3, 1], [4, 3]] });

    const near = api.neighbours(2, 3, 1000);
    expect(port.take()).toEqual([{ type: 'requestNeighbours', index: 2, k: 3 }]);
    store.getState().receive(neighboursMessage(2, [4, 5, 6]));
    const answer = await near;
    expect(answer.neighbours).toEqual([4, 5, 6]);
    expect(answer.scores[0]).toBeCloseTo(0.9);
    expect(api.state()).toMatchObject({ selectedImage: 2, neighbourCount: 3, mapPoints: 6 });
  });

  it('runAblation() resolves with the rows once progress reaches done === total', async () => {
    const { store, port } = readyStore();
    const api = createTestApi(store);
    const rows = api.runAblation({ kind: 'temperature', steps: 5, seeds: [0] }, 1000);
    expect(port.take()).toMatchObject([{ type: 'runAblation', plan: { kind: 'temperature', steps: 5, seeds: [0] } }]);
    store.getState().receive({ type: 'ablationProgress', done: 0, total: 2, current: 'tau = 0.1' });
    store.getState().receive({ type: 'ablationResult', row: ablationRow('tau = 0.1', 0, 0.5) });
    store.getState().receive({ type: 'ablationProgress', done: 2, total: 2 });
    expect(api.state().ablation).toMatchObject({ running: false, done: 2, total: 2 });
    // The last row after the last progress message still arrives in time.
    store.getState().receive({ type: 'ablationResult', row: ablationRow('tau = 0.5', 0, 0.6) });
    await expect(rows).resolves.toHaveLength(2);
  });

  it('runAblation() rejects when the plan cannot be sent', async () => {
    const { store } = readyStore();
    await expect(createTestApi(store).runAblation({ seeds: [] }, 100)).rejects.toThrow(/not sent/);
  });
});
