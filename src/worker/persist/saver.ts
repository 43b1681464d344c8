/**
 * When and how the worker saves the run: every `everySteps` steps or
 * `everyMs` milliseconds of training (whichever comes first), and when training
 * stops, never more than one save in flight, without holding up training (the
 * trainer takes a host snapshot between steps; encoding and the IndexedDB write
 * run while the next steps train). A failed save is reported once per streak of
 * failures, and training goes on in memory.
 */
import type { SavedRunSummary } from './runFile';
import { storageFailureText, type RunStore } from './runStore';

export interface SaverOptions {
  /** Save at least every this many steps while training. */
  everySteps: number;
  /** ... or after this many milliseconds since the last save, whichever first. */
  everyMs: number;
  now(): number;
}

export const DEFAULT_SAVER_OPTIONS: Omit<SaverOptions, 'now'> = { everySteps: 25, everyMs: 10_000 };

/** What one save writes; `dataset` only when the stored dataset is not this run's. */
export interface SaveParts {
  dataset?: Uint8Array;
  state: Uint8Array;
  summary: Omit<SavedRunSummary, 'bytes'>;
}

export interface SaverEvents {
  /** A save finished: the step it holds and the bytes now stored. */
  saved(step: number, bytes: number): void;
  /** A save failed: "Could not save the run: ...; training continues in memory." (once per streak). */
  failed(message: string): void;
}

export class RunSaver {
  private inFlight?: Promise<void>;
  /** Step held by the store (-1: nothing of this run). */
  private lastStep = -1;
  private lastTime: number;
  private dirty = false;
  private failing = false;
  private off = false;
  /** Which dataset (a token the trainer bumps when the data changes) the store holds, and its size. */
  private storedDataset = -1;
  private datasetBytes = 0;
  private generation = 0;
  /** The store holds a run this saver wrote or restored (a run it never touched is only replaced by a save). */
  private owns = false;

  constructor(private readonly store: RunStore, private readonly opts: SaverOptions, private readonly events: SaverEvents) {
    this.lastTime = opts.now();
  }

  /** True when a save should start now, at `step` (steps done); `force` when training just stopped. */
  due(step: number, force: boolean): boolean {
    if (this.off || this.inFlight || step <= 0) return false;
    if (step === this.lastStep && !this.dirty) return false;
    if (force || this.dirty) return true;
    return step - this.lastStep >= this.opts.everySteps || this.opts.now() - this.lastTime >= this.opts.everyMs;
  }

  /** True when the store does not hold dataset `token` (the next save must write it). */
  needsDataset(token: number): boolean {
    return this.storedDataset !== token;
  }

  /** A setting changed in place (same step): save at the next chance. */
  markDirty(): void {
    this.dirty = true;
  }

  /** The store already holds this run at `step` (just restored from it). */
  markSaved(step: number, datasetToken: number, datasetBytes: number): void {
    this.lastStep = step;
    this.lastTime = this.opts.now();
    this.storedDataset = datasetToken;
    this.datasetBytes = datasetBytes;
    this.dirty = false;
    this.owns = true;
  }

  /**
   * Starts a save of `step`; `build` encodes it (called after the current call
   * stack, so the training step that asked returns first). Resolves when written or failed.
   */
  start(step: number, datasetToken: number, build: () => SaveParts): Promise<void> {
    if (this.inFlight) return this.inFlight;
    const generation = this.generation;
    this.lastStep = step;
    this.lastTime = this.opts.now();
    this.dirty = false;
    const run = async () => {
      await new Promise((r) => setTimeout(r, 0));
      let bytes = 0;
      try {
        const parts = build();
        const datasetBytes = parts.dataset ? parts.dataset.length : this.datasetBytes;
        bytes = parts.state.length + datasetBytes;
        if (generation !== this.generation || this.off) return;
        await this.store.save({ ...parts, summary: { ...parts.summary, bytes } });
        // Written, even when the run restarted meanwhile: the store holds a run of this page, which
        // the clear() that waited for this save must delete (else a reload brings the old run back).
        this.owns = true;
        if (generation !== this.generation) return;
        if (parts.dataset) {
          this.storedDataset = datasetToken;
          this.datasetBytes = parts.dataset.length;
        }
        this.failing = false;
        this.events.saved(step, bytes);
      } catch (err) {
        if (!this.failing) this.events.failed(`Could not save the run: ${storageFailureText(err, bytes)}; training continues in memory.`);
        this.failing = true;
      }
    };
    this.inFlight = run().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** Resolves when no save is in flight. */
  async flush(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  /**
   * The run restarted (new data, reset, rebuild, new run): waits for a save in
   * flight, then deletes the stored run when it is this page's (or always, with
   * `force`), so a reload does not bring back the old one. A stored run this page
   * never restored or wrote (a link's settings won over it) stays until a save
   * replaces it. Errors are reported like failed saves.
   */
  async clear(force = false): Promise<void> {
    this.generation++;
    await this.flush();
    this.lastStep = -1;
    this.lastTime = this.opts.now();
    this.dirty = false;
    this.storedDataset = -1;
    this.datasetBytes = 0;
    if (this.off || !(this.owns || force)) return;
    this.owns = false;
    try {
      await this.store.clear();
    } catch (err) {
      if (!this.failing) this.events.failed(`Could not clear the saved run: ${storageFailureText(err, 0)}.`);
      this.failing = true;
    }
  }

  /** Stops saving for good (storage unavailable, or the worker is disposed). */
  disable(): void {
    this.off = true;
    this.generation++;
  }

  get disabled(): boolean {
    return this.off;
  }
}
