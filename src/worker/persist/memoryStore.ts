/** A RunStore in memory, for tests and Node: the same contract as IndexedDB, with an injectable failure. */
import type { SavedRunSummary } from './runFile';
import type { RunStore, StoredRun } from './runStore';

export class MemoryRunStore implements RunStore {
  dataset?: Uint8Array;
  state?: Uint8Array;
  summary?: SavedRunSummary;
  /** Successful saves so far. */
  saves = 0;
  /** When set, every save rejects with this (e.g. a DOMException named QuotaExceededError). */
  failWith?: unknown;

  async peek(): Promise<SavedRunSummary | null> {
    return this.summary ?? null;
  }

  async load(): Promise<StoredRun | null> {
    if (!this.dataset || !this.state) return null;
    return { dataset: this.dataset.slice(), state: this.state.slice() };
  }

  async save(parts: { dataset?: Uint8Array; state: Uint8Array; summary: SavedRunSummary }): Promise<void> {
    await Promise.resolve();
    if (this.failWith !== undefined) throw this.failWith;
    if (parts.dataset) this.dataset = parts.dataset.slice();
    this.state = parts.state.slice();
    this.summary = structuredClone(parts.summary);
    this.saves++;
  }

  async clear(): Promise<void> {
    this.dataset = undefined;
    this.state = undefined;
    this.summary = undefined;
  }
}
