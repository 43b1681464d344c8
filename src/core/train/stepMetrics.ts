/** The numbers of one training step, as the worker streams them and the exports write them. */
export interface StepMetrics {
  /** Index of the step, from 0 (the first step is 0; after it, `RunStateMessage.step`, a count of steps done, is 1). */
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

