/**
 * The trainer's side of persistence: keeps the run's history, decides (through
 * RunSaver) when to save, turns the live session and dataset into saved bytes
 * and back. The trainer calls it at the points where the run changes; without a
 * store (Node tests, a browser without IndexedDB) it only keeps the history.
 */
import { DEFAULT_CONFIG, mergeConfig, validateConfig, type ConfigPatch } from '../../core/config';
import { TrainingSession, type SessionSnapshot } from '../../core/train/session';
import type { PreparedDataset } from '../dataset/prepare';
import type { FromWorker, RunExportMessage } from '../protocol';
import { RunHistory } from './history';
import {
  checkPair, decodeDataset, decodeRun, decodeState, encodeDataset, encodeState, joinRunFile, RunFileError,
  type SavedRun, type SavedRunSummary, type SavedState,
} from './runFile';
import { storageFailureText, type RunStore } from './runStore';
import { DEFAULT_SAVER_OPTIONS, RunSaver, type SaverOptions } from './saver';
import { preparedFromSaved, saveDataset, savedSourceOf } from './savedDataset';

export interface PersistenceEvents {
  send(message: FromWorker): void;
  /** A 'storage' warning for the page. */
  warn(message: string): void;
}

/** A session and dataset built from a saved run, not yet in use (the caller owns both). */
export interface BuiltRun {
  session: TrainingSession;
  dataset: PreparedDataset;
  snapshot: SessionSnapshot;
}

let datasetCounter = 0;
const newDatasetId = () => `${Date.now().toString(36)}-${(datasetCounter++).toString(36)}-${Math.floor(Math.random() * 1e9).toString(36)}`;

export class RunPersistence {
  readonly history = new RunHistory();
  private readonly saver?: RunSaver;
  /** Bumped whenever the dataset changes; the saver writes the dataset again when it differs. */
  private datasetToken = 0;
  private datasetId = newDatasetId();
  /** Size of the dataset record last read from the store. */
  private loadedDatasetBytes = 0;

  constructor(private readonly store: RunStore | undefined, opts: Partial<SaverOptions> & { now(): number }, private readonly events: PersistenceEvents) {
    if (store) {
      this.saver = new RunSaver(store, { ...DEFAULT_SAVER_OPTIONS, ...opts }, {
        saved: (step, bytes) => events.send({ type: 'runSaved', step, bytes }),
        failed: (message) => events.warn(message),
      });
    }
  }

  /** The saved run's summary, or undefined. A store that cannot be opened is reported once and saving stops. */
  async peek(): Promise<SavedRunSummary | undefined> {
    if (!this.store || !this.saver || this.saver.disabled) return undefined;
    try {
      return (await this.store.peek()) ?? undefined;
    } catch (err) {
      this.saver.disable();
      this.events.warn(`Could not save the run: ${storageFailureText(err, 0)}; training continues in memory (a reload starts afresh).`);
      return undefined;
    }
  }

  /**
   * Takes a host snapshot and starts a save when one is due; the snapshot is
   * returned (GPU backends keep it for device-loss recovery). Must run between steps.
   */
  async saveIfDue(session: TrainingSession, dataset: PreparedDataset, backend: string, force: boolean): Promise<SessionSnapshot | undefined> {
    const saver = this.saver;
    if (!saver || !saver.due(session.step, force)) return undefined;
    const snapshot = await session.snapshot();
    const token = this.datasetToken;
    const saved = saver.needsDataset(token) ? await saveDataset(dataset, this.datasetId) : undefined;
    const state = this.stateOf(snapshot, backend);
    const summary = { step: snapshot.step, config: snapshot.config, preset: presetOf(dataset), images: dataset.images.shape[0], savedAt: state.savedAt };
    void saver.start(snapshot.step, token, () => ({
      state: encodeState(state),
      ...(saved ? { dataset: encodeDataset(saved) } : {}),
      summary,
    }));
    return snapshot;
  }

  /** A setting changed in place: save again even at the same step. */
  changed(): void {
    this.saver?.markDirty();
  }

  /**
   * The run went back to step 0 (new data, reset, rebuild, new run): history
   * cleared, the stored run deleted when this page wrote or restored it (always with `force`).
   */
  async restarted(dataChanged: boolean, force = false): Promise<void> {
    this.history.clear();
    if (dataChanged) this.newDataset();
    await this.saver?.clear(force);
  }

  /** Deletes the stored run (one that cannot be restored); the live run is untouched. */
  async discardSaved(): Promise<void> {
    await this.saver?.clear(true);
  }

  /** The saved run, or null when none; throws RunFileError when it cannot be read. */
  async loadSaved(): Promise<SavedRun | null> {
    if (!this.store) return null;
    let stored;
    try {
      stored = await this.store.load();
    } catch (err) {
      throw new RunFileError(storageFailureText(err, 0));
    }
    if (!stored) return null;
    this.loadedDatasetBytes = stored.dataset.length;
    const what = 'the saved run';
    const dataset = decodeDataset(stored.dataset, what);
    const state = decodeState(stored.state, what);
    checkPair(dataset, state, what);
    return { dataset, state };
  }

  decodeFile(bytes: ArrayBuffer, name: string): SavedRun {
    return decodeRun(new Uint8Array(bytes), name);
  }

  /** A session and dataset tensor holding `run`; throws (having freed what it made) when the run does not fit this playground. */
  build(run: SavedRun): BuiltRun {
    const config = mergeConfig(DEFAULT_CONFIG, run.state.session.config as ConfigPatch);
    const issues = validateConfig(config);
    if (issues.length > 0) throw new RunFileError(`its settings are not valid here (${issues.map((i) => i.message).join('; ')})`);
    const snapshot: SessionSnapshot = { ...run.state.session, config };
    const dataset = preparedFromSaved(run.dataset);
    let session: TrainingSession | undefined;
    try {
      session = TrainingSession.create(config, dataset);
      session.restore(snapshot);
      return { session, dataset, snapshot };
    } catch (err) {
      session?.dispose();
      dataset.images.dispose();
      throw new RunFileError(err instanceof Error ? err.message.replace(/^\w+: /, '') : String(err));
    }
  }

  /**
   * The run now trains on a restored run: its history is taken over; a run from
   * this browser's store is marked saved; for a run from a file the stored run is
   * deleted and a save marked due (the trainer saves it once the page has been
   * told of the new run, so the page's `runSaved` of it comes after `runRestored`).
   */
  async adopted(run: SavedRun, origin: 'saved' | 'file', session: TrainingSession): Promise<void> {
    this.history.replace(run.state.metrics, run.state.evaluations);
    this.datasetToken++;
    this.datasetId = run.dataset.id;
    if (!this.saver) return;
    if (origin === 'saved') {
      // What the store holds is this run: nothing to write until it trains on.
      await this.saver.flush();
      this.saver.markSaved(session.step, this.datasetToken, this.loadedDatasetBytes);
      return;
    }
    // A file replaces the stored run (deleted first, so a failed save cannot leave the old run to come back on reload).
    await this.saver.clear(true);
    this.saver.markDirty();
  }

  /** The whole run as one file. */
  async exportFile(session: TrainingSession, dataset: PreparedDataset, backend: string): Promise<RunExportMessage> {
    const snapshot = await session.snapshot();
    const saved = await saveDataset(dataset, this.datasetId);
    const state = this.stateOf(snapshot, backend);
    const bytes = joinRunFile(encodeDataset(saved), encodeState(state), { step: snapshot.step, savedAt: state.savedAt });
    return {
      type: 'runExport', step: snapshot.step, fileName: `simclr-run-step-${snapshot.step}.simclr`,
      bytes: bytes.buffer.byteLength === bytes.byteLength ? bytes.buffer as ArrayBuffer : bytes.slice().buffer as ArrayBuffer,
    };
  }

  /** Waits for a save in flight (tests). */
  flush(): Promise<void> {
    return this.saver?.flush() ?? Promise.resolve();
  }

  stop(): void {
    this.saver?.disable();
  }

  private newDataset(): void {
    this.datasetToken++;
    this.datasetId = newDatasetId();
  }

  private stateOf(snapshot: SessionSnapshot, backend: string): SavedState {
    return {
      datasetId: this.datasetId,
      savedAt: Date.now(),
      backend,
      session: snapshot,
      metrics: this.history.metrics(),
      evaluations: this.history.evaluations(),
    };
  }
}

function presetOf(dataset: PreparedDataset): SavedRunSummary['preset'] {
  const source = savedSourceOf(dataset);
  return source.kind === 'preset' ? source.name : null;
}
