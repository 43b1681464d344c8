/**
 * Lets an event through at most `perSecond` times a second; used to keep heavy
 * payloads (similarity matrices, previews) to what a screen can show.
 */
export class RateGate {
  private last = Number.NEGATIVE_INFINITY;

  /**
   * @param perSecond allowed events per second (> 0).
   * @param now clock in milliseconds (injectable for tests).
   */
  constructor(private perSecond: number, private readonly now: () => number = () => performance.now()) {}

  /** True (and the event is counted) when at least 1/perSecond s passed since the last one let through. */
  tryPass(): boolean {
    const t = this.now();
    if (t - this.last < 1000 / this.perSecond) return false;
    this.last = t;
    return true;
  }

  setRate(perSecond: number): void {
    this.perSecond = perSecond;
  }
}
