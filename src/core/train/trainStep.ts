import * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../config';
import { contrastiveDiagnostics } from '../loss/diagnostics';
import { contrastiveLoss } from '../loss/contrastive';
import { MovingStatUpdates } from '../model/movingStats';
import type { SimclrModel } from '../model/simclrModel';
import type { Optimizer } from './optimizer';
import { learningRateAt } from './schedule';

/** What one training step reports; every number read back asynchronously. */
export interface StepResult {
  /** The configured loss of this batch before the update (NT-Xent: nats, chance ln(2N - 1); see `chanceLoss`). */
  loss: number;
  /** Fraction of the 2N anchors whose positive had the highest logit, in [0, 1]. */
  accuracy: number;
  /** Mean softmax entropy of the anchors' rows, in nats. */
  entropy: number;
  /** Mean cosine similarity of positive pairs. */
  meanPositive: number;
  /** Mean cosine similarity of negative pairs. */
  meanNegative: number;
  /** Learning rate used (or that would have been used) at this step. */
  learningRate: number;
  /** Global l2 norm of the gradient of the loss over all trainable parameters. */
  gradNorm: number;
  /** False when the loss or the gradient was not finite: nothing (weights, moments, moving statistics) changed. */
  applied: boolean;
  /** [2N x 2N] cosine similarities of z, row-major; only with `returnSimilarity`. */
  similarity?: Float32Array;
}

export interface TrainStepOptions {
  /** Also read back the 2N x 2N similarity matrix (for the heat map). */
  returnSimilarity?: boolean;
}

/**
 * One SimCLR training step: forward the 2N views in training mode, the
 * configured loss on z (NT-Xent, NT-Logistic or margin triplet), gradients
 * by `tf.variableGrads`, then (only if the loss and gradient norm are finite)
 * the optimiser update at `learningRateAt(step)` and the batch-norm
 * moving-average update. Everything else is disposed.
 *
 * @param views [2N, H, W, C]: rows k and k + N are the two views of image k.
 * @param step index of this step, from 0 (drives the schedule).
 */
export async function trainStep(
  model: SimclrModel,
  optimizer: Optimizer,
  views: tf.Tensor4D,
  config: TrainConfig,
  step: number,
  opts: TrainStepOptions = {},
): Promise<StepResult> {
  const { temperature, normalize } = config.loss;
  const learningRate = learningRateAt(step, config.optimizer, config.batchSize);
  const stats = new MovingStatUpdates();
  const kept: { z?: tf.Tensor2D } = {};
  const owned: tf.Tensor[] = [];
  try {
    const { value: loss, grads } = tf.variableGrads(() => {
      const { z } = model.apply(views, { training: true, statUpdates: stats });
      kept.z = tf.keep(z);
      return contrastiveLoss(z, config.loss);
    }, model.params.trainableVariables());
    owned.push(loss, ...Object.values(grads));
    const named = renameGradients(model, grads);
    const diag = contrastiveDiagnostics(kept.z!, temperature, { normalize });
    owned.push(diag.accuracy, diag.entropy, diag.meanPositive, diag.meanNegative, diag.similarity);
    const gradNorm = globalNorm([...named.values()]);
    const packed = tf.stack([loss, gradNorm, diag.accuracy, diag.entropy, diag.meanPositive, diag.meanNegative]);
    owned.push(gradNorm, packed);

    const [values, similarity] = await Promise.all([
      packed.data() as Promise<Float32Array>,
      opts.returnSimilarity ? (diag.similarity.data() as Promise<Float32Array>) : Promise.resolve(undefined),
    ]);
    const [lossValue, gradNormValue, accuracy, entropy, meanPositive, meanNegative] = Array.from(values) as number[];
    const applied = Number.isFinite(lossValue) && Number.isFinite(gradNormValue);
    if (applied) {
      optimizer.applyGradients(named, learningRate);
      stats.commit();
    }
    return {
      loss: lossValue!, accuracy: accuracy!, entropy: entropy!, meanPositive: meanPositive!, meanNegative: meanNegative!,
      learningRate, gradNorm: gradNormValue!, applied,
      ...(similarity !== undefined ? { similarity } : {}),
    };
  } finally {
    stats.discard();
    kept.z?.dispose();
    tf.dispose(owned);
  }
}

/** tfjs keys gradients by engine variable names; the optimisers want the model's parameter names. */
function renameGradients(model: SimclrModel, grads: tf.NamedTensorMap): Map<string, tf.Tensor> {
  const named = new Map<string, tf.Tensor>();
  for (const [engineName, grad] of Object.entries(grads)) {
    const name = model.params.paramNameOf(engineName);
    if (name === undefined) throw new Error(`trainStep: gradient for unknown variable ${engineName}`);
    named.set(name, grad);
  }
  return named;
}

/** sqrt(sum of squares of every tensor): the global gradient norm, a scalar. */
function globalNorm(tensors: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(tensors.map((t) => tf.sum(tf.square(t))))) as tf.Scalar);
}
