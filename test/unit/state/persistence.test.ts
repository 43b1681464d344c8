/**
 * The page's side of persistence: the saved run restored on load unless a
 * link with other settings wins; a restored run's settings, dataset choice,
 * charts and step taken over; an unreadable saved run falls back to a fresh
 * run; New run; importing a run file and its refusal.
 */
import { describe, expect, it } from 'vitest';
import { mergeConfig } from '../../../src/core/config';
import { PLAYGROUND_DEFAULT } from '../../../src/state/pagePresets';
import { restoreDecision } from '../../../src/state/restorePolicy';
import { metricsToColumns } from '../../../src/worker/persist/metricColumns';
import type { SavedRunSummary } from '../../../src/worker/persist/runFile';
import type { RunRestoredMessage } from '../../../src/worker/protocol';
import { createTestApi } from '../../../src/state/testApi';
import { datasetReady, makeStore, metric, readyMessage } from './fakes';

const trained = mergeConfig(PLAYGROUND_DEFAULT, { seed: 7, loss: { temperature: 0.3 } });
const summary = (over: Partial<SavedRunSummary> = {}): SavedRunSummary => ({
  step: 40, config: trained, preset: 'mnist', images: 100, savedAt: 0, bytes: 1e6, ...over,
});

function restored(over: Partial<RunRestoredMessage> = {}): RunRestoredMessage {
  return {
    type: 'runRestored', origin: 'saved', step: 3, config: trained, preset: 'mnist',
    metrics: metricsToColumns([metric(0, 4.1), metric(1, 4.0), metric(2, 3.9)]),
    evaluations: [], message: 'Restored run from step 3.', ...over,
  };
}

describe('which wins on load: the saved run or the link', () => {
  it('restores when the address has no settings, or exactly the saved run\'s', () => {
    expect(restoreDecision(summary(), { config: PLAYGROUND_DEFAULT, preset: 'shapes' }).restore).toBe(true);
    expect(restoreDecision(summary(), { config: trained, preset: 'mnist' }).restore).toBe(true);
    // A run on the user's own images: its hash has no preset.
    expect(restoreDecision(summary({ preset: null }), { config: trained, preset: 'shapes' }).restore).toBe(true);
  });

  it('lets a link with other settings win, and says so', () => {
    const link = restoreDecision(summary(), { config: mergeConfig(trained, { seed: 8 }), preset: 'mnist' });
    expect(link.restore).toBe(false);
    expect(link.notice).toMatch(/differ from the run saved in this browser \(step 40\)/);
    expect(restoreDecision(summary(), { config: trained, preset: 'fashion-mnist' }).restore).toBe(false);
  });
});

describe('restoring on load', () => {
  it('asks the worker to restore instead of loading a dataset, then takes the run over', () => {
    const { port, store } = makeStore();
    store.getState().start();
    port.take();
    store.getState().receive({ ...readyMessage(), savedRun: summary() });
    expect(port.take()).toEqual([{ type: 'restoreRun' }]);
    expect(store.getState().restoring).toBe('saved');

    store.getState().receive(datasetReady(100));
    store.getState().receive(restored());
    store.getState().receive({ type: 'runState', state: 'paused', step: 3 });
    const s = store.getState();
    expect(s.restoring).toBeNull();
    expect(s.step).toBe(3);
    expect(s.config).toEqual(trained);
    expect(s.appliedConfig).toEqual(trained);
    expect(s.datasetChoice).toBe('mnist');
    // The page counts steps done: the worker's step indices 0..2 are 1..3.
    expect(s.metrics.history.map((m) => [m.step, m.loss])).toEqual([[1, 4.1], [2, 4.0], [3, 3.9]]);
    expect(s.latest?.loss).toBe(3.9);
    expect(s.savedStep).toBe(3);
    expect(s.notices.map((n) => n.message)).toContain('Restored run from step 3.');
    // The restored config is what the worker has: no edit to send.
    store.getState().flushConfig();
    expect(port.take().filter((m) => m.type === 'setConfig')).toEqual([]);
  });

  it('a run on the user\'s own images shows as "Your images"', () => {
    const { store } = makeStore();
    store.getState().start();
    store.getState().receive({ ...readyMessage(), savedRun: summary({ preset: null }) });
    store.getState().receive(restored({ preset: null }));
    expect(store.getState().datasetChoice).toBe('upload');
  });

  it('loads the link\'s dataset when the link wins, with a note', () => {
    const link = mergeConfig(PLAYGROUND_DEFAULT, { seed: 99 });
    const { port, store } = makeStore({ config: link });
    store.getState().start();
    port.take();
    store.getState().receive({ ...readyMessage(link), savedRun: summary() });
    expect(port.take()).toEqual([{ type: 'setDataset', source: { kind: 'preset', name: 'shapes' } }]);
    expect(store.getState().notices.map((n) => n.code)).toContain('saved-run-kept');
  });

  it('starts the page\'s own run when the saved run cannot be read', () => {
    const { port, store } = makeStore();
    store.getState().start();
    store.getState().receive({ ...readyMessage(), savedRun: summary() });
    port.take();
    store.getState().receive({ type: 'error', code: 'run-file', message: 'The run saved in this browser could not be restored: damaged.' });
    expect(port.take()).toEqual([{ type: 'setDataset', source: { kind: 'preset', name: 'shapes' } }]);
    expect(store.getState().restoring).toBeNull();
  });
});

describe('new run, run files', () => {
  it('New run sends the default settings and the shapes, and forgets the saved step', () => {
    const { port, store } = makeStore({ config: trained, preset: 'mnist' });
    store.getState().start();
    store.getState().receive(readyMessage(trained));
    store.getState().receive({ type: 'runSaved', step: 12, bytes: 100 });
    expect(store.getState().savedStep).toBe(12);
    port.take();
    store.getState().newRun();
    expect(port.take()).toEqual([{ type: 'newRun', config: PLAYGROUND_DEFAULT, source: { kind: 'preset', name: 'shapes' } }]);
    const s = store.getState();
    expect(s.config).toEqual(PLAYGROUND_DEFAULT);
    expect(s.datasetChoice).toBe('shapes');
    expect(s.savedStep).toBeNull();
  });

  it('imports a file (transferring its bytes) and shows a refusal', () => {
    const { port, store } = makeStore();
    store.getState().start();
    store.getState().receive(readyMessage());
    port.take();
    const bytes = new ArrayBuffer(8);
    store.getState().importRun(bytes, 'a.simclr');
    expect(port.take()).toEqual([{ type: 'importRun', bytes, name: 'a.simclr' }]);
    expect(store.getState().runFileStatus?.kind).toBe('loading');
    store.getState().receive({ type: 'error', code: 'run-file', message: 'The run file was not loaded: a.simclr is damaged. Your run is unchanged.' });
    expect(store.getState().runFileStatus).toEqual({ kind: 'refused', message: 'The run file was not loaded: a.simclr is damaged. Your run is unchanged.' });
    // A refused file is not a failed restore: no dataset is sent.
    expect(port.take()).toEqual([]);

    store.getState().importRun(new ArrayBuffer(8), 'b.simclr');
    store.getState().receive(restored({ origin: 'file', message: 'Imported the run in b.simclr at step 3.' }));
    expect(store.getState().runFileStatus).toEqual({ kind: 'loaded', message: 'Imported the run in b.simclr at step 3.' });
    expect(store.getState().step).toBe(3);
  });
});

describe('save status', () => {
  it('a storage warning marks the run unsaved until the next save', () => {
    const { store } = makeStore();
    store.getState().start();
    store.getState().receive(readyMessage());
    store.getState().receive({ type: 'warning', code: 'storage', message: 'Could not save the run: storage is full (needs 1.2 MB); training continues in memory.' });
    expect(store.getState().saveFailing).toBe(true);
    expect(store.getState().notices.find((n) => n.code === 'storage')?.kind).toBe('warning');
    store.getState().receive({ type: 'runSaved', step: 30, bytes: 1_200_000 });
    expect(store.getState()).toMatchObject({ saveFailing: false, savedStep: 30, savedBytes: 1_200_000 });
  });

  it('a new run (reset, rebuild, new dataset) forgets the old run\'s saved step until its own first save', async () => {
    const { store } = makeStore();
    store.getState().start();
    store.getState().receive(readyMessage());
    const api = createTestApi(store);
    store.getState().receive({ type: 'runSaved', step: 12, bytes: 100 });
    expect(store.getState().savedStep).toBe(12);
    store.getState().receive({ type: 'configApplied', config: PLAYGROUND_DEFAULT, rebuilt: true, message: 'Reset: new weights under seed 1, step 0.' });
    expect(store.getState()).toMatchObject({ savedStep: null, savedBytes: 0 });
    // waitForSaved waits for the new run's save, not the old one's.
    let resolved: number | undefined;
    const waiting = api.waitForSaved(5, 1_000).then((step) => (resolved = step));
    await Promise.resolve();
    expect(resolved).toBeUndefined();
    store.getState().receive({ type: 'runSaved', step: 5, bytes: 90 });
    await waiting;
    expect(resolved).toBe(5);

    // An edit applied in place is the same run: its saved step stays.
    store.getState().receive({ type: 'configApplied', config: PLAYGROUND_DEFAULT, rebuilt: false, message: 'Applied; takes effect at the next step.' });
    expect(store.getState().savedStep).toBe(5);
    // A run at step 0 has nothing saved.
    store.getState().receive({ type: 'runState', state: 'paused', step: 0 });
    expect(store.getState().savedStep).toBeNull();
  });

  it('an imported run file shows unsaved until the worker reports its save', () => {
    const { store } = makeStore();
    store.getState().start();
    store.getState().receive(readyMessage());
    store.getState().receive({ type: 'runSaved', step: 12, bytes: 100 });
    store.getState().importRun(new ArrayBuffer(8), 'b.simclr');
    store.getState().receive(restored({ origin: 'file', message: 'Imported the run in b.simclr at step 3.' }));
    expect(store.getState().savedStep).toBeNull();
    store.getState().receive({ type: 'runSaved', step: 3, bytes: 100 });
    expect(store.getState().savedStep).toBe(3);
  });
});
