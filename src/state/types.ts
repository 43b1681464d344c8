/**
 * The page's one store, as typed slices: dataset, config, run, metrics, and
 * for "does it learn?": evaluation, neighbours, map, ablation, exports.
 * Each slice lives in `slices/`; `store.ts` combines them and adds the only
 * middleware (subscribeWithSelector, so canvases subscribe without re-rendering).
 */
import type { StateCreator } from 'zustand';
import type { ConfigIssue, ConfigPatch, TrainConfig } from '../core/config';
import type {
  AblationPlan,
  AblationProgressMessage,
  AblationRow,
  BackendPreference,
  DatasetReadyMessage,
  EmbeddingsMessage,
  EvaluationMessage,
  EvaluationSettings,
  FromWorker,
  MapMessage,
  MapMethod,
  ModelExportMessage,
  NeighboursMessage,
  PresetName,
  PreviewMessage,
  ReadyMessage,
  RejectedImage,
  RunExportMessage,
  RunRestoredMessage,
  RunSavedMessage,
  RunState,
  SimilarityMessage,
  StepMetrics,
  ToWorker,
} from '../worker/protocol';
import type { SavedRunSummary } from '../worker/persist/runFile';
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
  /** The choice whose data the worker holds (null before the first dataset). */
  loadedChoice: DatasetChoice | null;
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
  /**
   * The worker refused the data asked for (a preset file missing, no usable
   * image) and kept what it had: the choice goes back to the loaded one, so the
   * selector and the link name the data the run trains on.
   */
  onDatasetRefused(): void;
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

/** One evaluation as the page keeps it (the message without its type). */
export type EvaluationResult = Omit<EvaluationMessage, 'type'>;

export interface EvaluationSlice {
  /** What the page last asked the worker for (the worker starts from DEFAULT_EVALUATION). */
  evaluationSettings: EvaluationSettings;
  /** The latest scores, or null before the first. */
  evaluation: EvaluationResult | null;
  /** This run's evaluations, oldest first (a new run starts a new history). */
  evaluationHistory: EvaluationResult[];
  /** Evaluations received so far (for "the next one"). */
  evaluationCount: number;
  /** "Evaluate now" was sent and not yet answered. */
  evaluationPending: boolean;
  setEvaluationSettings(settings: Partial<EvaluationSettings>): void;
  /** Sends the settings when they differ from the worker's defaults (on ready). */
  sendEvaluationSettings(): void;
  requestEvaluation(): void;
  onEvaluation(message: EvaluationMessage): void;
  /** The dataset changed: scores of the old one no longer apply. */
  clearEvaluation(): void;
}

export type NeighboursResult = Omit<NeighboursMessage, 'type'>;

export interface NeighboursSlice {
  /** The dataset image picked for nearest neighbours, or null. */
  selectedImage: number | null;
  neighboursK: number;
  neighbours: NeighboursResult | null;
  neighboursPending: boolean;
  /** Picks an image (null clears) and asks for its neighbours. */
  selectImage(index: number | null): void;
  setNeighboursK(k: number): void;
  /** Asks again for the picked image (after more training). */
  refreshNeighbours(): void;
  onNeighbours(message: NeighboursMessage): void;
  clearNeighbours(): void;
}

export type MapResult = Omit<MapMessage, 'type'>;

export interface MapSlice {
  mapMethod: MapMethod;
  mapSpace: 'h' | 'z';
  /** Most points the worker maps. */
  mapMaxPoints: number;
  map: MapResult | null;
  mapPending: boolean;
  /** Maps received so far. */
  mapCount: number;
  /** Ask for a new map after every this many evaluations; 0: only on "Refresh". */
  mapAutoEvery: number;
  /** Evaluations since the last map request. */
  evaluationsSinceMap: number;
  /** Changes method or space and asks for a new map. */
  setMapView(view: { method?: MapMethod; space?: 'h' | 'z' }): void;
  setMapAutoEvery(every: number): void;
  requestMap(): void;
  onMap(message: MapMessage): void;
  /** Counts an evaluation and asks for a map when `mapAutoEvery` is due. */
  noteEvaluationForMap(): void;
  clearMap(): void;
}

export type AblationProgress = Omit<AblationProgressMessage, 'type'>;

export interface AblationSlice {
  ablationPlan: AblationPlan;
  /** Rows of the latest queue, in the order they finished. */
  ablationRows: AblationRow[];
  ablationProgress: AblationProgress | null;
  /** A queue was sent and has not finished, been cancelled or refused. */
  ablationRunning: boolean;
  setAblationPlan(patch: Partial<AblationPlan>): void;
  /** Starts the queue of `plan` (default: the current plan); earlier rows are cleared. */
  runAblation(plan?: AblationPlan): void;
  cancelAblation(): void;
  onAblationProgress(message: AblationProgressMessage): void;
  onAblationResult(row: AblationRow): void;
}

export type ImportStatus = { kind: 'loading' | 'loaded' | 'refused'; message: string };

export interface ExportSlice {
  /** The latest `modelExport` answer; the Export panel saves it as two files. */
  modelExport: Omit<ModelExportMessage, 'type'> | null;
  modelExportPending: boolean;
  /** The latest `embeddings` answer; the Export panel writes it as Projector TSV. */
  embeddings: Omit<EmbeddingsMessage, 'type'> | null;
  embeddingsPending: boolean;
  importStatus: ImportStatus | null;
  requestModelExport(): void;
  requestEmbeddings(): void;
  /** Sends a saved model to the worker; its weights buffer is transferred. */
  importModel(modelJson: string, weights: ArrayBuffer, name?: string): void;
  /** The page itself refused the files (a sentence for the panel). */
  refuseImport(message: string): void;
  onModelExport(message: ModelExportMessage): void;
  onEmbeddings(message: EmbeddingsMessage): void;
  /** The worker applied an imported model's config (`message` says what it loaded): the panels take it over. */
  onImportApplied(config: TrainConfig, message?: string): void;
  onImportRefused(message: string): void;
}

export interface PersistenceSlice {
  /** Steps done in the run saved in this browser, as the worker last reported; null when not known. */
  savedStep: number | null;
  /** Bytes the saved run takes. */
  savedBytes: number;
  /** The last save failed (a 'storage' warning came, and no save since). */
  saveFailing: boolean;
  /** A saved run is being restored ('saved') or a run file imported ('file'). */
  restoring: 'saved' | 'file' | null;
  /** What became of the last run file the user chose. */
  runFileStatus: ImportStatus | null;
  /** The latest `runExport` answer; the Export panel saves it as a file. */
  runExport: Omit<RunExportMessage, 'type'> | null;
  runExportPending: boolean;
  /**
   * On the first `ready`: restores the saved run when the URL allows (see
   * restorePolicy.ts). True when it asked the worker to restore (no dataset to send then).
   */
  offerSavedRun(summary: SavedRunSummary | undefined): boolean;
  /** Deletes the saved run and starts afresh on the default settings and preset. */
  newRun(): void;
  requestRunExport(): void;
  /** Sends a run file to the worker; its buffer is transferred. */
  importRun(bytes: ArrayBuffer, name: string): void;
  /** The page itself refused the file (a sentence for the panel). */
  refuseRunFile(message: string): void;
  onRunRestored(message: RunRestoredMessage): void;
  onRunSaved(message: RunSavedMessage): void;
  onRunExport(message: RunExportMessage): void;
  /** An error 'run-file' came: a file refused, or the saved run unreadable (then the page's own dataset loads). */
  onRunFileError(message: string): void;
}

export interface ReceiveSlice {
  /** Handles one worker message. */
  receive(message: FromWorker): void;
}

export type AppState = DatasetSlice &
  ConfigSlice &
  RunSlice &
  MetricsSlice &
  EvaluationSlice &
  NeighboursSlice &
  MapSlice &
  AblationSlice &
  ExportSlice &
  PersistenceSlice &
  ReceiveSlice;

/** A slice creator, typed for the combined store's middleware. */
export type SliceCreator<Slice> = StateCreator<AppState, [['zustand/subscribeWithSelector', never]], [], Slice>;
