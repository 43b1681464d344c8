/**
 * Where the current run is kept between page loads: two byte records (the
 * dataset, the training state; see runFile.ts) and a small summary. The
 * browser's store is IndexedDB (idbStore.ts); tests use memoryStore.ts.
 */
import type { SavedRunSummary } from './runFile';

export interface StoredRun {
  /** encodeDataset bytes. */
  dataset: Uint8Array;
  /** encodeState bytes. */
  state: Uint8Array;
}

export interface RunStore {
  /** The saved run's summary, or null when nothing is saved. */
  peek(): Promise<SavedRunSummary | null>;
  /** The saved run's records, or null when nothing is saved. */
  load(): Promise<StoredRun | null>;
  /**
   * Writes the state and summary, and the dataset when given, all or nothing
   * (one transaction). Rejects with the store's error (a QuotaExceededError when full).
   */
  save(parts: { dataset?: Uint8Array; state: Uint8Array; summary: SavedRunSummary }): Promise<void>;
  /** Deletes the saved run. */
  clear(): Promise<void>;
}

/** Why a save failed, as the warning says it. */
export type StorageFailure = 'quota' | 'unavailable' | 'other';

export function classifyStorageError(err: unknown): StorageFailure {
  const name = (err as { name?: unknown })?.name;
  const text = err instanceof Error ? err.message : String(err);
  if (name === 'QuotaExceededError' || /quota|storage is full|disk is full|no space/i.test(text)) return 'quota';
  if (name === 'SecurityError' || name === 'InvalidStateError' || /indexeddb is not available|not allowed|denied/i.test(text)) return 'unavailable';
  return 'other';
}

/** "storage is full (needs 12.3 MB)", "this browser does not allow ...", for "Could not save the run: ..." */
export function storageFailureText(err: unknown, bytes: number): string {
  const detail = err instanceof Error ? err.message : String(err);
  switch (classifyStorageError(err)) {
    case 'quota':
      return `storage is full (needs ${megabytes(bytes)} MB)`;
    case 'unavailable':
      return `this browser does not let the page store data here (${detail})`;
    default:
      return `IndexedDB failed (${detail})`;
  }
}

export function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(bytes < 1e5 ? 2 : 1);
}
