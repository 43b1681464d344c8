import * as tf from '@tensorflow/tfjs-core';
import { assertValidConfig, mergeConfig, type ConfigPatch, type TrainConfig } from '../config';
import { describeView, twoViews, twoViewsWithParams } from '../augment';
import { importSimclrWeights, simclrModelArtifacts } from '../export/tfjsModel';
import { createSimclrModel, type NamedWeights, type SimclrModel } from '../model';
import { Rng } from '../random';
import { createOptimizer } from './createOptimizer';
import type { Optimizer, OptimizerState } from './optimizer';
import { trainStep, type StepResult } from './trainStep';

/** Images at the training size, with optional labels. */
export interface TrainingData {
  /** [M, S, S, C] float32 in [0, 1]; S = config.imageSize, C = config.channels. Owned by the caller. */
  images: tf.Tensor4D;
  /** Class index per image, or undefined for unlabelled data. */
  labels?: Int32Array;
  classNames?: readonly string[];
}

/** One step as the session saw it. */
export interface SessionStep extends StepResult {
  /** Index of this step (0-based). */
  step: number;
  /** Dataset index of each of the N batch images. */
  batchIndices: Int32Array;
  /** N actually used (smaller than config.batchSize when the dataset is smaller). */
  batchSize: number;
  /** Wall time of the step, ms. */
  msPerStep: number;
}

/** Both augmented views of a few images, for the page's preview. */
export interface Preview {
  /** Dataset index of each previewed image. */
  imageIndices: Int32Array;
  /** [count, S, S, C] originals, view 1, view 2. Owned by the caller. */
  original: tf.Tensor4D;
  view1: tf.Tensor4D;
  view2: tf.Tensor4D;
  /** Phrases describing each image's two views. */
  descriptions: [string, string][];
}

/** Host copy of everything needed to resume the run elsewhere (another backend, a reload). */
export interface SessionSnapshot {
  config: TrainConfig;
  step: number;
  weights: NamedWeights;
  optimizer: OptimizerState;
  rngState: { batch: [number, number, number, number]; augment: [number, number, number, number] };
  epochOrder: number[];
  epochCursor: number;
}

/** Config fields whose change needs a new model, optimiser or dataset tensor. */
const REBUILD_FIELDS = ['encoder', 'head', 'batchSize', 'imageSize', 'channels', 'seed'] as const;

/**
 * A SimCLR run: the model, the optimiser, the seeded draws of batches and
 * augmentations, and the step counter. The worker and the command-line trainer
 * both drive this; it knows nothing of messages or the DOM.
 *
 * Randomness: the seed makes one root `Rng` whose forks draw, in this order, the
 * initial weights, the batches and the augmentations, so the same config, seed
 * and data give the same views and the same first losses on the same backend.
 */
export class TrainingSession {
  private model: SimclrModel;
  private optimizer: Optimizer;
  private batchRng!: Rng;
  private augmentRng!: Rng;
  private epochOrder: number[] = [];
  private epochCursor = 0;
  private previewSeed = 1;
  private steps = 0;
  private changes = 0;

  private constructor(private cfg: TrainConfig, private data: TrainingData) {
    const { model, optimizer } = this.build();
    this.model = model;
    this.optimizer = optimizer;
  }

  /** Validates the config against the data and builds model and optimiser. */
  static create(config: TrainConfig, data: TrainingData): TrainingSession {
    assertValidConfig(config);
    checkData(config, data);
    return new TrainingSession(config, data);
  }

  get config(): TrainConfig {
    return this.cfg;
  }

  /** Steps taken since the last build or reset. */
  get step(): number {
    return this.steps;
  }

  get datasetSize(): number {
    return this.data.images.shape[0];
  }

  /** N used per step: the configured batch size, or the dataset size when smaller. */
  get effectiveBatchSize(): number {
    return Math.min(this.cfg.batchSize, this.datasetSize);
  }

  get parameterCount(): number {
    return this.model.params.countTrainable();
  }

  get hDim(): number {
    return this.model.hDim;
  }

  get zDim(): number {
    return this.model.zDim;
  }

  /**
   * A number that changes whenever the weights or the data change (a step, a
   * rebuild, a reset, a restore, a loaded model, new data), so a cache of
   * embeddings can tell it is stale.
   */
  get version(): number {
    return this.changes;
  }

  /** The images, labels and class names the session trains on. */
  get trainingData(): TrainingData {
    return this.data;
  }

  /**
   * One training step on the next batch of the epoch: two views of N images,
   * forward, NT-Xent, update. A non-finite loss leaves every weight as it was
   * (`applied` false) and does not advance the step counter. `poison` fills the
   * views with NaN (fault injection).
   */
  async trainStep(opts: { returnSimilarity?: boolean; poison?: boolean } = {}): Promise<SessionStep> {
    const started = now();
    const batchIndices = this.nextBatch();
    const views = tf.tidy(() => {
      const batch = tf.gather(this.data.images, tf.tensor1d(batchIndices, 'int32')) as tf.Tensor4D;
      const both = twoViews(batch, this.cfg.augment, this.augmentRng);
      // Fault injection (tests, demos): a NaN batch, as a corrupt input would give.
      return (opts.poison ? tf.mul(both, Number.NaN) : both) as tf.Tensor4D;
    });
    const n = batchIndices.length;
    const config = n === this.cfg.batchSize ? this.cfg : { ...this.cfg, batchSize: n };
    let result: StepResult;
    try {
      result = await trainStep(this.model, this.optimizer, views, config, this.steps, opts);
    } finally {
      views.dispose();
    }
    const step = this.steps;
    if (result.applied) {
      this.steps++;
      this.changes++;
    }
    return { ...result, step, batchIndices, batchSize: n, msPerStep: now() - started };
  }

  /**
   * Applies a config change. Temperature, optimiser settings and augmentations
   * take effect at the next step; encoder, head, batch size, image size, channels
   * or seed rebuild model and optimiser (step back to 0), and `rebuilt` says so.
   * Image size and channels also need new `data` (the caller re-prepares it).
   */
  setConfig(patch: ConfigPatch, data?: TrainingData): { config: TrainConfig; rebuilt: boolean } {
    const next = assertValidConfig(mergeConfig(this.cfg, patch));
    const rebuild = REBUILD_FIELDS.some((f) => JSON.stringify(next[f]) !== JSON.stringify(this.cfg[f]));
    const optimizerKindChanged = next.optimizer.kind !== this.cfg.optimizer.kind;
    checkData(next, data ?? this.data);
    this.cfg = next;
    if (data) {
      this.data = data;
      this.changes++;
    }
    if (rebuild) {
      this.rebuild();
    } else if (optimizerKindChanged) {
      this.optimizer.dispose();
      this.optimizer = createOptimizer(this.model.params, this.cfg.optimizer);
    }
    return { config: this.cfg, rebuilt: rebuild };
  }

  /** Replaces the dataset (same size and channels as the config); the run goes on with the same weights. */
  setData(data: TrainingData): void {
    checkData(this.cfg, data);
    this.data = data;
    this.epochOrder = [];
    this.epochCursor = 0;
    this.changes++;
  }

  /** Fresh weights and optimiser at step 0; with `seed`, under a new seed. */
  reset(seed?: number): void {
    if (seed !== undefined) this.cfg = assertValidConfig({ ...this.cfg, seed });
    this.rebuild();
  }

  /**
   * Both views of the first `count` images under the current augmentations.
   * The draws repeat until `resample` is asked for, so toggling an op shows
   * exactly what that op changes.
   */
  preview(count: number, resample = false): Preview {
    if (resample) this.previewSeed++;
    const k = Math.max(1, Math.min(count, this.datasetSize));
    const imageIndices = Int32Array.from({ length: k }, (_, i) => i);
    const rng = new Rng(this.cfg.seed * 7919 + this.previewSeed);
    const original = tf.slice(this.data.images, [0, 0, 0, 0], [k, -1, -1, -1]) as tf.Tensor4D;
    const { views, params } = twoViewsWithParams(original, this.cfg.augment, rng);
    const [view1, view2] = tf.split(views, 2, 0) as [tf.Tensor4D, tf.Tensor4D];
    views.dispose();
    const descriptions = Array.from(imageIndices, (_, i) => [
      describeView(params[0], i).join(', ') || 'unchanged',
      describeView(params[1], i).join(', ') || 'unchanged',
    ] as [string, string]);
    return { imageIndices, original, view1, view2, descriptions };
  }

  /**
   * h and z of every image (eval mode: batch norm uses its moving averages), in
   * chunks of 256 images.
   * @returns h [M, hDim] and z [M, zDim], owned by the caller.
   */
  embed(): { h: tf.Tensor2D; z: tf.Tensor2D } {
    const m = this.datasetSize;
    const hs: tf.Tensor2D[] = [];
    const zs: tf.Tensor2D[] = [];
    for (let start = 0; start < m; start += 256) {
      const size = Math.min(256, m - start);
      const { h, z } = tf.tidy(() => {
        const chunk = tf.slice(this.data.images, [start, 0, 0, 0], [size, -1, -1, -1]) as tf.Tensor4D;
        return this.model.apply(chunk, { training: false });
      });
      hs.push(h);
      zs.push(z);
    }
    const out = { h: tf.concat(hs, 0) as tf.Tensor2D, z: tf.concat(zs, 0) as tf.Tensor2D };
    tf.dispose([...hs, ...zs]);
    return out;
  }

  /** Copies weights, optimiser state and random streams to the host. */
  async snapshot(): Promise<SessionSnapshot> {
    const [weights, optimizer] = await Promise.all([this.model.params.exportWeights(), this.optimizer.exportState()]);
    return {
      config: this.cfg,
      step: this.steps,
      weights,
      optimizer,
      rngState: { batch: this.batchRng.getState(), augment: this.augmentRng.getState() },
      epochOrder: [...this.epochOrder],
      epochCursor: this.epochCursor,
    };
  }

  /** Restores a snapshot taken from a session with the same model config (on any backend). */
  restore(snapshot: SessionSnapshot): void {
    if (JSON.stringify(snapshot.config.encoder) !== JSON.stringify(this.cfg.encoder)
      || JSON.stringify(snapshot.config.head) !== JSON.stringify(this.cfg.head)
      || snapshot.config.channels !== this.cfg.channels) {
      throw new Error('restore: the snapshot was taken from a different model (encoder, head or channels differ)');
    }
    this.cfg = snapshot.config;
    this.model.params.importWeights(snapshot.weights);
    if (this.optimizer.kind !== snapshot.optimizer.kind) {
      this.optimizer.dispose();
      this.optimizer = createOptimizer(this.model.params, this.cfg.optimizer);
    }
    this.optimizer.importState(snapshot.optimizer);
    this.batchRng.setState(snapshot.rngState.batch);
    this.augmentRng.setState(snapshot.rngState.augment);
    this.epochOrder = [...snapshot.epochOrder];
    this.epochCursor = snapshot.epochCursor;
    this.steps = snapshot.step;
    this.changes++;
  }

  /**
   * Encoder and head in the tfjs model format (see core/export/tfjsModel), with
   * this run's config and step in the metadata. Weights are copied to the host.
   */
  modelArtifacts(): Promise<tf.io.ModelArtifacts> {
    return simclrModelArtifacts(this.model, this.cfg, { step: this.steps });
  }

  /**
   * Overwrites encoder and head with a saved model's weights (the file's
   * encoder, head and channels must be this session's), continues its step
   * count, and starts the optimiser afresh (its state is not saved). A refused
   * file (`ModelFileError`) changes nothing.
   * @returns the file's config and step.
   */
  loadModelArtifacts(artifacts: tf.io.ModelArtifacts): { config: TrainConfig; step: number | undefined } {
    const loaded = importSimclrWeights(artifacts, this.model);
    this.optimizer.dispose();
    this.optimizer = createOptimizer(this.model.params, this.cfg.optimizer);
    this.steps = loaded.step ?? 0;
    this.changes++;
    return loaded;
  }

  /** Frees model and optimiser (not the data, which the caller owns). */
  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }

  private rebuild(): void {
    this.optimizer.dispose();
    this.model.dispose();
    const { model, optimizer } = this.build();
    this.model = model;
    this.optimizer = optimizer;
  }

  private build(): { model: SimclrModel; optimizer: Optimizer } {
    const root = new Rng(this.cfg.seed);
    const modelRng = root.fork();
    this.batchRng = root.fork();
    this.augmentRng = root.fork();
    this.epochOrder = [];
    this.epochCursor = 0;
    this.steps = 0;
    this.changes++;
    const model = createSimclrModel(this.cfg, modelRng);
    try {
      return { model, optimizer: createOptimizer(model.params, this.cfg.optimizer) };
    } catch (err) {
      model.dispose();
      throw err;
    }
  }

  /** The next N distinct images of a seeded shuffle of the dataset; a new shuffle each epoch. */
  private nextBatch(): Int32Array {
    const n = this.effectiveBatchSize;
    const m = this.datasetSize;
    const out = new Int32Array(n);
    const chosen = new Set<number>();
    let filled = 0;
    while (filled < n) {
      if (this.epochCursor >= this.epochOrder.length) {
        this.epochOrder = this.batchRng.permutation(m);
        this.epochCursor = 0;
      }
      const index = this.epochOrder[this.epochCursor++]!;
      // An epoch boundary inside a batch could repeat an image: skip it (a repeat would be a false negative).
      if (chosen.has(index)) continue;
      chosen.add(index);
      out[filled++] = index;
    }
    return out;
  }
}

function checkData(config: TrainConfig, data: TrainingData): void {
  const [m, h, w, c] = data.images.shape;
  if (h !== config.imageSize || w !== config.imageSize || c !== config.channels) {
    throw new Error(`the dataset tensor is ${h}x${w}x${c} but the config asks for ${config.imageSize}x${config.imageSize}x${config.channels}`);
  }
  if (m < 2) throw new Error(`SimCLR needs at least 2 images (each image's negatives are the other images), got ${m}`);
  if (data.labels && data.labels.length !== m) throw new Error(`${data.labels.length} labels for ${m} images`);
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
