/**
 * The training loop behind the page: owns the session (model, optimiser,
 * dataset tensor), answers every `ToWorker` message and streams `FromWorker`
 * messages back. It knows nothing of `self` or `postMessage`: the worker entry
 * (`training.worker.ts`) and the Node tests give it a `post` function and an
 * environment (backend activation, file access, a way to yield).
 */
import * as tf from '@tensorflow/tfjs-core';
import { mergeConfig, validateConfig, type ConfigPatch, type TrainConfig } from '../core/config';
import { imagesToRgba } from '../core/data/imageTensor';
import { DatasetFileError } from '../core/data/presets';
import { ModelFileError } from '../core/export/tfjsModel';
import { TrainingSession, type SessionSnapshot, type SessionStep } from '../core/train/session';
import { AblationRunner } from './ablation';
import { makeThumbnails, prepareDataset, type DatasetDeps, type PreparedDataset } from './dataset/prepare';
import { EmbeddingViews } from './embeddingViews';
import { Evaluation } from './evaluation';
import { classifyError, errorText, nonFiniteLossMessage, outOfMemoryMessage } from './faults';
import { MetricsBatcher } from './metricsBatcher';
import { workerMemory } from './memoryStats';
import { describeModelFile, exportModel, readModelFile, sessionFromModelFile } from './modelFile';
import { Mutex } from './mutex';
import { metricsToColumns } from './persist/metricColumns';
import type { SavedRun } from './persist/runFile';
import {
  DEFAULT_STREAM, assertNever, transferablesOf,
  type AblationPlan, type BackendName, type BackendPreference, type DatasetSource, type ErrorCode, type ErrorMessage, type EvaluationSettings,
  type FromWorker, type ReadyMessage, type RequestMapMessage, type RunState, type StepMetrics, type StreamSettings, type ToWorker,
  type WarningCode,
} from './protocol';
import { RateGate } from './rateGate';
import { RequestError } from './requestError';
import { RunPersistence } from './persist/runPersistence';
import type { RunStore } from './persist/runStore';
import type { SaverOptions } from './persist/saver';

/** The backend the environment activated, and why. */
export interface BackendReport {
  backend: BackendName;
  reason: string;
  adapter?: string;
  software: boolean;
  threads?: number;
}

export interface TrainerEnv {
  /**
   * Activates the preferred backend (or the best available for 'auto'), never one
   * in `exclude` (backends that already failed this session).
   */
  activateBackend(preference: BackendPreference, exclude: BackendName[]): Promise<BackendReport>;
  datasetDeps: Omit<DatasetDeps, 'progress'>;
  /** Registers the handler the environment calls when the GPU device or context is lost. */
  onDeviceLost?(handler: (detail: string) => void): void;
  /** Destroys the GPU device or loses the WebGL context (fault injection); false when there is none. */
  loseDevice?(): boolean;
  /** Lets queued messages in between steps (a macrotask). */
  yieldToEventLoop(): Promise<void>;
  now(): number;
  /** Where the run is saved between page loads (IndexedDB in the browser); none: the run lives in memory only. */
  runStore?: RunStore;
  /** How often the run is saved (default every 25 steps or 10 s of training). */
  saveEvery?: Partial<Omit<SaverOptions, 'now'>>;
}

export type Post = (message: FromWorker, transfer: Transferable[]) => void;

/**
 * On GPU backends host copies of the run are taken after the first step, then
 * this often, and whenever a `step` request finishes, so a lost GPU costs at
 * most this many steps.
 */
const SNAPSHOT_EVERY_STEPS = 50;

export class Trainer {
  private config?: TrainConfig;
  private preference: BackendPreference = 'auto';
  private backend?: BackendReport;
  private failedBackends: BackendName[] = [];
  private session?: TrainingSession;
  private dataset?: PreparedDataset;
  private state: RunState = 'idle';
  private stepsLeft = 0;
  private loopActive = false;
  private disposed = false;
  private stream: StreamSettings = { ...DEFAULT_STREAM };
  private readonly heavyGate: RateGate;
  private readonly metrics: MetricsBatcher;
  private readonly lock = new Mutex();
  private snapshot?: SessionSnapshot;
  private deviceLost?: string;
  private poisonNext = false;
  private readonly evaluation = new Evaluation();
  private readonly views = new EmbeddingViews();
  private readonly ablation = new AblationRunner();
  private ablationDone?: Promise<void>;
  private readonly persist: RunPersistence;

  constructor(private readonly post: Post, private readonly env: TrainerEnv) {
    this.heavyGate = new RateGate(this.stream.maxHeavyPerSecond, env.now);
    this.metrics = new MetricsBatcher((items) => this.send({ type: 'metrics', items, memory: workerMemory() }), this.stream.metricsPerSecond, env.now);
    env.onDeviceLost?.((detail) => this.onDeviceLost(detail));
    this.persist = new RunPersistence(env.runStore, { ...env.saveEvery, now: env.now }, {
      send: (message) => this.send(message),
      warn: (message) => this.warn('storage', message),
    });
  }

  /** Handles one message from the page. Resolves when its work is done (tests await it). */
  async handle(message: ToWorker): Promise<void> {
    if (this.disposed) return;
    try {
      switch (message.type) {
        case 'init':
          return await this.lock.run(() => this.init(message.config, message.backend, message.stream));
        case 'setDataset':
          return await this.lock.run(() => this.setDataset(message.source));
        case 'setConfig':
          return await this.lock.run(() => this.setConfig(message.patch));
        case 'play':
          return this.play(Number.POSITIVE_INFINITY, 'play');
        case 'pause':
          return this.pause();
        case 'step':
          return this.play(Math.max(1, Math.floor(message.count)), 'step');
        case 'reset':
          return await this.lock.run(() => this.reset(message.seed));
        case 'requestPreview':
          return await this.lock.run(() => this.sendPreview(message.count ?? this.stream.previewCount, message.resample ?? false));
        case 'requestEmbeddings':
          return await this.lock.run(() => this.sendEmbeddings());
        case 'setStream':
          this.setStream(message.stream);
          return;
        case 'injectFault':
          if (message.fault === 'nan-batch') this.poisonNext = true;
          else await this.loseDevice();
          return;
        case 'setEvaluation':
          return this.setEvaluation(message.settings);
        case 'requestEvaluation':
          return await this.lock.run(() => this.evaluateNow(true));
        case 'requestNeighbours':
          return await this.lock.run(() => this.sendNeighbours(message.index, message.k));
        case 'requestMap':
          return await this.lock.run(() => this.sendMap(message));
        case 'runAblation':
          return this.startAblation(message.plan);
        case 'cancelAblation':
          this.ablation.cancel();
          return;
        case 'requestModelExport':
          return await this.lock.run(() => this.sendModelExport());
        case 'importModel':
          return await this.lock.run(() => this.importModel(message.modelJson, message.weights));
        case 'restoreRun':
          return await this.lock.run(() => this.restoreRun());
        case 'importRun':
          return await this.lock.run(() => this.importRun(message.bytes, message.name));
        case 'requestRunExport':
          return await this.lock.run(() => this.sendRunExport());
        case 'newRun':
          this.pause();
          return await this.lock.run(() => this.newRun(message.config, message.source));
        case 'dispose':
          return await this.dispose();
        default:
          return assertNever(message);
      }
    } catch (err) {
      if (err instanceof DatasetFileError) {
        // Nothing was replaced: the dataset (and the run) loaded before stays.
        const kept = this.dataset ? ' The previous dataset is still loaded.' : '';
        this.fail('dataset-missing', `${err.message}${kept}`, undefined, message.type);
        return;
      }
      this.fail('internal', `Something went wrong handling "${message.type}": ${errorText(err)}. Your run is kept.`, undefined, message.type);
    }
  }

  /** Resolves once the loop, any ablation queue and any save in flight have stopped (tests). */
  async idle(): Promise<void> {
    while (this.loopActive || this.ablation.running) await this.env.yieldToEventLoop();
    await this.ablationDone;
    await this.lock.run(() => undefined);
    await this.persist.flush();
  }

  // ------------------------------------------------------------------ messages

  private async init(config: TrainConfig, preference: BackendPreference, stream?: Partial<StreamSettings>): Promise<void> {
    const issues = validateConfig(config);
    if (issues.length > 0) {
      this.fail('invalid-config', `The settings are not valid: ${issues.map((i) => i.message).join('; ')}.`, issues.map((i) => i.field), 'init');
      return;
    }
    this.config = config;
    this.preference = preference;
    if (stream) this.setStream(stream);
    this.backend = await this.env.activateBackend(preference, this.failedBackends);
    const parameterCount = await this.warmUp(config);
    const ready: ReadyMessage = {
      type: 'ready',
      backend: this.backend.backend,
      reason: this.backend.reason,
      software: this.backend.software,
      config,
      parameterCount,
    };
    if (this.backend.adapter !== undefined) ready.adapter = this.backend.adapter;
    if (this.backend.threads !== undefined) ready.threads = this.backend.threads;
    const savedRun = await this.persist.peek();
    if (savedRun) ready.savedRun = savedRun;
    this.send(ready);
  }

  /**
   * One throwaway step on two blank images compiles the backend's kernels before
   * `ready`. Returns the model's parameter count.
   */
  private async warmUp(config: TrainConfig): Promise<number> {
    const images = tf.zeros([2, config.imageSize, config.imageSize, config.channels]) as tf.Tensor4D;
    const session = TrainingSession.create({ ...config, batchSize: 2 }, { images });
    try {
      await session.trainStep();
      return session.parameterCount;
    } finally {
      session.dispose();
      images.dispose();
    }
  }

  private async setDataset(source: DatasetSource, request: 'setDataset' | 'newRun' = 'setDataset'): Promise<void> {
    if (!this.requireInit(request)) return;
    const config = this.config!;
    const prepared = await prepareDataset(source, config.imageSize, config.channels, {
      ...this.env.datasetDeps,
      progress: (done, total) => this.send({ type: 'datasetProgress', done, total }),
    });
    for (const r of prepared.rejected) this.warn('image-rejected', `${r.name}: ${r.reason}.`);
    const count = prepared.images.shape[0];
    if (count < 2) {
      prepared.images.dispose();
      const what = count === 0 ? 'No usable image' : 'Only one usable image';
      this.fail(count === 0 ? 'dataset-empty' : 'dataset-too-small',
        `${what} in what was dropped: SimCLR needs at least 2 (each image's negatives are the other images). ${this.dataset ? 'The previous dataset is still loaded.' : ''}`.trim(),
        undefined, request);
      // No datasetReady: the worker still trains on the previous dataset (the refused files were each reported above).
      return;
    }
    if (prepared.capped) {
      this.warn('dataset-capped', `Kept the first ${prepared.capped.kept} of ${prepared.offered} images: at ${config.imageSize} px the dataset is limited to ${prepared.capped.limit} images to stay within memory. A smaller image size keeps more.`);
    }
    const wasRunning = this.state === 'running';
    this.replaceDataset(prepared);
    await this.persist.restarted(true);
    const { thumbnails, thumbSize } = await makeThumbnails(prepared.images);
    this.sendDatasetReady(prepared, thumbnails, thumbSize);
    this.send({ type: 'configApplied', config: this.session!.config, rebuilt: true, message: `New dataset of ${count} images: training starts again from step 0.` });
    this.sendRunState(wasRunning ? 'running' : this.state === 'idle' ? 'paused' : this.state);
    if (wasRunning) void this.runLoop();
  }

  private replaceDataset(prepared: PreparedDataset): void {
    this.session?.dispose();
    this.dataset?.images.dispose();
    this.dataset = prepared;
    this.session = TrainingSession.create(this.config!, prepared);
    this.snapshot = undefined;
    if (this.state === 'idle') this.state = 'paused';
  }

  private async setConfig(patch: ConfigPatch): Promise<void> {
    if (!this.requireInit('setConfig')) return;
    const next = mergeConfig(this.config!, patch);
    const issues = validateConfig(next);
    if (issues.length > 0) {
      this.fail('invalid-config', `That setting was not applied: ${issues.map((i) => i.message).join('; ')}.`, issues.map((i) => i.field), 'setConfig');
      return;
    }
    const resized = next.imageSize !== this.config!.imageSize || next.channels !== this.config!.channels;
    if (!this.session || !this.dataset) {
      this.config = next;
      this.send({ type: 'configApplied', config: next, rebuilt: false, message: 'Settings saved; they apply when a dataset is loaded.' });
      return;
    }
    let data: PreparedDataset | undefined;
    if (resized) {
      data = await prepareDataset(this.dataset.source, next.imageSize, next.channels, this.env.datasetDeps);
    }
    const { config, rebuilt } = this.session.setConfig(patch, data);
    this.config = config;
    if (data) {
      this.dataset.images.dispose();
      this.dataset = data;
      const { thumbnails, thumbSize } = await makeThumbnails(data.images);
      this.sendDatasetReady(data, thumbnails, thumbSize);
    }
    if (rebuilt) {
      this.snapshot = undefined;
      await this.persist.restarted(data !== undefined);
    } else {
      this.persist.changed();
      if (this.state !== 'running') await this.saveIfDue(true);
    }
    this.send({
      type: 'configApplied', config, rebuilt,
      message: rebuilt
        ? `The model was rebuilt for the new ${describeRebuild(patch)}: training starts again from step 0.`
        : 'Applied; takes effect at the next step.',
    });
  }

  private play(steps: number, request: 'play' | 'step'): void {
    if (this.ablation.running) {
      const { done, total } = this.ablation.status;
      this.fail('busy', `An ablation is running (${done} of ${total} runs done): cancel it or let it finish before training the main run.`, undefined, request);
      return;
    }
    if (!this.session) {
      this.fail('not-ready', 'Load a dataset before training (the built-in shapes load with the page).', undefined, request);
      return;
    }
    this.stepsLeft = steps;
    if (this.state !== 'running') {
      this.state = 'running';
      this.sendRunState('running');
    }
    void this.runLoop();
  }

  private pause(reason?: string): void {
    this.stepsLeft = 0;
    this.metrics.flushNow();
    if (this.state === 'running') {
      this.state = 'paused';
      this.sendRunState('paused', reason);
    }
  }

  private async reset(seed?: number): Promise<void> {
    if (!this.session) {
      this.fail('not-ready', 'Load a dataset before resetting the run.', undefined, 'reset');
      return;
    }
    this.pause();
    this.session.reset(seed);
    this.config = this.session.config;
    this.snapshot = undefined;
    await this.persist.restarted(false);
    this.send({ type: 'configApplied', config: this.config, rebuilt: true, message: `Reset: new weights under seed ${this.config.seed}, step 0.` });
    this.sendRunState('paused');
  }

  private async sendPreview(count: number, resample: boolean): Promise<void> {
    if (!this.session) return;
    const p = this.session.preview(count, resample);
    try {
      const k = p.imageIndices.length;
      const size = p.original.shape[1];
      const all = tf.tidy(() => tf.reshape(tf.stack([p.original, p.view1, p.view2], 1), [3 * k, size, size, p.original.shape[3]]) as tf.Tensor4D);
      const pixels = await imagesToRgba(all);
      all.dispose();
      this.send({ type: 'preview', count: k, size, imageIndices: p.imageIndices, pixels, descriptions: p.descriptions });
    } finally {
      tf.dispose([p.original, p.view1, p.view2]);
    }
  }

  private async sendEmbeddings(): Promise<void> {
    if (!this.session) return;
    const { h, z } = this.session.embed();
    try {
      const [hv, zv] = await Promise.all([h.data() as Promise<Float32Array>, z.data() as Promise<Float32Array>]);
      const labels = this.dataset?.labels ?? new Int32Array(0);
      this.send({
        type: 'embeddings', step: this.session.step, count: h.shape[0],
        h: hv, hDim: h.shape[1], z: zv, zDim: z.shape[1], labels: Int32Array.from(labels),
      });
    } finally {
      tf.dispose([h, z]);
    }
  }

  private setStream(stream: Partial<StreamSettings>): void {
    this.stream = { ...this.stream, ...stream };
    this.heavyGate.setRate(this.stream.maxHeavyPerSecond);
    this.metrics.setRate(this.stream.metricsPerSecond);
  }

  private async dispose(): Promise<void> {
    this.pause();
    this.ablation.cancel();
    this.persist.stop();
    await this.lock.run(() => {
      this.disposed = true;
      this.session?.dispose();
      this.dataset?.images.dispose();
      this.session = undefined;
      this.dataset = undefined;
      this.views.clear();
    });
  }

  // ------------------------------------------------------------------ evaluation, neighbours, maps

  private setEvaluation(settings: Partial<EvaluationSettings>): void {
    const issues = this.evaluation.update(settings ?? {});
    if (issues.length > 0) {
      this.fail('invalid-config', `That evaluation setting was not applied: ${issues.map((i) => i.message).join('; ')}.`, issues.map((i) => i.field), 'setEvaluation');
    }
  }

  /**
   * Scores h and z (and the cached random-init baseline) and sends `evaluation`.
   * Asked for by the page, an unlabelled dataset gets a 'no-labels' error; during
   * training it is skipped silently.
   */
  private async evaluateNow(onDemand: boolean): Promise<void> {
    if (!this.session || !this.dataset) {
      if (onDemand) this.fail('not-ready', 'Load a dataset before asking for an evaluation.', undefined, 'requestEvaluation');
      return;
    }
    const reason = Evaluation.unscorable(this.dataset);
    if (reason) {
      if (onDemand) this.fail('no-labels', reason, undefined, 'requestEvaluation');
      return;
    }
    try {
      const message = await this.evaluation.evaluate(this.session, this.dataset);
      this.metrics.flushNow();
      const { type: _type, ...saved } = message;
      this.persist.history.pushEvaluation(structuredClone(saved));
      this.send(message);
    } catch (err) {
      this.fail(classifyError(err) === 'out-of-memory' ? 'out-of-memory' : 'internal',
        `The evaluation failed: ${errorText(err)}. ${onDemand ? 'Your run is kept.' : 'Training goes on.'}`, undefined, onDemand ? 'requestEvaluation' : undefined);
    }
  }

  private async sendNeighbours(index: number, k: number): Promise<void> {
    if (!this.session) {
      this.fail('not-ready', 'Load a dataset before asking for neighbours.', undefined, 'requestNeighbours');
      return;
    }
    try {
      this.send(await this.views.neighbours(this.session, index, k));
    } catch (err) {
      if (!(err instanceof RequestError)) throw err;
      this.fail('invalid-config', err.message, [err.field], 'requestNeighbours');
    }
  }

  private async sendMap(request: RequestMapMessage): Promise<void> {
    if (!this.session) {
      this.fail('not-ready', 'Load a dataset before asking for a map of the embeddings.', undefined, 'requestMap');
      return;
    }
    try {
      this.send(await this.views.map(
        this.session, this.dataset?.labels, request.method, request.space, request.maxPoints, () => this.env.yieldToEventLoop(),
      ));
    } catch (err) {
      if (!(err instanceof RequestError)) throw err;
      this.fail('invalid-config', err.message, [err.field], 'requestMap');
    }
  }

  // ------------------------------------------------------------------ ablations

  /**
   * Pauses the main run and starts the queue (it runs on its own, a step at a
   * time under the mutex); answers at once. The main session is not touched.
   */
  private startAblation(plan: AblationPlan): void {
    if (this.ablation.running) {
      const { done, total } = this.ablation.status;
      this.fail('busy', `An ablation is already running (${done} of ${total} runs done): wait for it to finish or cancel it first.`, undefined, 'runAblation');
      return;
    }
    if (!this.requireInit('runAblation')) return;
    try {
      AblationRunner.check(plan);
    } catch (err) {
      if (!(err instanceof RequestError)) throw err;
      this.fail('invalid-config', `The ablation was not started: ${err.message}`, [err.field], 'runAblation');
      return;
    }
    if (this.state === 'running') this.pause('ablation');
    const { k, temperature, probeEpochs } = this.evaluation.settings;
    this.ablationDone = this.ablation.run(plan, this.config!, { k, temperature, probeEpochs }, {
      lock: this.lock,
      fetchBytes: (path) => this.env.datasetDeps.fetchBytes(path),
      yieldToEventLoop: () => this.env.yieldToEventLoop(),
      send: (message) => this.send(message),
      disposed: () => this.disposed,
    }).catch((err: unknown) => {
      if (err instanceof RequestError) return this.fail('invalid-config', `The ablation was not started: ${err.message}`, [err.field], 'runAblation');
      if (err instanceof DatasetFileError) return this.fail('dataset-missing', `The ablation was not started: ${err.message} The main run is unchanged.`, undefined, 'runAblation');
      this.fail(classifyError(err) === 'out-of-memory' ? 'out-of-memory' : 'internal',
        `The ablation stopped: ${errorText(err)}. The main run is unchanged.`, undefined, 'runAblation');
    });
  }

  // ------------------------------------------------------------------ model files

  private async sendModelExport(): Promise<void> {
    if (!this.session) {
      this.fail('not-ready', 'Load a dataset and build a model before saving it.', undefined, 'requestModelExport');
      return;
    }
    this.send(await exportModel(this.session));
  }

  /**
   * Replaces the run with a saved model: a session of the file's config (the
   * dataset re-prepared when its image size or channels differ) with the file's
   * weights. A refused file leaves the run as it was.
   */
  private async importModel(modelJson: string, weights: ArrayBuffer): Promise<void> {
    if (!this.session || !this.dataset) {
      this.fail('not-ready', 'Load a dataset before loading a model (the model is applied to its images).', undefined, 'importModel');
      return;
    }
    const refuse = (err: Error) => this.fail('model-file', `The model was not loaded: ${err.message}. Your run is unchanged.`, undefined, 'importModel');
    let file;
    let built;
    try {
      file = readModelFile(modelJson, weights);
      built = await sessionFromModelFile(file, this.dataset, this.env.datasetDeps);
    } catch (err) {
      if (!(err instanceof ModelFileError)) throw err;
      return refuse(err);
    }
    const { session, data } = built;
    const config = session.config;
    this.stepsLeft = 0;
    this.state = 'paused';
    this.metrics.flushNow();
    this.session.dispose();
    this.session = session;
    this.config = session.config;
    this.snapshot = undefined;
    this.views.clear();
    await this.persist.restarted(data !== undefined);
    if (data) {
      this.dataset.images.dispose();
      this.dataset = data;
      const { thumbnails, thumbSize } = await makeThumbnails(data.images);
      this.sendDatasetReady(data, thumbnails, thumbSize);
    }
    this.send({
      type: 'configApplied', config: session.config, rebuilt: true,
      message: `Loaded the model ${describeModelFile(file)}${data ? `; the images were prepared again at ${config.imageSize} px, ${config.channels} channel${config.channels === 1 ? '' : 's'}` : ''}. `
        + `Training goes on from step ${session.step} with a fresh optimiser.`,
    });
    this.sendRunState('paused');
    // The loaded model (at its own step) is the run now: keep it over a reload.
    this.persist.changed();
    await this.saveIfDue(true);
  }

  // ------------------------------------------------------------------ persistence

  /** Starts a save when one is due (see persist/saver.ts); the write goes on while training continues. */
  private async saveIfDue(force: boolean): Promise<void> {
    if (!this.session || !this.dataset) return;
    const snapshot = await this.persist.saveIfDue(this.session, this.dataset, this.backend?.backend ?? 'cpu', force);
    if (snapshot && this.onGpu()) this.snapshot = snapshot;
  }

  private async restoreRun(): Promise<void> {
    if (!this.requireInit('restoreRun')) return;
    let run;
    try {
      run = await this.persist.loadSaved();
    } catch (err) {
      // An unreadable saved run would fail again on every load: it is deleted.
      await this.persist.discardSaved();
      this.fail('run-file', `The run saved in this browser could not be restored: ${errorMessage(err)}. It was deleted, and a new run starts instead.`, undefined, 'restoreRun');
      return;
    }
    if (!run) {
      this.fail('run-file', 'There is no saved run in this browser to restore.', undefined, 'restoreRun');
      return;
    }
    await this.adoptRun(run, 'saved');
  }

  private async importRun(bytes: ArrayBuffer, name = 'the file'): Promise<void> {
    if (!this.requireInit('importRun')) return;
    let run;
    try {
      run = this.persist.decodeFile(bytes, name);
    } catch (err) {
      this.fail('run-file', `The run file was not loaded: ${errorMessage(err)}. Your run is unchanged.`, undefined, 'importRun');
      return;
    }
    await this.adoptRun(run, 'file', name);
  }

  /**
   * Replaces the run with a saved one: its dataset tensor, a session of its
   * config with its weights, optimiser state, random streams and step, and its
   * history. Anything refused (settings, weight shapes) leaves the run as it was.
   */
  private async adoptRun(run: SavedRun, origin: 'saved' | 'file', name?: string): Promise<void> {
    let built;
    try {
      built = this.persist.build(run);
    } catch (err) {
      if (origin === 'saved') await this.persist.discardSaved();
      const what = origin === 'saved' ? 'The run saved in this browser could not be restored' : 'The run file was not loaded';
      this.fail('run-file', `${what}: ${errorMessage(err)}. ${origin === 'saved' ? 'It was deleted, and a new run starts instead.' : 'Your run is unchanged.'}`, undefined, origin === 'saved' ? 'restoreRun' : 'importRun');
      return;
    }
    const { session, dataset, snapshot } = built;
    this.stepsLeft = 0;
    if (this.state === 'running') this.state = 'paused';
    this.metrics.flushNow();
    this.session?.dispose();
    this.dataset?.images.dispose();
    this.session = session;
    this.dataset = dataset;
    this.config = session.config;
    this.state = 'paused';
    this.views.clear();
    this.snapshot = this.onGpu() ? snapshot : undefined;
    await this.persist.adopted(run, origin, session);
    const { thumbnails, thumbSize } = await makeThumbnails(dataset.images);
    this.sendDatasetReady(dataset, thumbnails, thumbSize);
    const step = session.step;
    this.send({
      type: 'runRestored', origin, step, config: session.config,
      preset: run.dataset.source.kind === 'preset' ? run.dataset.source.name : null,
      metrics: metricsToColumns(run.state.metrics),
      evaluations: run.state.evaluations,
      message: origin === 'saved' ? `Restored run from step ${step}.` : `Imported the run in ${name ?? 'the file'} at step ${step}.`,
    });
    this.sendRunState('paused');
    // A run from a file replaces the stored run at once (after runRestored, so the page's savedStep is this run's).
    if (origin === 'file') await this.saveIfDue(true);
  }

  private async sendRunExport(): Promise<void> {
    if (!this.session || !this.dataset) {
      this.fail('not-ready', 'Load a dataset and train before exporting the run.', undefined, 'requestRunExport');
      return;
    }
    this.send(await this.persist.exportFile(this.session, this.dataset, this.backend?.backend ?? 'cpu'));
  }

  /** Deletes the saved run and starts afresh on `config` and `source`. */
  private async newRun(config: TrainConfig, source: DatasetSource): Promise<void> {
    if (!this.requireInit('newRun')) return;
    const issues = validateConfig(config);
    if (issues.length > 0) {
      this.fail('invalid-config', `The new run was not started: ${issues.map((i) => i.message).join('; ')}.`, issues.map((i) => i.field), 'newRun');
      return;
    }
    this.pause();
    await this.persist.restarted(true, true);
    this.config = config;
    this.snapshot = undefined;
    // setDataset builds the session from this.config, at step 0.
    await this.setDataset(source, 'newRun');
  }

  // ------------------------------------------------------------------ the loop

  private async runLoop(): Promise<void> {
    if (this.loopActive) return;
    this.loopActive = true;
    try {
      while (this.state === 'running' && this.stepsLeft > 0 && !this.disposed) {
        await this.lock.run(() => this.oneStep());
        await this.env.yieldToEventLoop();
      }
    } finally {
      this.loopActive = false;
      this.metrics.flushNow();
    }
    // Training stopped (pause, steps done, a fault): save what it reached.
    if (!this.disposed) await this.lock.run(() => this.saveIfDue(true));
  }

  private async oneStep(): Promise<void> {
    if (this.state !== 'running' || this.stepsLeft <= 0 || !this.session) return;
    if (this.deviceLost) return this.recoverBackend(this.deviceLost);
    const session = this.session;
    const wantSimilarity = session.step % Math.max(1, this.stream.similarityEvery) === 0 && this.heavyGate.tryPass();
    let result: SessionStep;
    try {
      const poison = this.poisonNext;
      this.poisonNext = false;
      result = await session.trainStep({ returnSimilarity: wantSimilarity, poison });
    } catch (err) {
      return this.onStepError(err);
    }
    if (!result.applied) {
      const { message, fields } = nonFiniteLossMessage(session.config, result.step, result.loss, result.gradNorm);
      this.pause('non-finite loss');
      this.fail('non-finite-loss', message, fields);
      return;
    }
    this.stepsLeft--;
    const metrics = toMetrics(result);
    this.metrics.push(metrics);
    this.persist.history.push(metrics);
    if (result.similarity) {
      this.send({
        type: 'similarity', step: result.step, size: 2 * result.batchSize, values: result.similarity,
        imageIndices: result.batchIndices, temperature: session.config.loss.temperature,
      });
    }
    const every = this.stream.previewEvery;
    if (every > 0 && result.step % every === 0 && this.heavyGate.tryPass()) await this.sendPreview(this.stream.previewCount, false);
    if (this.evaluation.due(session.step)) await this.evaluateNow(false);
    const stopping = this.stepsLeft <= 0 && this.state === 'running';
    if (this.onGpu() && (session.step % SNAPSHOT_EVERY_STEPS === 1 || stopping)) this.snapshot = await session.snapshot();
    await this.saveIfDue(stopping);
    if (stopping) {
      this.state = 'paused';
      this.metrics.flushNow();
      this.sendRunState('paused');
    }
  }

  /** GPU backends can lose their device; the host keeps copies of the run there. */
  private onGpu(): boolean {
    return this.backend?.backend === 'webgpu' || this.backend?.backend === 'webgl';
  }

  private async onStepError(err: unknown): Promise<void> {
    const kind = classifyError(err);
    const backend = this.backend?.backend ?? 'cpu';
    if (kind === 'out-of-memory') {
      this.pause('out of memory');
      this.fail('out-of-memory', outOfMemoryMessage(this.config!, backend));
      return;
    }
    if (kind === 'device-lost' || backend === 'webgpu' || backend === 'webgl') {
      return this.recoverBackend(errorText(err));
    }
    this.pause('error');
    this.fail('internal', `Training stopped: ${errorText(err)}. Your run is kept; press play to try again.`);
  }

  private async loseDevice(): Promise<void> {
    const backend = this.backend?.backend;
    if (!this.env.loseDevice?.()) {
      this.warn('device-lost', `There is no GPU device to lose on the ${backend ?? 'current'} backend; nothing was changed.`);
    }
  }

  private onDeviceLost(detail: string): void {
    this.deviceLost = detail;
    // When the loop is not stepping, recover now; otherwise the next step does.
    if (!this.loopActive) void this.lock.run(() => this.recoverBackend(detail));
  }

  /**
   * The GPU went away or the backend failed: move to the next backend, rebuild the
   * dataset tensor there, restore the last host snapshot, and go on.
   */
  private async recoverBackend(detail: string): Promise<void> {
    this.deviceLost = undefined;
    const lost = this.backend?.backend;
    if (lost) this.failedBackends.push(lost);
    const wasRunning = this.state === 'running';
    const stepsLeft = this.stepsLeft;
    let next: BackendReport;
    try {
      next = await this.env.activateBackend(this.preference === lost ? 'auto' : this.preference, this.failedBackends);
    } catch (err) {
      this.pause('backend failed');
      this.fail('backend-failed', `The ${lost ?? 'current'} backend failed (${detail}) and no other backend could start: ${errorText(err)}.`);
      return;
    }
    this.backend = next;
    const source = this.dataset?.source;
    const snapshot = this.snapshot;
    this.session = undefined;
    this.dataset = undefined;
    if (!source || !this.config) return;
    const prepared = await prepareDataset(source, this.config.imageSize, this.config.channels, this.env.datasetDeps);
    this.dataset = prepared;
    this.session = TrainingSession.create(snapshot?.config ?? this.config, prepared);
    if (snapshot) this.session.restore(snapshot);
    const resumed = snapshot ? `resumed from step ${snapshot.step}` : 'restarted from step 0 (no saved copy yet)';
    this.warn('device-lost', `The ${lost ?? 'previous'} backend stopped working (${detail}). Training moved to ${next.backend} and ${resumed}.`);
    const ready: ReadyMessage = {
      type: 'ready', backend: next.backend, reason: `${next.reason} (after ${lost ?? 'the previous backend'} failed)`,
      software: next.software, config: this.session.config, parameterCount: this.session.parameterCount,
    };
    if (next.adapter !== undefined) ready.adapter = next.adapter;
    this.send(ready);
    if (wasRunning) {
      this.stepsLeft = stepsLeft;
      this.state = 'running';
    }
  }

  // ------------------------------------------------------------------ sending

  private send(message: FromWorker): void {
    if (this.disposed) return;
    this.post(message, transferablesOf(message));
  }

  private sendRunState(state: RunState, reason?: string): void {
    this.send(reason === undefined
      ? { type: 'runState', state, step: this.session?.step ?? 0 }
      : { type: 'runState', state, step: this.session?.step ?? 0, reason });
  }

  private sendDatasetReady(prepared: PreparedDataset, thumbnails: Uint8ClampedArray, thumbSize: number): void {
    this.send({
      type: 'datasetReady',
      count: prepared.images.shape[0],
      offered: prepared.offered,
      rejected: prepared.rejected,
      classNames: prepared.classNames,
      labels: prepared.labels ? Int32Array.from(prepared.labels) : new Int32Array(0),
      size: prepared.images.shape[1],
      channels: prepared.images.shape[3] as 1 | 3,
      thumbnails,
      thumbSize,
    });
  }

  private warn(code: WarningCode, message: string): void {
    this.send({ type: 'warning', code, message });
  }

  /** Sends an error; `request`: the page's request that failed (none for the training loop's own faults). */
  private fail(code: ErrorCode, message: string, fields?: string[], request?: ToWorker['type']): void {
    const error: ErrorMessage = { type: 'error', code, message };
    if (fields && fields.length > 0) error.fields = fields;
    if (request) error.request = request;
    this.send(error);
  }

  private requireInit(request: ToWorker['type']): boolean {
    if (this.config) return true;
    this.fail('not-ready', 'The training worker has not been started yet (no init message).', undefined, request);
    return false;
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function toMetrics(r: SessionStep): StepMetrics {
  return {
    step: r.step,
    loss: r.loss,
    accuracy: r.accuracy,
    entropy: r.entropy,
    learningRate: r.learningRate,
    meanPositive: r.meanPositive,
    meanNegative: r.meanNegative,
    msPerStep: r.msPerStep,
    imagesPerSecond: r.msPerStep > 0 ? (1000 * r.batchSize) / r.msPerStep : 0,
  };
}

function describeRebuild(patch: ConfigPatch): string {
  const names: Record<string, string> = {
    encoder: 'encoder', head: 'projection head', batchSize: 'batch size', imageSize: 'image size', channels: 'channels', seed: 'seed',
  };
  const changed = Object.keys(patch).filter((k) => k in names).map((k) => names[k]!);
  return changed.length > 0 ? changed.join(' and ') : 'settings';
}

