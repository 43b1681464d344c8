/**
 * What a live chart draws, taken from the store in the chart's own time slot.
 *
 * A recharts update is not free (about 4 ms of main-thread work for a line
 * chart here, 6 for the histogram, which cannot be split, since recharts
 * re-renders from its own store synchronously), so the charts must never
 * update in the same task. A plain throttle does not ensure that: when
 * training is slow, every chart's timer has run out by the time the next step
 * arrives, and all of them update at once. Here each chart updates only at
 * `offsetMs` past a multiple of `periodMs` on the page clock, so charts with
 * offsets far enough apart draw in separate tasks however the data comes.
 *
 * When the main thread is starved (training saturates the cores of a small
 * machine), even a short task can stretch past 50 ms; then the page reports
 * long tasks, and the charts slow down (periods and offsets scaled by a
 * factor up to MAX_SLOWDOWN) until the page has been calm for CALM_MS.
 *
 * On a slow display (display/displayPace.ts) the charts leave their own
 * slots for the one all live views share, so their changes cost one frame.
 */
import { startTransition, useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../state/context';
import type { AppState } from '../../state/types';
import { SLOW_PERIOD_MS, displayPace, waitForSlot } from '../display/displayPace';

export { waitForSlot };

/**
 * On a slow display, the charts' updates spread over this many ms after the
 * shared slot: each still in its own task (a recharts update is 4 to 10 ms),
 * and well inside one frame there (frames take about 300 ms).
 */
export const SLOW_SPREAD_MS = 100;

/**
 * Up to 8 times slower (a chart every 8 s): on a 2-core machine shared with
 * other work, a chart update of 5 to 10 ms of CPU can take over 50 ms of wall
 * time while the main thread waits for a core (longtasks-trace.ts shows it),
 * so under that load fewer updates mean fewer long tasks.
 */
export const MAX_SLOWDOWN = 8;
export const CALM_MS = 15_000;

/** How much slower the charts update: doubled by each long task, back to 1 after CALM_MS without one. */
export class Slowdown {
  private factorNow = 1;
  private lastLongTask = -Infinity;

  longTask(end: number): void {
    if (end - this.lastLongTask > CALM_MS) this.factorNow = 1;
    this.factorNow = Math.min(MAX_SLOWDOWN, this.factorNow * 2);
    this.lastLongTask = Math.max(this.lastLongTask, end);
  }

  factor(now: number): number {
    return now - this.lastLongTask > CALM_MS ? 1 : this.factorNow;
  }
}

const slowdown = new Slowdown();
let watching = false;

/** Feeds the page's long tasks to `slowdown`, where the browser reports them (Chromium). */
function watchLongTasks(): void {
  if (watching || typeof PerformanceObserver === 'undefined' || !PerformanceObserver.supportedEntryTypes?.includes('longtask')) return;
  watching = true;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) slowdown.longTask(entry.startTime + entry.duration);
  }).observe({ type: 'longtask' });
}

/**
 * The selected value (compared with Object.is), re-read in the chart's slot
 * after it changed; while `active` is false (off screen) it does not update,
 * and it catches up in the first slot after it is active again.
 */
export function useChartFeed<T>(selector: (s: AppState) => T, opts: { periodMs: number; offsetMs: number; active: boolean }): T {
  const store = useAppStore();
  const [value, setValue] = useState(() => selector(store.getState()));
  const shown = useRef(value);
  const selectorRef = useRef(selector);
  selectorRef.current = selector;
  const { periodMs, offsetMs, active } = opts;
  useEffect(() => {
    if (!active) return;
    watchLongTasks();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const update = () => {
      timer = undefined;
      const next = selectorRef.current(store.getState());
      if (Object.is(next, shown.current)) return;
      shown.current = next;
      startTransition(() => setValue(() => next));
    };
    const schedule = (catchUp = false) => {
      if (timer !== undefined) return;
      const now = performance.now();
      const k = catchUp ? 1 : slowdown.factor(now);
      // On a slow display the charts take the live views' shared slot (a multiple of SLOW_PERIOD_MS), in their
      // usual order spread over its first SLOW_SPREAD_MS: separate tasks, and still one frame.
      const wait = displayPace.slowAt(now)
        ? waitForSlot(now, SLOW_PERIOD_MS * k, (offsetMs / periodMs) * SLOW_SPREAD_MS)
        : waitForSlot(now, periodMs * k, offsetMs * k);
      timer = setTimeout(update, wait);
    };
    const unsubscribe = store.subscribe((s) => selectorRef.current(s), () => schedule());
    // Just mounted or scrolled into view: catch up in the next slot, however slow the charts run.
    schedule(true);
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [store, periodMs, offsetMs, active]);
  return value;
}
