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
 */
import { useLayoutEffect, useReducer, useState } from 'react';

/** Least time between two charts' frame changes while training runs. */
export const FRAME_GAP_MS = 800;

export class FrameChangeGate {
  private last = -Infinity;

  constructor(readonly gapMs = FRAME_GAP_MS) {}

  /** Lets a change through (true) when none went through in the last `gapMs` before `now`; false otherwise. */
  take(now: number): boolean {
    if (now - this.last < this.gapMs) return false;
    this.last = now;
    return true;
  }

  /** Milliseconds from `now` until a change can go through. */
  waitMs(now: number): number {
    return Math.max(0, this.last + this.gapMs - now);
  }
}

/** The page's one gate. */
export const frameGate = new FrameChangeGate();

/**
 * The frame (axes) a chart shows: `wanted` at once while `gated` is false
 * (not training) or when `frameGate` lets the change through, else the frame
 * shown before until it does (retried after the gate's wait).
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
    if (!gated || gate.take(now)) {
      setShown(wanted);
      return;
    }
    const timer = setTimeout(retry, gate.waitMs(now) + 1);
    return () => clearTimeout(timer);
  }, [changed, wanted, gated, gate, attempt]);
  return shown;
}
