// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { DisplayPace, FRAME_SAMPLES, MEASURE_GAP_MS, RETRY_FAST_MS, SLOW_FRAME_MS, SLOW_PERIOD_MS, displayPace } from '../../../src/ui/display/displayPace';
import { LiveValue } from '../../../src/ui/components/LiveValue';
import { SLOW_SPREAD_MS, useChartFeed } from '../../../src/ui/charts/useChartFeed';
import { SimilarityMatrix } from '../../../src/ui/matrix/SimilarityMatrix';
import { renderWithStore } from './render';
import { sent } from '../state/fakes';
import type { SimilarityMessage } from '../../../src/worker/protocol';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
  displayPace.reset();
});

/** A display whose frames took `ms` each, FRAME_SAMPLES times. */
function timed(pace: DisplayPace, ms: number): DisplayPace {
  for (let i = 0; i < FRAME_SAMPLES; i++) pace.record(ms);
  return pace;
}

/** Resolves with performance.now() when `el` next changes (text or attributes). */
function nextChange(el: Element): Promise<number> {
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      observer.disconnect();
      resolve(performance.now());
    });
    observer.observe(el, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

/** Where `t` falls in the shared period (ms past the last slot). */
const phase = (t: number) => ((t % SLOW_PERIOD_MS) + SLOW_PERIOD_MS) % SLOW_PERIOD_MS;

/** The next shared slot after `t`, plus `offset`. */
const slotAfter = (t: number, offset = 0) => t - phase(t) + SLOW_PERIOD_MS + offset;
/** How late a timer may fire on a loaded machine before these tests call it wrong (ms). */
const LATE_MS = 250;

/** Waits until `now` is `ms` past a slot, so that the next slot is far enough ahead to tell a held change from an immediate one. */
async function atPhase(ms: number): Promise<void> {
  const wait = (ms - phase(performance.now()) + SLOW_PERIOD_MS) % SLOW_PERIOD_MS;
  await new Promise((resolve) => setTimeout(resolve, wait));
}

describe('DisplayPace', () => {
  it('is fast until a full window of timings has a median over SLOW_FRAME_MS', () => {
    const pace = new DisplayPace();
    expect(pace.slow).toBe(false);
    expect(pace.frameMs).toBeNaN();
    for (let i = 0; i < FRAME_SAMPLES - 1; i++) pace.record(300);
    expect(pace.slow).toBe(false);
    pace.record(300);
    expect(pace.slow).toBe(true);
    expect(pace.frameMs).toBe(300);
  });

  it('takes the median, so a few slow frames on a fast display do not make it slow', () => {
    const pace = new DisplayPace();
    for (const ms of [16, 300, 17, 400, 16]) pace.record(ms);
    expect(pace.frameMs).toBe(17);
    expect(pace.slow).toBe(false);
    expect(timed(new DisplayPace(), SLOW_FRAME_MS).slow).toBe(false);
    expect(timed(new DisplayPace(), SLOW_FRAME_MS + 1).slow).toBe(true);
  });

  it('stays slow once slow, even when paced frames time short', () => {
    const pace = timed(new DisplayPace(), 265);
    timed(pace, 12);
    expect(pace.frameMs).toBe(12);
    expect(pace.slow).toBe(true);
  });

  it('tries the fast pace again after RETRY_FAST_MS, and keeps it when a full window at that pace keeps up', () => {
    const pace = new DisplayPace();
    for (let i = 0; i < FRAME_SAMPLES; i++) pace.record(265, 1000);
    expect(pace.slowAt(1000 + RETRY_FAST_MS - 1)).toBe(true);
    expect(pace.slowAt(1000 + RETRY_FAST_MS)).toBe(false);
    // The try starts a new window: the timings taken while slow are dropped.
    expect(pace.frameMs).toBeNaN();
    for (let i = 0; i < FRAME_SAMPLES; i++) pace.record(16, 1000 + RETRY_FAST_MS + 2000 * (i + 1));
    expect(pace.slowAt(1000 + 10 * RETRY_FAST_MS)).toBe(false);
    expect(pace.retryAfterMs).toBe(RETRY_FAST_MS);
  });

  it('goes back to slow when a try does not keep up, and waits twice as long before the next, up to MAX_RETRY_MS', () => {
    const pace = new DisplayPace();
    let t = 0;
    for (let i = 0; i < FRAME_SAMPLES; i++) pace.record(265, t);
    let wait = RETRY_FAST_MS;
    const waits: number[] = [];
    for (let round = 0; round < 6; round++) {
      t += wait;
      expect(pace.slowAt(t - 1)).toBe(true);
      expect(pace.slowAt(t)).toBe(false);
      // Four slow timings are not yet a window: the try goes on.
      for (let i = 0; i < FRAME_SAMPLES - 1; i++) pace.record(265, t);
      expect(pace.slow).toBe(false);
      pace.record(265, t);
      expect(pace.slow).toBe(true);
      wait = pace.retryAfterMs;
      waits.push(wait);
    }
    expect(waits).toEqual([60_000, 120_000, 240_000, 480_000, 480_000, 480_000]);
  });

  it('ignores timings that are not a duration', () => {
    const pace = new DisplayPace();
    for (const ms of [Number.NaN, -5, Number.POSITIVE_INFINITY]) pace.record(ms);
    expect(pace.frameMs).toBeNaN();
  });

  it('lets changes through at once on a fast display, and holds them for the next shared slot on a slow one', () => {
    const pace = new DisplayPace();
    expect(pace.wait(1234.5)).toBe(0);
    timed(pace, 300);
    expect(pace.wait(1234.5)).toBeCloseTo(SLOW_PERIOD_MS - 234.5, 9);
    expect(pace.wait(3 * SLOW_PERIOD_MS)).toBe(0);
  });

  it('times the second animation frame after a change, one timing at a time, at most once per MEASURE_GAP_MS', () => {
    const pace = new DisplayPace();
    const frames: ((time: number) => void)[] = [];
    const requestFrame = (cb: (time: number) => void) => frames.push(cb);
    pace.changed(1000, requestFrame);
    pace.changed(1001, requestFrame);
    expect(frames).toHaveLength(1);
    frames.shift()!(1010);
    expect(frames).toHaveLength(1);
    expect(pace.frameMs).toBeNaN();
    frames.shift()!(1265);
    expect(pace.frameMs).toBe(265);
    pace.changed(1000 + MEASURE_GAP_MS - 1, requestFrame);
    expect(frames).toHaveLength(0);
    pace.changed(1000 + MEASURE_GAP_MS, requestFrame);
    expect(frames).toHaveLength(1);
  });
});

describe('live views on a slow display', () => {
  it('a read-out writes at once on a fast display, and in the shared slot on a slow one', async () => {
    const r = renderWithStore(<LiveValue select={(s) => String(s.step)} testId="value" />, { ready: true });
    cleanup = r.unmount;
    const value = r.get('value');
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(1)] }));
    expect(value.textContent).toBe('1');

    timed(displayPace, 300);
    await atPhase(300);
    const changed = nextChange(value);
    const slot = slotAfter(performance.now());
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(2)] }));
    expect(value.textContent).toBe('1');
    const at = await changed;
    expect(value.textContent).toBe('2');
    expect(at).toBeGreaterThanOrEqual(slot - 1);
    expect(at).toBeLessThan(slot + LATE_MS);
  });

  it('a chart takes the shared slot, at its place in the spread, instead of its own offset', async () => {
    function Feed() {
      const step = useChartFeed((s) => s.step, { periodMs: 1000, offsetMs: 400, active: true });
      return <span data-testid="feed">{step}</span>;
    }
    timed(displayPace, 300);
    const r = renderWithStore(<Feed />, { ready: true });
    cleanup = r.unmount;
    const feed = r.get('feed');
    await atPhase(600);
    const changed = nextChange(feed);
    // Its own slot would be 400 ms past a second; the shared one is 0.4 x SLOW_SPREAD_MS past it.
    const slot = slotAfter(performance.now(), 0.4 * SLOW_SPREAD_MS);
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(5)] }));
    const at = await changed;
    r.act(() => {});
    expect(feed.textContent).toBe('5');
    expect(at).toBeGreaterThanOrEqual(slot - 1);
    expect(at).toBeLessThan(slot + LATE_MS);
  });

  it('the similarity matrix draws in the shared slot', async () => {
    timed(displayPace, 300);
    const r = renderWithStore(<SimilarityMatrix />, { ready: true });
    cleanup = r.unmount;
    const size = 4;
    const values = new Float32Array(size * size).fill(0.1);
    const message = (step: number): SimilarityMessage => ({ type: 'similarity', step, size, values, imageIndices: new Int32Array([0, 1]), temperature: 0.5 });
    // The first matrix mounts the canvas and is drawn with it (labelled with steps done, the worker's step + 1).
    r.act(() => r.store.getState().receive(message(6)));
    expect(r.get('matrix-canvas').dataset.step).toBe('7');
    await atPhase(300);
    const changed = nextChange(r.get('matrix-caption'));
    const slot = slotAfter(performance.now());
    r.act(() => r.store.getState().receive(message(9)));
    await new Promise((resolve) => requestAnimationFrame(() => resolve(null)));
    expect(r.get('matrix-canvas').dataset.step).toBe('7');
    const at = await changed;
    expect(r.get('matrix-canvas').dataset.step).toBe('10');
    expect(at).toBeGreaterThanOrEqual(slot - 1);
    expect(at).toBeLessThan(slot + LATE_MS);
  });
});
