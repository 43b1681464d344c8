/** Ablation plans: the page's default, how many runs each kind queues, and what a plan must satisfy. */
import { studyRunsPerSeed } from '../core/eval/studyPlans';
import { MIN_ABLATION_IMAGES, type AblationKind, type AblationPlan } from '../worker/protocol';

/** The augmentations Figure 5 pairs up (crop is always on), in the order of the heatmap's rows and columns. */
export const PAIR_OPS = ['colour jitter', 'colour drop', 'blur', 'rotation', 'cutout', 'noise', 'sobel'] as const;

/** How the heatmap writes an op (the keys are lower case; a filter named after a person keeps its capital). */
export function opLabel(op: string): string {
  return op === 'sobel' ? 'Sobel' : op;
}

/** Runs one seed of each kind queues. */
export const RUNS_PER_SEED: Record<AblationKind, number> = {
  // 7 single ops (the diagonal) and 21 pairs: the upper triangle with its diagonal.
  'augment-pairs': (PAIR_OPS.length * (PAIR_OPS.length + 1)) / 2,
  // s = 1/8, 1/4, 1/2, 1, and 1 + blur.
  'colour-strength': 5,
  // tau = 0.05, 0.1, 0.5, 1.0.
  temperature: 4,
  // none, linear, MLP.
  head: 3,
  // NT-Xent, NT-Logistic (with and without semi-hard mining), margin triplet (with and without).
  loss: studyRunsPerSeed('loss'),
  // Batch sizes x 3 lengths at the default largest N (256) and 200 steps; plannedRuns counts the plan's own.
  'batch-size': studyRunsPerSeed('batch-size'),
  // finetune / scratch at 1% and 10% of the labels (plus one SimCLR pre-training per seed).
  finetune: studyRunsPerSeed('finetune'),
};

export const DEFAULT_ABLATION_PLAN: AblationPlan = { kind: 'colour-strength', dataset: 'shapes', count: 1000, steps: 200, seeds: [0] };

/**
 * What the form allows. Images: from the worker's own floor (MIN_ABLATION_IMAGES;
 * the form used to ask for 100, a guess at "enough to score", which refused plans
 * the worker runs); the worker answers a set it cannot score with a sentence.
 */
export const ABLATION_LIMITS = { count: [MIN_ABLATION_IMAGES, 10_000], steps: [1, 5000], seeds: 5 } as const;

/** Runs the plan queues. */
export function plannedRuns(plan: AblationPlan): number {
  if (plan.kind === 'batch-size') return studyRunsPerSeed('batch-size', { maxBatchSize: plan.maxBatchSize, steps: plan.steps }) * plan.seeds.length;
  return RUNS_PER_SEED[plan.kind] * plan.seeds.length;
}

/** Sentences naming what is wrong with `plan`; empty when it can run. */
export function planIssues(plan: AblationPlan): string[] {
  const issues: string[] = [];
  const [cMin, cMax] = ABLATION_LIMITS.count;
  const [sMin, sMax] = ABLATION_LIMITS.steps;
  if (!Number.isInteger(plan.count) || plan.count < cMin || plan.count > cMax) issues.push(`Images must be a whole number from ${cMin} to ${cMax}.`);
  if (!Number.isInteger(plan.steps) || plan.steps < sMin || plan.steps > sMax) issues.push(`Steps per run must be a whole number from ${sMin} to ${sMax}.`);
  if (plan.seeds.length === 0) issues.push('Give at least one seed.');
  else if (plan.seeds.length > ABLATION_LIMITS.seeds) issues.push(`At most ${ABLATION_LIMITS.seeds} seeds.`);
  if (plan.seeds.some((s) => !Number.isInteger(s) || s < 0)) issues.push('Seeds must be whole numbers, 0 or more.');
  else if (new Set(plan.seeds).size !== plan.seeds.length) issues.push('Each seed only once.');
  return issues;
}

/** Seeds from text such as "0, 1, 2"; undefined when a part is not a whole number. */
export function parseSeeds(text: string): number[] | undefined {
  const parts = text.split(/[\s,]+/).filter((p) => p.length > 0);
  const seeds = parts.map(Number);
  return seeds.every((s) => Number.isInteger(s) && s >= 0) ? seeds : undefined;
}
