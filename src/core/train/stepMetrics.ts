/**
 * The numbers of one training step, as the worker streams them. The page
 * renumbers `step` to steps done (worker step + 1) on arrival; its charts,
 * `__simclr.losses()` and the metrics CSV use that numbering.
 */
export interface StepMetrics {
  /**
   * From the worker: index of the step, from 0 (the first step is 0; after it, `RunStateMessage.step`, a
   * count of steps done, is 1). In the page's store: steps done, from 1.
   */
  step: number;
  /** NT-Xent in nats (mean over 2N anchors). */
  loss: number;
  /** Fraction of anchors whose positive has the top logit. */
  accuracy: number;
  /** Mean row-softmax entropy, nats. */
  entropy: number;
  learningRate: number;
  /** Mean cosine similarity of positive pairs. */
  meanPositive: number;
  /** Mean cosine similarity of negative pairs. */
  meanNegative: number;
  /** Wall time of the step, ms. */
  msPerStep: number;
  /** Images (N per step, each seen as two views) per second of wall time. */
  imagesPerSecond: number;
}

