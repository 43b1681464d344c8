import { describe, expect, it } from 'vitest';
import { createTestApi } from '../../../src/state/testApi';
import { datasetReady, makeStore, readyMessage, sent } from './fakes';

describe('window.__simclr test API', () => {
  it('reports step, loss, backend and running', () => {
    const { store } = makeStore();
    const api = createTestApi(store, () => 'seed=3');
    expect(api.state()).toMatchObject({ step: 0, loss: null, backend: null, running: false, ready: false, hash: 'seed=3' });
    store.getState().receive(readyMessage());
    store.getState().receive({ type: 'runState', state: 'running', step: 0 });
    store.getState().receive({ type: 'metrics', items: [sent(1, 4.1)] });
    expect(api.state()).toMatchObject({ step: 1, loss: 4.1, backend: 'webgpu', running: true, ready: true });
  });

  it("display() reports the page's display pace as handed in, a fast untimed display by default", () => {
    const { store } = makeStore();
    expect(createTestApi(store).display()).toEqual({ slow: false, frameMs: null });
    expect(createTestApi(store, undefined, undefined, undefined, () => ({ slow: true, frameMs: 265 })).display()).toEqual({ slow: true, frameMs: 265 });
  });

  it('step(n) sends one step message and resolves when the loop stopped after n steps', async () => {
    const { store, port } = makeStore();
    store.getState().start();
    store.getState().receive(readyMessage());
    port.take();
    const api = createTestApi(store);
    const done = api.step(3);
    expect(port.take()).toEqual([{ type: 'step', count: 3 }]);
    store.getState().receive({ type: 'runState', state: 'running', step: 0 });
    store.getState().receive({ type: 'metrics', items: [sent(1), sent(2), sent(3)] });
    store.getState().receive({ type: 'runState', state: 'paused', step: 3 });
    await expect(done).resolves.toBe(3);
  });

  it('whenReady waits for the worker and its dataset; an error rejects', async () => {
    const { store } = makeStore();
    const api = createTestApi(store);
    const ready = api.whenReady(1000);
    store.getState().start();
    store.getState().receive(readyMessage());
    store.getState().receive(datasetReady(5));
    await expect(ready).resolves.toMatchObject({ datasetCount: 5, ready: true });

    const waiting = api.waitForStep(10, 1000);
    store.getState().receive({ type: 'error', code: 'non-finite-loss', message: 'The loss became NaN.' });
    await expect(waiting).rejects.toThrow(/NaN/);
  });

  it('step(n) refuses at once before the worker is ready', async () => {
    const { store } = makeStore();
    await expect(createTestApi(store).step(1)).rejects.toThrow(/not ready/);
  });

  it('times out with a sentence', async () => {
    const { store } = makeStore();
    await expect(createTestApi(store).waitForStep(1, 10)).rejects.toThrow(/timed out/);
  });
});
