/**
 * A run's length in epochs: images seen (N per step) over the images its
 * batches were drawn from. The paper measures training length this way
 * (Figure 9: 100 to 800 epochs per batch size); at a fixed number of steps a
 * larger batch has seen proportionally more epochs. No tfjs: the page uses it.
 */

/** N x steps / trainImages, or undefined when the run does not say its batch size or image count. */
export function runEpochs(run: { batchSize?: number; steps: number; trainImages?: number }): number | undefined {
  if (run.batchSize === undefined || run.trainImages === undefined || !(run.trainImages > 0)) return undefined;
  return (run.batchSize * run.steps) / run.trainImages;
}
