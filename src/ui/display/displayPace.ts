/**
 * How often the page's live views (the run read-outs, the similarity matrix
 * and the charts) change what is on screen while training.
 *
 * Each change costs a frame. With a GPU a frame is a millisecond or two of
 * compositing, but where the browser composites in software (no GPU, or a
 * blocklisted one, leaves Chromium on SwiftShader) a frame of a large window
 * costs far more. Measured in headless Chromium on a 2-core machine at 1600 x
 * 1800: each frame's swap about 350 ms, about 2.7 frames a second while
 * training, and the GPU process using 1.1 cores. That CPU comes from the
 * training worker and from the page's own main thread, and stretches its
 * tasks past 50 ms.
 *
 * So the page times its own frames: after a live view changes the screen, the
 * time to the second animation frame after the change (one frame to show it,
 * one more to see the next begin; 16 to 33 ms at 60 Hz, about 265 ms on the
 * machine above while training). Once the median of the last FRAME_SAMPLES
 * timings is over SLOW_FRAME_MS, the display is slow, and every live view
 * holds its changes for one shared slot each SLOW_PERIOD_MS on the page
 * clock: all of them land in one frame a second. Paced like that, a slow
 * display is idle when a change comes, and the timings stop showing what a
 * frame costs, so they cannot switch it back (a version that let them
 * flapped between the two paces). Instead a slow display tries the fast
 * pace again after RETRY_FAST_MS, and a new window of timings, taken at that
 * pace, decides: a display that was only busy for a while (the GPU
 * compiling its first kernels, another tab) gets its pace back, and one that
 * is still slow waits twice as long before the next try, up to MAX_RETRY_MS.
 * A fast display keeps each view's own pace. No React, and no DOM beyond
 * requestAnimationFrame.
 */

/** Median frame time, change to second frame after it (ms), above which the display counts as slow. */
export const SLOW_FRAME_MS = 100;
/** On a slow display, live views change the screen at multiples of this on the page clock (ms). */
export const SLOW_PERIOD_MS = 1000;
/** Timings the median is taken over. */
export const FRAME_SAMPLES = 5;
/** At most one timing per this many ms (each costs two animation-frame callbacks). */
export const MEASURE_GAP_MS = 2000;
/** A slow display tries the fast pace again after this long (ms); each try that ends slow doubles it. */
export const RETRY_FAST_MS = 30_000;
/** The longest a slow display waits between tries (ms). */
export const MAX_RETRY_MS = 480_000;

/** Milliseconds from `now` to the next time that is `offsetMs` past a multiple of `periodMs` (0 when `now` is one). */
export function waitForSlot(now: number, periodMs: number, offsetMs: number): number {
  return (((offsetMs - now) % periodMs) + periodMs) % periodMs;
}

type RequestFrame = (callback: (time: number) => void) => unknown;

export class DisplayPace {
  private samples: number[] = [];
  private slowNow = false;
  private measuring = false;
  private lastMeasure = -Infinity;
  /** When the display last turned slow (ms, page clock). */
  private slowSince = 0;
  /** How long it stays slow before the next try of the fast pace (ms). */
  private retryMs = RETRY_FAST_MS;
  /** Whether the fast pace is on trial: its first full window decides. */
  private trial = false;

  /** Whether live views currently share one slot per SLOW_PERIOD_MS. */
  get slow(): boolean {
    return this.slowNow;
  }

  /** Whether live views share the slot at `now`: `slow`, after starting a try of the fast pace when one is due. */
  slowAt(now: number): boolean {
    if (this.slowNow && now - this.slowSince >= this.retryMs) {
      this.slowNow = false;
      this.trial = true;
      this.samples = [];
    }
    return this.slowNow;
  }

  /** Milliseconds a slow display stays slow before it next tries the fast pace. */
  get retryAfterMs(): number {
    return this.retryMs;
  }

  /** Median of the recent frame timings in ms, or NaN before the first. */
  get frameMs(): number {
    if (this.samples.length === 0) return Number.NaN;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  }

  /**
   * Adds one timing (ms from a change to the second frame after it), taken at
   * `now` on the page clock, and re-decides slow or fast.
   */
  record(ms: number, now: number = globalThis.performance?.now() ?? 0): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.samples.push(ms);
    if (this.samples.length > FRAME_SAMPLES) this.samples.shift();
    if (this.samples.length < FRAME_SAMPLES) return;
    // Paced to one frame a second, a slow display is idle between frames and its frames start at once, so
    // timings taken while slow no longer show the cost: they must not switch it back (slowAt's tries do).
    if (this.frameMs > SLOW_FRAME_MS) {
      if (this.slowNow) return;
      this.slowNow = true;
      this.slowSince = now;
      // A try of the fast pace that ended slow: wait twice as long for the next.
      if (this.trial) this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
      this.trial = false;
    } else if (this.trial) {
      // A full window at the fast pace, and it kept up: the display is fast again.
      this.trial = false;
      this.retryMs = RETRY_FAST_MS;
    }
  }

  /**
   * Milliseconds a live view waits, from `now`, before changing the screen:
   * 0 on a fast display, else until the next shared slot.
   */
  wait(now: number): number {
    return this.slowAt(now) ? waitForSlot(now, SLOW_PERIOD_MS, 0) : 0;
  }

  /**
   * Call right after a live view changed the screen, at `now`: times the frame
   * that shows it (two animation frames), unless a timing is under way or one
   * started less than MEASURE_GAP_MS ago.
   */
  changed(now: number, requestFrame: RequestFrame | undefined = globalThis.requestAnimationFrame?.bind(globalThis)): void {
    if (!requestFrame || this.measuring || now - this.lastMeasure < MEASURE_GAP_MS) return;
    this.measuring = true;
    this.lastMeasure = now;
    requestFrame(() => requestFrame((time) => {
      this.measuring = false;
      this.record(time - now, time);
    }));
  }

  /** Back to a fast display with no timings (tests). */
  reset(): void {
    this.samples = [];
    this.slowNow = false;
    this.measuring = false;
    this.lastMeasure = -Infinity;
    this.slowSince = 0;
    this.retryMs = RETRY_FAST_MS;
    this.trial = false;
  }
}

/** The page's one display pace: every live view reads and feeds it. */
export const displayPace = new DisplayPace();
