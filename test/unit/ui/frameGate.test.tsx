// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { FrameChangeGate } from '../../../src/ui/charts/frameGate';
import { Charts } from '../../../src/ui/charts/Charts';
import { renderWithStore } from './render';
import { sent } from '../state/fakes';

describe('frame change gate', () => {
  it('lets one change through per gap', () => {
    const gate = new FrameChangeGate(800);
    expect(gate.waitMs(0)).toBe(0);
    expect(gate.take(1000)).toBe(true);
    expect(gate.take(1001)).toBe(false);
    expect(gate.waitMs(1300)).toBe(500);
    expect(gate.take(1799)).toBe(false);
    expect(gate.take(1800)).toBe(true);
    expect(gate.waitMs(1800)).toBe(800);
  });
});

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** The step-axis labels of each line chart. */
const stepLabels = (r: ReturnType<typeof renderWithStore>) =>
  ['chart-loss', 'chart-accuracy', 'chart-entropy', 'chart-lr'].map((id) =>
    [...r.get(id).querySelectorAll('.recharts-xAxis-tick-labels text')].map((t) => t.textContent).join(','),
  );
const wait = (ms: number) => new Promise((res) => setTimeout(res, ms));

describe('charts while training', () => {
  it('change their step axes one at a time, all of them in the end', async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(1, 4.1), sent(2, 4.0), sent(3, 3.9)] }));
    // Not training: the charts take their first frames 100 ms apart (short act scopes, so each retry renders).
    for (let i = 0; i < 11; i++) await r.act(() => wait(110));
    const before = stepLabels(r);
    expect(new Set(before).size).toBe(1);
    // Training: the run grows past the step axis of every chart at once.
    r.act(() => r.store.getState().receive({ type: 'runState', state: 'running', step: 3 }));
    r.act(() => r.store.getState().receive({ type: 'metrics', items: Array.from({ length: 400 }, (_, i) => sent(i + 4, 3.8)) }));
    // Each chart's slot comes within a second; the gate lets one change through per 800 ms.
    await r.act(() => wait(1100));
    const changed = stepLabels(r).filter((l) => l !== before[0]).length;
    expect(changed).toBeGreaterThanOrEqual(1);
    expect(changed).toBeLessThanOrEqual(2);
    // Meanwhile a waiting chart's line stays inside its plot.
    for (const id of ['chart-loss', 'chart-accuracy', 'chart-entropy', 'chart-lr']) {
      expect(r.get(id).querySelector('.live-series')?.getAttribute('clip-path')).toMatch(/^url\(#live-clip-/);
    }
    // (act flushes React's work when its scope ends: wait in short scopes so each retry renders.)
    for (let i = 0; i < 8; i++) await r.act(() => wait(500));
    const after = stepLabels(r);
    expect(after.every((l) => l !== before[0])).toBe(true);
    expect(new Set(after).size).toBe(1);
  }, 15_000);

  it('when training stops, take the frames still waiting in separate tasks, 100 ms apart, not all in the pause', async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(1, 4.1), sent(2, 4.0), sent(3, 3.9)] }));
    for (let i = 0; i < 11; i++) await r.act(() => wait(110));
    const before = stepLabels(r)[0]!;
    expect(new Set(stepLabels(r)).size).toBe(1);
    r.act(() => r.store.getState().receive({ type: 'runState', state: 'running', step: 3 }));
    r.act(() => r.store.getState().receive({ type: 'metrics', items: Array.from({ length: 400 }, (_, i) => sent(i + 4, 3.8)) }));
    // Every chart's slot comes within a second, so every chart has read the new steps; the gate has let 1 or 2 frames through.
    await r.act(() => wait(1100));
    const waiting = stepLabels(r).filter((l) => l === before).length;
    expect(waiting).toBeGreaterThanOrEqual(2);
    // Paused: in the task that paused, at most one waiting chart changes its frame...
    r.act(() => r.store.getState().receive({ type: 'runState', state: 'paused', step: 403 }));
    expect(stepLabels(r).filter((l) => l === before).length).toBeGreaterThanOrEqual(waiting - 1);
    // ...and the rest follow within a few 100 ms gaps, not 800 ms ones.
    for (let i = 0; i < 6; i++) await r.act(() => wait(110));
    expect(stepLabels(r).filter((l) => l === before)).toEqual([]);
  }, 15_000);
});
