/**
 * The worker's own record of the run for saving: every step's metrics (at most
 * HISTORY_LIMIT, as the page keeps) and every evaluation, cleared when the run
 * restarts. It lives in the worker so a save holds metrics and weights of the
 * same step without asking the page.
 */
import type { StepMetrics } from '../../core/train/stepMetrics';
import type { SavedEvaluation } from './runFile';

/** Most steps kept (the page's metricsLog keeps as many). */
export const HISTORY_LIMIT = 200_000;
/** Most evaluations kept (the page keeps as many). */
export const EVALUATION_LIMIT = 500;

export class RunHistory {
  private steps: StepMetrics[] = [];
  private evals: SavedEvaluation[] = [];

  push(metrics: StepMetrics): void {
    this.steps.push(metrics);
    // Drop in chunks, so pushing stays amortised O(1).
    if (this.steps.length > HISTORY_LIMIT * 1.1) this.steps = this.steps.slice(this.steps.length - HISTORY_LIMIT);
  }

  pushEvaluation(evaluation: SavedEvaluation): void {
    this.evals.push(evaluation);
    if (this.evals.length > EVALUATION_LIMIT) this.evals.shift();
  }

  /** Copies, oldest first. */
  metrics(): StepMetrics[] {
    return this.steps.length > HISTORY_LIMIT ? this.steps.slice(this.steps.length - HISTORY_LIMIT) : this.steps.slice();
  }

  evaluations(): SavedEvaluation[] {
    return this.evals.slice();
  }

  replace(metrics: StepMetrics[], evaluations: SavedEvaluation[]): void {
    this.steps = metrics.slice();
    this.evals = evaluations.slice();
  }

  clear(): void {
    this.steps = [];
    this.evals = [];
  }
}
