import * as tf from '@tensorflow/tfjs-core';

/**
 * New values for batch-norm moving statistics computed during a training
 * forward pass, held until the caller decides: `commit` writes them into their
 * variables, `discard` drops them. `trainStep` commits only when the loss is
 * finite, so a NaN batch cannot poison the moving averages.
 */
export class MovingStatUpdates {
  private pending: Array<{ target: tf.Variable; value: tf.Tensor }> = [];

  /** Queues `value` (kept from the surrounding tidy, owned here) as the next value of `target`. */
  push(target: tf.Variable, value: tf.Tensor): void {
    this.pending.push({ target, value: tf.keep(value) });
  }

  /** Number of queued updates. */
  get size(): number {
    return this.pending.length;
  }

  /** Assigns every queued value to its variable and frees the queue. */
  commit(): void {
    for (const { target, value } of this.pending) {
      target.assign(value);
      value.dispose();
    }
    this.pending = [];
  }

  /** Frees every queued value without touching the variables. */
  discard(): void {
    for (const { value } of this.pending) value.dispose();
    this.pending = [];
  }
}

/** How a forward pass runs: training mode (batch statistics) or eval mode (moving statistics). */
export interface ForwardContext {
  training: boolean;
  /** Where training-mode batch norm queues its moving-statistic updates. */
  stats: MovingStatUpdates;
}
