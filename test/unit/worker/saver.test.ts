/**
 * RunSaver's policy with a store whose writes the test finishes by hand: a save
 * every K steps or T ms of training, one at a time (never two in flight), the
 * dataset written only when it changed, a failure warned once per streak, and a
 * restarted run deleting only what this page stored.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { SavedRunSummary } from '../../../src/worker/persist/runFile';
import type { RunStore, StoredRun } from '../../../src/worker/persist/runStore';
import { RunSaver, type SaveParts } from '../../../src/worker/persist/saver';

class ManualStore implements RunStore {
  writes: { dataset: boolean; step: number; finish: (err?: unknown) => void }[] = [];
  cleared = 0;
  async peek(): Promise<SavedRunSummary | null> { return null; }
  async load(): Promise<StoredRun | null> { return null; }
  save(parts: { dataset?: Uint8Array; state: Uint8Array; summary: SavedRunSummary }): Promise<void> {
    return new Promise((resolve, reject) => {
      this.writes.push({ dataset: parts.dataset !== undefined, step: parts.summary.step, finish: (err) => (err ? reject(err) : resolve()) });
    });
  }
  async clear(): Promise<void> { this.cleared++; }
}

const parts = (step: number, dataset: boolean): SaveParts => ({
  state: new Uint8Array(10),
  ...(dataset ? { dataset: new Uint8Array(100) } : {}),
  summary: { step, config: DEFAULT_CONFIG, preset: 'shapes', images: 2, savedAt: 0 },
});

const tick = () => new Promise((r) => setTimeout(r, 5));

function setup(everySteps = 5, everyMs = 10_000) {
  let clock = 0;
  const store = new ManualStore();
  const saved: [number, number][] = [];
  const failed: string[] = [];
  const saver = new RunSaver(store, { everySteps, everyMs, now: () => clock }, {
    saved: (step, bytes) => saved.push([step, bytes]),
    failed: (message) => failed.push(message),
  });
  const start = (step: number, token = 1) => saver.start(step, token, () => parts(step, saver.needsDataset(token)));
  return { store, saver, saved, failed, start, advance: (ms: number) => (clock += ms) };
}

describe('RunSaver', () => {
  it('is due every K steps, or after T ms, and on stop; never at step 0', () => {
    const { saver, advance } = setup(5, 10_000);
    expect(saver.due(0, true)).toBe(false);
    expect(saver.due(4, false)).toBe(true); // nothing saved yet: 4 - (-1) >= 5
    saver.markSaved(4, 1, 100);
    expect(saver.due(4, true)).toBe(false); // nothing new
    expect(saver.due(8, false)).toBe(false);
    expect(saver.due(9, false)).toBe(true);
    expect(saver.due(5, true)).toBe(true);
    advance(10_000);
    expect(saver.due(5, false)).toBe(true);
    saver.markSaved(5, 1, 100);
    saver.markDirty();
    expect(saver.due(5, false)).toBe(true);
  });

  it('never has two saves in flight, writes the dataset only when it changed, and reports each save', async () => {
    const { store, saver, saved, start } = setup(1);
    void start(1);
    await tick();
    expect(saver.due(2, true)).toBe(false);
    void start(2); // ignored: one is in flight
    await tick();
    expect(store.writes.map((w) => w.step)).toEqual([1]);
    store.writes[0]!.finish();
    await saver.flush();
    expect(saved).toEqual([[1, 110]]);
    expect(saver.due(2, false)).toBe(true);
    void start(2);
    await tick();
    store.writes[1]!.finish();
    await saver.flush();
    expect(store.writes.map((w) => [w.step, w.dataset])).toEqual([[1, true], [2, false]]);
    // The dataset record's size still counts in what the run takes.
    expect(saved[1]).toEqual([2, 110]);
    void start(3, 2); // new dataset token: written again
    await tick();
    expect(store.writes[2]!.dataset).toBe(true);
  });

  it('warns once per streak of failures, and again after a success', async () => {
    const { store, saver, failed, start } = setup(1);
    const quota = new DOMException('quota', 'QuotaExceededError');
    for (const step of [1, 2]) {
      void start(step);
      await tick();
      store.writes.at(-1)!.finish(quota);
      await saver.flush();
    }
    expect(failed).toEqual(['Could not save the run: storage is full (needs 0.00 MB); training continues in memory.']);
    void start(3);
    await tick();
    store.writes.at(-1)!.finish();
    await saver.flush();
    void start(4);
    await tick();
    store.writes.at(-1)!.finish(quota);
    await saver.flush();
    expect(failed.length).toBe(2);
  });

  it('a restart deletes the stored run only when this page wrote it (or when forced)', async () => {
    const { store, saver, start } = setup(1);
    await saver.clear();
    expect(store.cleared).toBe(0);
    await saver.clear(true);
    expect(store.cleared).toBe(1);
    void start(1);
    await tick();
    store.writes[0]!.finish();
    await saver.flush();
    await saver.clear();
    expect(store.cleared).toBe(2);
  });

  it('a save that finishes after a restart is not reported as the new run\'s', async () => {
    const { store, saver, saved, start } = setup(1);
    void start(1);
    await tick();
    const clearing = saver.clear(true);
    store.writes[0]!.finish();
    await clearing;
    expect(saved).toEqual([]);
  });

  it('a restart while the first save of the run is in flight deletes that save once it lands', async () => {
    const { store, saver, saved, start } = setup(1);
    const log: string[] = [];
    const clearStore = store.clear.bind(store);
    store.clear = async () => {
      log.push('clear');
      await clearStore();
    };
    void start(1);
    await tick();
    // Not forced: the run being replaced is this page's own (its save is in flight).
    const clearing = saver.clear();
    await tick();
    expect(store.cleared).toBe(0); // waits for the write first
    log.push('written');
    store.writes[0]!.finish();
    await clearing;
    expect(log).toEqual(['written', 'clear']);
    expect(saved).toEqual([]);
    // The next restart (nothing written since) has nothing of this page's to delete.
    await saver.clear();
    expect(store.cleared).toBe(1);
  });
});
