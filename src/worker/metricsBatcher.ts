import type { StepMetrics } from './protocol';

/**
 * Collects every step's metrics and flushes them in batches at most
 * `perSecond` times a second, so thousands of fast steps do not flood the page
 * while no step's numbers are ever dropped.
 */
export class MetricsBatcher {
  private pending: StepMetrics[] = [];
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly flush: (items: StepMetrics[]) => void,
    private perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Adds one step's metrics; flushes when the interval has passed. */
  push(item: StepMetrics): void {
    this.pending.push(item);
    if (this.now() - this.lastFlush >= 1000 / this.perSecond) this.flushNow();
  }

  /** Sends whatever is pending (call when the loop pauses, so the last steps are not held back). */
  flushNow(): void {
    if (this.pending.length === 0) return;
    const items = this.pending;
    this.pending = [];
    this.lastFlush = this.now();
    this.flush(items);
  }

  setRate(perSecond: number): void {
    this.perSecond = perSecond;
  }
}
