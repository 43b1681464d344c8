import { describe, expect, it } from 'vitest';
import { installUrlSync, type UrlWindow } from '../../../src/state/urlSync';
import { makeStore, readyMessage } from './fakes';

class FakeWindow implements UrlWindow {
  location = { hash: '', pathname: '/', search: '' };
  writes: string[] = [];
  listeners = new Set<() => void>();
  history = {
    replaceState: (_d: unknown, _u: string, url?: string) => {
      this.writes.push(url ?? '');
      this.location.hash = url?.startsWith('#') ? url : '';
    },
  };
  addEventListener(_t: 'hashchange', l: () => void) { this.listeners.add(l); }
  removeEventListener(_t: 'hashchange', l: () => void) { this.listeners.delete(l); }
  navigate(hash: string) {
    this.location.hash = hash;
    for (const l of this.listeners) l();
  }
}

describe('URL sync', () => {
  it('writes the hash as settings change and clears it at defaults', () => {
    const { store } = makeStore();
    const win = new FakeWindow();
    const sync = installUrlSync(store, win, 0);
    store.getState().patchConfig({ seed: 9 });
    expect(win.location.hash).toBe('#seed=9');
    store.getState().choosePreset('mnist');
    expect(win.location.hash).toBe('#preset=mnist&seed=9');
    store.getState().patchConfig({ seed: 0 });
    store.getState().choosePreset('shapes');
    expect(win.writes[win.writes.length - 1]).toBe('/');
    sync.dispose();
    store.getState().patchConfig({ seed: 5 });
    expect(win.location.hash).toBe('');
  });

  it('applies a hash pasted into the address bar', () => {
    const { store, port } = makeStore();
    store.getState().start();
    store.getState().receive(readyMessage());
    port.take();
    const win = new FakeWindow();
    installUrlSync(store, win, 0);
    win.navigate('#preset=mnist&loss.temperature=0.1&bogus=2');
    expect(store.getState().config.loss.temperature).toBe(0.1);
    expect(store.getState().datasetChoice).toBe('mnist');
    expect(port.take().map((m) => m.type)).toEqual(['setConfig', 'setDataset']);
    expect(store.getState().notices[0]?.message).toMatch(/"bogus" is not a setting/);
  });

  it('debounces writes and flushes on demand', () => {
    const { store } = makeStore();
    const win = new FakeWindow();
    const sync = installUrlSync(store, win, 10_000);
    store.getState().patchConfig({ batchSize: 8 });
    store.getState().patchConfig({ batchSize: 16 });
    expect(win.writes).toEqual([]);
    sync.flush();
    expect(win.writes).toEqual(['#batchSize=16']);
    sync.dispose();
  });
});
