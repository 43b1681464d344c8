/**
 * The page's one store, as four typed slices: dataset, config, run, metrics.
 * Each slice lives in `slices/`; `store.ts` combines them and adds the only
 * middleware (subscribeWithSelector, so canvases subscribe without re-rendering).
 */
import type { StateCreator } from 'zustand';
import type { ConfigIssue, ConfigPatch, TrainConfig } from '../core/config';
import type {
  BackendPreference,
  DatasetReadyMessage,
  FromWorker,
  PresetName,
  PreviewMessage,
  ReadyMessage,
  RejectedImage,
  RunState,
  SimilarityMessage,
  StepMetrics,
  ToWorker,
} from '../worker/protocol';
import type { AugmentPresetName } from './pagePresets';
import type { MetricsView, RateTracker } from './metricsLog';

/** Where the store sends messages: the training client, or a fake in tests. */
export interface WorkerPort {
  send(message: ToWorker, transfer?: Transferable[]): void;
}

export interface StoreDeps {
  port: WorkerPort;
  /** Milliseconds, for steps per second. */
  now(): number;
  /** Config edits are sent this long after the last one (0: at once). */
  configDebounceMs: number;
}

/** A file the user gave the page; the worker decodes it. */
export interface UploadItem {
  id: number;
  file: Blob;
  name: string;
  /** The folder the file came from, used as its class label. */
  label?: string;
}

export type DatasetChoice = PresetName | 'upload';
export type DatasetInfo = Omit<DatasetReadyMessage, 'type'>;

export interface DatasetSlice {
  datasetChoice: DatasetChoice;
  uploads: UploadItem[];
  /** Files refused before they reached the worker (not images, empty). */
  localRejected: RejectedImage[];
  /** The dataset the worker holds, once it said so. */
  dataset: DatasetInfo | null;
  datasetProgress: { done: number; total: number } | null;
  /** A setDataset is on its way and not yet answered. */
  datasetPending: boolean;
  choosePreset(name: PresetName): void;
  /** Trains on the uploads again (after a preset was chosen); nothing when there are none. */
  chooseUploads(): void;
  addUploads(files: Omit<UploadItem, 'id'>[], rejected?: RejectedImage[]): void;
  removeUpload(id: number): void;
  clearUploads(): void;
  /** Sends the current choice to the worker (when it is ready). */
  sendDataset(): void;
  onDatasetProgress(done: number, total: number): void;
  onDatasetReady(message: DatasetReadyMessage): void;
}

export interface ConfigSlice {
  /** The settings as the user left them: the panels and the URL show these. */
  config: TrainConfig;
  /** The last config sent to the worker (init or setConfig). */
  sentConfig: TrainConfig | null;
  /** The config the worker confirmed. */
  appliedConfig: TrainConfig | null;
  /** Problems `validateConfig` finds in `config`; a config with problems is not sent. */
  configIssues: ConfigIssue[];
  /** Fields the worker refused (error.fields). */
  workerFieldErrors: string[];
  backendPreference: BackendPreference;
  /** The preference the worker was started with; a different `backendPreference` needs a reload. */
  startedBackendPreference: BackendPreference | null;
  patchConfig(patch: ConfigPatch): void;
  applyAugmentPreset(name: AugmentPresetName): void;
  /** A new seed restarts the run (reset with seed). */
  setSeed(seed: number): void;
  setBackendPreference(preference: BackendPreference): void;
  /** Sends what changed since the last send, now. */
  flushConfig(): void;
  onConfigApplied(config: TrainConfig): void;
}

export interface Notice {
  id: number;
  kind: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  /** How many times the same notice came. */
  count: number;
}

export interface RunSlice {
  ready: ReadyMessage | null;
  runState: RunState;
  /** init sent, no ready yet. */
  starting: boolean;
  /** The user asked for a reset (or a new seed); its rebuild needs no notice. */
  resetRequested: boolean;
  notices: Notice[];
  start(): void;
  play(): void;
  pause(): void;
  stepBy(count: number): void;
  reset(): void;
  addNotice(notice: Omit<Notice, 'id' | 'count'>): void;
  dismissNotice(id: number): void;
  onReady(message: ReadyMessage): void;
  onRunState(state: RunState, step: number): void;
}

export interface MetricsSlice {
  step: number;
  latest: StepMetrics | null;
  metrics: MetricsView;
  /** The previous run's chart, drawn faintly for comparison. */
  previousChart: StepMetrics[];
  rate: RateTracker;
  similarity: SimilarityMessage | null;
  preview: PreviewMessage | null;
  previewPending: boolean;
  requestPreview(resample?: boolean): void;
  onMetrics(items: StepMetrics[]): void;
  onSimilarity(message: SimilarityMessage): void;
  onPreview(message: PreviewMessage): void;
  /** A new run began (reset or rebuild): the chart becomes `previousChart`. */
  startNewRun(): void;
}

export interface ReceiveSlice {
  /** Handles one worker message. */
  receive(message: FromWorker): void;
}

export type AppState = DatasetSlice & ConfigSlice & RunSlice & MetricsSlice & ReceiveSlice;

/** A slice creator, typed for the combined store's middleware. */
export type SliceCreator<Slice> = StateCreator<AppState, [['zustand/subscribeWithSelector', never]], [], Slice>;
