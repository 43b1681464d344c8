/**
 * The one contract between the page and the training worker.
 *
 * Every message has a string-literal `type`; `ToWorker` and `FromWorker` are the
 * unions each side handles with an exhaustive `switch` ending in `assertNever`.
 * Streams carry deltas (this step's metrics), never histories. Large payloads
 * (similarity matrix, preview pixels, embeddings) are typed arrays sent in the
 * transfer list. This file holds types only, so both threads import it freely.
 */
import type { ConfigPatch, TrainConfig } from '../core/config';
import type { PresetName } from '../core/data/presets';
import type { StepMetrics } from '../core/train/stepMetrics';
import type { SavedEvaluation, SavedRunSummary } from './persist/runFile';
import type { MetricColumns } from './persist/metricColumns';

/** Backends the user may ask for; 'auto' lets the worker choose (see core/backend/choose). */
export type BackendPreference = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendName = Exclude<BackendPreference, 'auto'>;

/** Built-in datasets. */
export type { PresetName, StepMetrics };

/** Raw pixels the page already holds: row-major, `channels` interleaved, 0..255. */
export interface RawImage {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8Array | Uint8ClampedArray;
}

/** One user image as it crosses to the worker; decoding happens in the worker. */
export type ImageInput = Blob | ImageBitmap | ImageData | RawImage;

export type DatasetSource =
  | { kind: 'preset'; name: PresetName; count?: number }
  | {
      kind: 'images';
      images: ImageInput[];
      /** File names, for messages about rejected files. */
      names: string[];
      /** Optional label per image (a folder name); undefined where unknown. */
      labels?: (string | undefined)[];
    };

// ---------------------------------------------------------------- page -> worker

/** Start the worker: choose and warm up a backend, build the model. Answered by `ready`. */
export interface InitMessage {
  type: 'init';
  config: TrainConfig;
  backend: BackendPreference;
  stream?: Partial<StreamSettings>;
}

/** Replace the dataset. Answered by `datasetProgress`* then `datasetReady` (or `error`). */
export interface SetDatasetMessage {
  type: 'setDataset';
  source: DatasetSource;
}

/**
 * Change settings. Temperature, learning rate, optimiser settings and
 * augmentations apply at the next step; model, batch size, image size or
 * channels rebuild the model (and the dataset tensor) and `configApplied` says so.
 */
export interface SetConfigMessage {
  type: 'setConfig';
  patch: ConfigPatch;
}

export interface PlayMessage { type: 'play' }
export interface PauseMessage { type: 'pause' }
/** Run `count` steps, then pause. */
export interface StepMessage { type: 'step'; count: number }
/** New weights, optimiser and step 0; with `seed`, the run's seed changes too. */
export interface ResetMessage { type: 'reset'; seed?: number }
/** Ask for a `preview` now; `resample` draws new augmentation parameters. */
export interface RequestPreviewMessage { type: 'requestPreview'; count?: number; resample?: boolean }
/** Ask for an `embeddings` message with h (and z) of the whole dataset. */
export interface RequestEmbeddingsMessage { type: 'requestEmbeddings' }
/** Change how often heavy payloads are streamed. */
export interface SetStreamMessage { type: 'setStream'; stream: Partial<StreamSettings> }
/**
 * Fault injection, for tests and for showing what the playground does when a
 * run breaks: 'nan-batch' poisons the next batch with NaN (the loss turns NaN);
 * 'lose-device' really destroys the GPU device (WebGPU) or loses the context
 * (WebGL), so the run must move to another backend.
 */
export interface InjectFaultMessage { type: 'injectFault'; fault: 'nan-batch' | 'lose-device' }

// ------------------------------------------------ evaluation, maps, ablations, exports (page -> worker)

/** How the worker scores the representation while training (only when the dataset has labels). */
export interface EvaluationSettings {
  /** Run kNN + linear probe every this many steps during training; 0 = only on request. */
  every: number;
  /** Neighbours that vote in kNN. */
  k: number;
  /** kNN vote weights exp(cos / temperature). */
  temperature: number;
  /** Passes of the linear probe over the training split. */
  probeEpochs: number;
}

export const DEFAULT_EVALUATION: EvaluationSettings = { every: 100, k: 20, temperature: 0.1, probeEpochs: 30 };

export interface SetEvaluationMessage { type: 'setEvaluation'; settings: Partial<EvaluationSettings> }
/** Score h and z now (answered by `evaluation`, or `error` 'no-labels'). */
export interface RequestEvaluationMessage { type: 'requestEvaluation' }
/** The `k` nearest images to dataset image `index` by cosine similarity of h (answered by `neighbours`). */
export interface RequestNeighboursMessage { type: 'requestNeighbours'; index: number; k: number }
/** A 2-D map of the embeddings (answered by `map`); at most `maxPoints` images, a seeded sample. */
export interface RequestMapMessage { type: 'requestMap'; method: MapMethod; space: 'h' | 'z'; maxPoints?: number }
export type MapMethod = 'pca' | 'umap';

/**
 * The paper's ablations in miniature: a queue of short runs on a preset, each
 * from fresh weights with its own seed and step budget, scored by kNN and the
 * linear probe. The main run is paused while the queue runs and can go on after.
 */
export type AblationKind =
  /** Figure 5: crop always on, pairs among colour jitter, colour drop, blur, rotation, cutout, noise, Sobel. */
  | 'augment-pairs'
  /** Table 1: colour strength s in 1/8, 1/4, 1/2, 1, and 1 + blur. */
  | 'colour-strength'
  /** Table 5: temperature 0.05, 0.1, 0.5, 1.0. */
  | 'temperature'
  /** Figure 8: head none / linear / MLP, scored on h and on z. */
  | 'head'
  /** Table 4: NT-Xent, NT-Logistic and margin triplet, the last two also with semi-hard negatives. */
  | 'loss'
  /** Figure 9 / Table B.1: batch sizes from 8 up, each at a quarter, half and all of the steps. */
  | 'batch-size'
  /** Table 7: SimCLR pre-training, then fine-tuning on 1% and 10% of the labels, against training from scratch. */
  | 'finetune';

/**
 * The fewest images an ablation plan may ask for: with fewer, the stratified
 * split leaves too little to train on (2N views need N >= 2 images) and to hold
 * out for scoring. It is only the floor: the worker still refuses a set it
 * cannot score (fewer than two classes, or no class with two images among the
 * preset's first `count` images) with a sentence, and scores on a few images
 * are noisy. The page's form uses the same floor.
 */
export const MIN_ABLATION_IMAGES = 4;

export interface AblationPlan {
  kind: AblationKind;
  dataset: PresetName;
  /** Images of the preset used (train and held-out split come from them); at least MIN_ABLATION_IMAGES. */
  count: number;
  /** Training steps per run ('batch-size': the longest run; 'finetune': the SimCLR pre-training). */
  steps: number;
  seeds: number[];
  /** 'batch-size': the largest N tried (the worker lowers it to what the backend and the images allow). Default 256. */
  maxBatchSize?: number;
  /** 'batch-size': learning rate scaled with N linearly or by square root. Default 'sqrt'. */
  lrScaling?: 'linear' | 'sqrt';
  /** 'finetune': steps of fine-tuning (and of training from scratch). Default 200. */
  finetuneSteps?: number;
}

export interface RunAblationMessage { type: 'runAblation'; plan: AblationPlan }
export interface CancelAblationMessage { type: 'cancelAblation' }
/** The trained encoder + head in the tfjs format (answered by `modelExport`). */
export interface RequestModelExportMessage { type: 'requestModelExport' }
/** Loads a model saved by `requestModelExport` (its config comes with it); answered by `configApplied`. */
export interface ImportModelMessage { type: 'importModel'; modelJson: string; weights: ArrayBuffer }

// ------------------------------------------------ persistence (page -> worker)

/**
 * Restore the run saved in this browser (IndexedDB): dataset, settings, weights,
 * optimiser state, step, metrics. Answered by `datasetReady`, `runRestored` and
 * `runState` (paused), or by `error` 'run-file' when there is none or it cannot be read.
 */
export interface RestoreRunMessage { type: 'restoreRun' }
/** Replace the run with a run file (`runExport`'s bytes); answered as restoreRun. A refused file leaves the run as it was. */
export interface ImportRunMessage { type: 'importRun'; bytes: ArrayBuffer; name?: string }
/** The whole run as one file (answered by `runExport`). */
export interface RequestRunExportMessage { type: 'requestRunExport' }
/**
 * Delete the saved run and start afresh with `config` on `source`. Answered as
 * setDataset (`datasetReady`, `configApplied` rebuilt, `runState`).
 */
export interface NewRunMessage { type: 'newRun'; config: TrainConfig; source: DatasetSource }

/** Free every tensor and stop; the worker answers nothing more. */
export interface DisposeMessage { type: 'dispose' }

export type ToWorker =
  | InitMessage
  | SetDatasetMessage
  | SetConfigMessage
  | PlayMessage
  | PauseMessage
  | StepMessage
  | ResetMessage
  | RequestPreviewMessage
  | RequestEmbeddingsMessage
  | SetStreamMessage
  | InjectFaultMessage
  | SetEvaluationMessage
  | RequestEvaluationMessage
  | RequestNeighboursMessage
  | RequestMapMessage
  | RunAblationMessage
  | CancelAblationMessage
  | RequestModelExportMessage
  | ImportModelMessage
  | RestoreRunMessage
  | ImportRunMessage
  | RequestRunExportMessage
  | NewRunMessage
  | DisposeMessage;

/** How often the worker streams heavy payloads. */
export interface StreamSettings {
  /** Send the similarity matrix every this many steps (and at most `maxHeavyPerSecond`). */
  similarityEvery: number;
  /** Images in a preview. */
  previewCount: number;
  /** Refresh the preview during training every this many steps (0: only on request). */
  previewEvery: number;
  /** Upper bound on similarity + preview messages per second. */
  maxHeavyPerSecond: number;
  /** Metrics are batched and flushed at most this many times a second. */
  metricsPerSecond: number;
}

export const DEFAULT_STREAM: StreamSettings = {
  similarityEvery: 1,
  previewCount: 8,
  previewEvery: 0,
  maxHeavyPerSecond: 10,
  metricsPerSecond: 20,
};

// ---------------------------------------------------------------- worker -> page

export interface ReadyMessage {
  type: 'ready';
  backend: BackendName;
  /** Why this backend: a sentence for the badge's tooltip. */
  reason: string;
  /** GPU adapter or WebGL renderer name, when known. */
  adapter?: string;
  /** True for software GPUs (SwiftShader, llvmpipe) and cpu. */
  software: boolean;
  /** wasm threads in use (cross-origin isolated page). */
  threads?: number;
  config: TrainConfig;
  /** Parameters of encoder + head. */
  parameterCount: number;
  /** The run saved in this browser, when there is one (the page decides whether to restore it). */
  savedRun?: SavedRunSummary;
}

export interface DatasetProgressMessage {
  type: 'datasetProgress';
  done: number;
  total: number;
}

export interface RejectedImage {
  name: string;
  reason: string;
}

export interface DatasetReadyMessage {
  type: 'datasetReady';
  /** Images kept, at the training size. */
  count: number;
  /** Images offered. */
  offered: number;
  rejected: RejectedImage[];
  /** Label names when the dataset is labelled (presets, folders); empty otherwise. */
  classNames: string[];
  /** Label index per kept image into classNames, or -1; empty when unlabelled. */
  labels: Int32Array;
  size: number;
  channels: 1 | 3;
  /** Small RGBA thumbnails of the kept images, `thumbSize` square each, concatenated. */
  thumbnails: Uint8ClampedArray;
  thumbSize: number;
}

/** Every step's metrics, batched. */
export interface MetricsMessage {
  type: 'metrics';
  items: StepMetrics[];
  /** The worker's tfjs memory when the batch was sent (memoryStats.ts), for leak checks. */
  memory?: WorkerMemory;
}

/** tf.memory() in the worker, plus what the backend exposes; absent fields: this backend has no such figure. */
export interface WorkerMemory {
  numTensors: number;
  numDataBuffers: number;
  /** Bytes of all tensors' data (tf.memory().numBytes). */
  numBytes: number;
  /** webgl, webgpu: GPU bytes held by live tensors. */
  numBytesInGPU?: number;
  /** webgl: textures allocated (in use and in the free pool); webgpu: buffers allocated. */
  numBytesInGPUAllocated?: number;
  /** webgl: bytes of textures in the free pool. */
  numBytesInGPUFree?: number;
  /** webgpu: buffers in use and in the buffer manager's free pool. */
  gpuBuffersInUse?: number;
  gpuBuffersFree?: number;
  /** wasm: size of the WebAssembly heap (it only grows). */
  wasmHeapBytes?: number;
}

/** The 2N x 2N cosine similarity matrix of one step. */
export interface SimilarityMessage {
  type: 'similarity';
  /** Index (from 0) of the step whose batch this is, as in StepMetrics.step. */
  step: number;
  /** 2N. Row r is view (r < N ? 1 : 2) of batch image r mod N. */
  size: number;
  /** size x size, row-major. */
  values: Float32Array;
  /** Dataset index of each of the N batch images. */
  imageIndices: Int32Array;
  temperature: number;
}

/** Both augmented views of the first `count` images of a fixed preview batch. */
export interface PreviewMessage {
  type: 'preview';
  count: number;
  size: number;
  /** Dataset index of each previewed image. */
  imageIndices: Int32Array;
  /** RGBA bytes: original, view 1, view 2 for each image in turn, size x size each. */
  pixels: Uint8ClampedArray;
  /** A short description of each view's sampled parameters ("crop 42%, flip, jitter"). */
  descriptions: [string, string][];
}

export interface EmbeddingsMessage {
  type: 'embeddings';
  step: number;
  count: number;
  /** count x hDim, row-major. */
  h: Float32Array;
  hDim: number;
  /** count x zDim, row-major. */
  z: Float32Array;
  zDim: number;
  labels: Int32Array;
}

export type RunState = 'idle' | 'running' | 'paused';

/** The loop's state changed (play, pause, a fault that paused it). */
export interface RunStateMessage {
  type: 'runState';
  state: RunState;
  /** Steps done so far (a count, not an index). */
  step: number;
  /** Why it changed, when not at the user's request. */
  reason?: string;
}

/** A setConfig took effect. */
export interface ConfigAppliedMessage {
  type: 'configApplied';
  config: TrainConfig;
  /** The model and optimiser were rebuilt (training restarts from step 0). */
  rebuilt: boolean;
  message: string;
}


/** kNN and linear-probe accuracy of one feature space on the held-out split. */
export interface FeatureScore {
  knn: number;
  probe: number;
}

/** Scores of the current encoder and, beside them, of a random-init encoder of the same config (the baseline). */
export interface EvaluationMessage {
  type: 'evaluation';
  /** Steps done when measured. */
  step: number;
  h: FeatureScore;
  z: FeatureScore;
  baseline: { h: FeatureScore; z: FeatureScore };
  /** Held-out images scored; chance accuracy is 1 / classNames.length. */
  tested: number;
  classNames: string[];
}

export interface NeighboursMessage {
  type: 'neighbours';
  step: number;
  index: number;
  /** Dataset indices of the nearest images, most similar first (the image itself excluded). */
  neighbours: Int32Array;
  /** Their cosine similarity to the image in h. */
  scores: Float32Array;
}

export interface MapMessage {
  type: 'map';
  step: number;
  method: MapMethod;
  space: 'h' | 'z';
  /** count x 2 coordinates, row-major. */
  points: Float32Array;
  /** Dataset index of each point. */
  indices: Int32Array;
  /** Label per point (-1 where unknown). */
  labels: Int32Array;
}

/** One finished run of an ablation. */
export interface AblationRow {
  kind: AblationKind;
  /** What this run changed, e.g. "crop + colour jitter", "s = 0.5", "tau = 0.1", "head mlp". */
  setting: string;
  /** For 'augment-pairs': the two ops (the same op twice on the diagonal). */
  pair?: [string, string];
  dataset: PresetName;
  seed: number;
  steps: number;
  h: FeatureScore;
  z: FeatureScore;
  finalLoss: number;
  seconds: number;
  /** 'batch-size': N of the run and its peak learning rate. */
  batchSize?: number;
  learningRate?: number;
  /** 'batch-size': images the run drew its batches from; N x steps / trainImages is its length in epochs. */
  trainImages?: number;
  /** Held-out images the scores (or `accuracy`) were measured on (absent in rows saved before it was recorded). */
  tested?: number;
  /** Which held-out images kNN on h (or the fine-tuned classifier) got right, '1' / '0' in split order; rows of one seed share the split. */
  hits?: string;
  /** 'finetune': held-out accuracy of the classifier in [0, 1] (h and z are NaN: not scored). */
  accuracy?: number;
  /** 'finetune': labelled images trained on, and fine-tuning steps. */
  labelled?: number;
  finetuneSteps?: number;
}

export interface AblationProgressMessage {
  type: 'ablationProgress';
  done: number;
  total: number;
  /** The run in progress, or undefined when the queue finished or was cancelled. */
  current?: string;
  cancelled?: boolean;
}

export interface AblationResultMessage { type: 'ablationResult'; row: AblationRow }

export interface ModelExportMessage {
  type: 'modelExport';
  step: number;
  /** model.json text (tfjs format; the TrainConfig is in its metadata). */
  modelJson: string;
  /** The weights file's bytes. */
  weights: ArrayBuffer;
}

/** A saved run (from this browser's storage, or a file) replaced the run. Precedes `runState` (paused). */
export interface RunRestoredMessage {
  type: 'runRestored';
  origin: 'saved' | 'file';
  /** Steps done. */
  step: number;
  config: TrainConfig;
  /** The preset the run trains on, or null for the user's own images. */
  preset: PresetName | null;
  /** The run's step metrics, oldest first (StepMetrics.step counts from 0, as in `metrics`). */
  metrics: MetricColumns;
  evaluations: SavedEvaluation[];
  /** "Restored run from step N", for the page's notice. */
  message: string;
}

/** A save to this browser's storage finished. */
export interface RunSavedMessage {
  type: 'runSaved';
  /** Steps done in the saved state. */
  step: number;
  /** Bytes the saved run takes (dataset and state). */
  bytes: number;
}

export interface RunExportMessage {
  type: 'runExport';
  step: number;
  /** A suggested file name, `simclr-run-step-N.simclr`. */
  fileName: string;
  /** The run file (see persist/runFile.ts). */
  bytes: ArrayBuffer;
}

export type WarningCode =
  | 'backend-fallback'
  | 'device-lost'
  | 'dataset-capped'
  | 'image-rejected'
  | 'slow-backend'
  /** Saving the run to this browser's storage failed (full, or not allowed); training goes on. */
  | 'storage';

export type ErrorCode =
  | 'invalid-config'
  | 'non-finite-loss'
  | 'out-of-memory'
  | 'backend-failed'
  | 'dataset-empty'
  | 'dataset-too-small'
  | 'not-ready'
  | 'no-labels'
  | 'model-file'
  | 'busy'
  /** A run file or the saved run was refused (not a run file, damaged, another version). */
  | 'run-file'
  /** A built-in dataset's files are missing or did not download (`npm run datasets` makes them). */
  | 'dataset-missing'
  | 'internal';

export interface WarningMessage {
  type: 'warning';
  code: WarningCode;
  message: string;
}

export interface ErrorMessage {
  type: 'error';
  code: ErrorCode;
  /** A human sentence: what happened and what to do. */
  message: string;
  /** Config fields at fault, when known. */
  fields?: string[];
  /**
   * The page's request this error answers (its message type), when the error is
   * the failure of one request; absent for faults of the training loop itself
   * (a non-finite loss, out of memory while training, a lost backend).
   */
  request?: ToWorker['type'];
}

export type FromWorker =
  | ReadyMessage
  | DatasetProgressMessage
  | DatasetReadyMessage
  | MetricsMessage
  | SimilarityMessage
  | PreviewMessage
  | EmbeddingsMessage
  | RunStateMessage
  | ConfigAppliedMessage
  | WarningMessage
  | ErrorMessage
  | EvaluationMessage
  | NeighboursMessage
  | MapMessage
  | AblationProgressMessage
  | AblationResultMessage
  | ModelExportMessage
  | RunRestoredMessage
  | RunSavedMessage
  | RunExportMessage;

/** Ends an exhaustive switch: a new message type without a case fails to compile. */
export function assertNever(value: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(value)}`);
}

/** The typed arrays of a message, for postMessage's transfer list. */
export function transferablesOf(message: FromWorker): Transferable[] {
  switch (message.type) {
    case 'similarity':
      return [message.values.buffer, message.imageIndices.buffer];
    case 'preview':
      return [message.pixels.buffer, message.imageIndices.buffer];
    case 'embeddings':
      return [message.h.buffer, message.z.buffer, message.labels.buffer];
    case 'datasetReady':
      return [message.thumbnails.buffer, message.labels.buffer];
    case 'neighbours':
      return [message.neighbours.buffer, message.scores.buffer];
    case 'map':
      return [message.points.buffer, message.indices.buffer, message.labels.buffer];
    case 'modelExport':
      return [message.weights];
    case 'runRestored':
      return [message.metrics.values.buffer as ArrayBuffer];
    case 'runExport':
      return [message.bytes];
    case 'ready':
    case 'datasetProgress':
    case 'metrics':
    case 'runState':
    case 'configApplied':
    case 'warning':
    case 'error':
    case 'evaluation':
    case 'ablationProgress':
    case 'ablationResult':
    case 'runSaved':
      return [];
    default:
      return assertNever(message);
  }
}
