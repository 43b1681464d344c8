/**
 * The worker's ablation runner: a queue of short runs on a preset (see
 * core/eval/ablation), each a fresh session under its own seed, trained one
 * step at a time under the trainer's mutex with a yield between steps, so
 * pause, cancel and other requests land between steps. The main run's session
 * is never touched; the trainer pauses it before the queue starts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../core/config';
import { PRESET_NAMES, loadPreset } from '../core/data/presets';
import {
  ABLATION_KINDS, ablationQueue, largestStudyBatch, runAblationQueue, unscorableReason, type AblationOptions, type EvalOptions,
} from '../core/eval';
import { imagesThatFit } from './dataset/limits';
import type { Mutex } from './mutex';
import { MIN_ABLATION_IMAGES, type AblationPlan, type AblationRow, type FromWorker } from './protocol';
import { RequestError } from './requestError';

/** Largest step budget of one run (a queue of 28 pairs x 3 seeds of this is already hours). */
export const MAX_ABLATION_STEPS = 100_000;

/** Largest N the batch-size study may ask for. */
export const MAX_STUDY_BATCH_SIZE = 1024;

export interface AblationHost {
  lock: Mutex;
  fetchBytes(path: string): Promise<Uint8Array>;
  yieldToEventLoop(): Promise<void>;
  send(message: FromWorker): void;
  /** True once the trainer is disposed: the queue stops. */
  disposed(): boolean;
}

export class AblationRunner {
  private active = false;
  private cancelRequested = false;
  private progress = { done: 0, total: 0 };

  get running(): boolean {
    return this.active;
  }

  /** Runs done and queued, for messages. */
  get status(): { done: number; total: number } {
    return { ...this.progress };
  }

  /** Asks the queue to stop after the current step; false when none runs. */
  cancel(): boolean {
    if (!this.active) return false;
    this.cancelRequested = true;
    return true;
  }

  /**
   * Checks the plan and expands it into runs; throws `RequestError` naming the
   * field at fault. Synchronous, so a refusal comes before anything is paused.
   */
  static check(plan: AblationPlan): void {
    if (typeof plan !== 'object' || plan === null) throw new RequestError('The ablation request has no plan.', 'plan');
    if (!ABLATION_KINDS.includes(plan.kind)) {
      throw new RequestError(`Unknown ablation ${JSON.stringify(plan.kind)}: use one of ${ABLATION_KINDS.join(', ')}.`, 'plan.kind');
    }
    if (!PRESET_NAMES.includes(plan.dataset)) {
      throw new RequestError(`Ablations run on a built-in dataset (${PRESET_NAMES.join(', ')}), not ${JSON.stringify(plan.dataset)}.`, 'plan.dataset');
    }
    if (!Number.isInteger(plan.count) || plan.count < MIN_ABLATION_IMAGES) {
      throw new RequestError(`An ablation needs at least ${MIN_ABLATION_IMAGES} images, got count ${String(plan.count)}.`, 'plan.count');
    }
    if (!Number.isInteger(plan.steps) || plan.steps < 1 || plan.steps > MAX_ABLATION_STEPS) {
      throw new RequestError(`Steps per run must be a whole number from 1 to ${MAX_ABLATION_STEPS}, got ${String(plan.steps)}.`, 'plan.steps');
    }
    if (!Array.isArray(plan.seeds) || plan.seeds.length === 0 || !plan.seeds.every((s) => Number.isInteger(s) && s >= 0 && s < 2 ** 32)) {
      throw new RequestError('An ablation needs at least one seed, each a whole number from 0 to 2^32 - 1.', 'plan.seeds');
    }
    if (plan.maxBatchSize !== undefined && (!Number.isInteger(plan.maxBatchSize) || plan.maxBatchSize < 8 || plan.maxBatchSize > MAX_STUDY_BATCH_SIZE)) {
      throw new RequestError(`The largest batch must be a whole number from 8 to ${MAX_STUDY_BATCH_SIZE}, got ${String(plan.maxBatchSize)}.`, 'plan.maxBatchSize');
    }
    if (plan.lrScaling !== undefined && plan.lrScaling !== 'linear' && plan.lrScaling !== 'sqrt') {
      throw new RequestError(`The learning-rate scaling must be "linear" or "sqrt", got ${JSON.stringify(plan.lrScaling)}.`, 'plan.lrScaling');
    }
    if (plan.finetuneSteps !== undefined && (!Number.isInteger(plan.finetuneSteps) || plan.finetuneSteps < 1 || plan.finetuneSteps > MAX_ABLATION_STEPS)) {
      throw new RequestError(`Fine-tuning steps must be a whole number from 1 to ${MAX_ABLATION_STEPS}, got ${String(plan.finetuneSteps)}.`, 'plan.finetuneSteps');
    }
  }

  /**
   * The study options of `plan` on `base` with `count` images: the batch-size
   * study's largest N is what the plan asks (256 by default), lowered to what
   * the memory estimate and the images allow (`largestStudyBatch`).
   */
  static options(plan: AblationPlan, base: TrainConfig, count: number): AblationOptions {
    return {
      maxBatchSize: largestStudyBatch(base, count, plan.maxBatchSize ?? 256),
      lrScaling: plan.lrScaling ?? 'sqrt',
    };
  }

  /**
   * Runs the plan on `base` (the main run's config), sending `ablationProgress`
   * before each run, `ablationResult` after it, and a final progress (done ===
   * total, or `cancelled`). Resolves when the queue ends; rejects with a
   * `RequestError` when the preset's images are too few to score.
   */
  async run(plan: AblationPlan, base: TrainConfig, evaluation: Pick<EvalOptions, 'k' | 'temperature' | 'probeEpochs'>, host: AblationHost): Promise<void> {
    if (this.active) throw new Error('an ablation is already running');
    this.active = true;
    this.cancelRequested = false;
    const count = Math.min(plan.count, imagesThatFit(base.imageSize, base.channels));
    const queue = ablationQueue(plan.kind, base, plan.seeds, plan.steps, AblationRunner.options(plan, base, count));
    this.progress = { done: 0, total: queue.length };
    const stopped = () => this.cancelRequested || host.disposed();
    let data: Awaited<ReturnType<typeof loadPreset>> | undefined;
    try {
      data = await loadPreset(plan.dataset, count, base.imageSize, base.channels, host.fetchBytes);
      const unscorable = unscorableReason(data.labels);
      if (unscorable) {
        throw new RequestError(`${count} images of ${plan.dataset} cannot be scored (${unscorable}): use more images.`, 'plan.count');
      }
      const { cancelled } = await runAblationQueue(queue, data, {
        kind: plan.kind,
        dataset: plan.dataset,
        steps: plan.steps,
        evaluation,
        ...(plan.finetuneSteps !== undefined ? { finetune: { steps: plan.finetuneSteps } } : {}),
        hooks: { guard: (section) => host.lock.run(section), between: () => host.yieldToEventLoop(), stopped },
        onStart: (done, total, run) => {
          this.progress = { done, total };
          host.send({ type: 'ablationProgress', done, total, current: `${run.setting}, seed ${run.seed}` });
        },
        onResult: (row, done, total) => {
          this.progress = { done, total };
          host.send({ type: 'ablationResult', row: row as AblationRow });
        },
      });
      host.send(cancelled || stopped()
        ? { type: 'ablationProgress', done: this.progress.done, total: queue.length, cancelled: true }
        : { type: 'ablationProgress', done: queue.length, total: queue.length });
    } catch (err) {
      host.send({ type: 'ablationProgress', done: this.progress.done, total: queue.length, cancelled: true });
      throw err;
    } finally {
      if (data) tf.dispose(data.images);
      this.active = false;
      this.cancelRequested = false;
    }
  }
}
