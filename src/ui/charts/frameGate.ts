/**
 * One chart frame change at a time across the page. The charts draw their
 * live data themselves, but a change of axes still re-renders a recharts
 * chart (10 to 25 ms of main-thread work), and recharts runs those re-renders
 * in an animation frame. On a machine whose frames take 200 to 400 ms (a
 * software GPU sharing 2 cores with training), the four line charts, which
 * share a step axis and so change it in the same second, landed in one frame:
 * one task of about 100 ms (longtasks.bench.ts --detail showed it at the same
 * step in every run). While training runs, a chart takes its new axes only
 * when no other chart has changed its frame in the last FRAME_GAP_MS, and
 * tries again after that; meanwhile its live data is clipped to the old plot.
 * When training stops, the charts still waiting take their frames
 * IDLE_FRAME_GAP_MS apart rather than all in the task that paused (a trace
 * showed that task at 186 ms, 57 ms of CPU, with four charts in it); a lone
 * change while idle, the usual case, goes through at once.
 */
import { useLayoutEffect, useReducer, useState } from 'react';

/** Least time between two charts' frame changes while training runs. */
export const FRAME_GAP_MS = 800;
/** Least time between two charts' frame changes while training does not run. */
export const IDLE_FRAME_GAP_MS = 100;

export class FrameChangeGate {
  private last = -Infinity;

  constructor(readonly gapMs = FRAME_GAP_MS) {}

  /** Lets a change through (true) when none went through in the last `gapMs` before `now`; false otherwise. */
  take(now: number, gapMs = this.gapMs): boolean {
    if (now - this.last < gapMs) return false;
    this.last = now;
    return true;
  }

  /** Milliseconds from `now` until a change can go through with gaps of `gapMs`. */
  waitMs(now: number, gapMs = this.gapMs): number {
    return Math.max(0, this.last + gapMs - now);
  }
}

/** The page's one gate. */
export const frameGate = new FrameChangeGate();

/**
 * The frame (axes) a chart shows: `wanted` once `gate` lets the change
 * through, with its own gap while `gated` (training) and IDLE_FRAME_GAP_MS
 * otherwise; until then the frame shown before (retried after the gate's wait).
 * @param same whether two frames are the same (no change to let through): the
 *   frame shown stays the very object it was, so memoised elements built on it
 *   are reused.
 */
export function useGatedFrame<T>(wanted: T, gated: boolean, same: (a: T, b: T) => boolean, gate: FrameChangeGate = frameGate): T {
  const [shown, setShown] = useState(wanted);
  const [attempt, retry] = useReducer((n: number) => n + 1, 0);
  const changed = !same(wanted, shown);
  useLayoutEffect(() => {
    if (!changed) return;
    const now = performance.now();
    const gap = gated ? gate.gapMs : Math.min(gate.gapMs, IDLE_FRAME_GAP_MS);
    if (gate.take(now, gap)) {
      setShown(wanted);
      return;
    }
    const timer = setTimeout(retry, gate.waitMs(now, gap) + 1);
    return () => clearTimeout(timer);
  }, [changed, wanted, gated, gate, attempt]);
  return shown;
}
