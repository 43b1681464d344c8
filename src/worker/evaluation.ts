/**
 * The worker's evaluation of the run's representation: kNN and the linear probe
 * on h and z of every image (frozen, eval mode), on a held-out split seeded by
 * the run's seed, with a random-init encoder of the same config scored the same
 * way beside it. The baseline is computed once per dataset and model config and
 * cached as numbers (no tensors are kept).
 */
import { randomInitScores, scoreSession, unscorableReason, type RepresentationScores } from '../core/eval';
import type { TrainingSession } from '../core/train/session';
import type { PreparedDataset } from './dataset/prepare';
import { DEFAULT_EVALUATION, type EvaluationMessage, type EvaluationSettings } from './protocol';

export interface SettingIssue {
  field: string;
  message: string;
}

export class Evaluation {
  private current: EvaluationSettings = { ...DEFAULT_EVALUATION };
  private baseline?: { key: string; scores: RepresentationScores };

  get settings(): EvaluationSettings {
    return this.current;
  }

  /** Applies the valid part of `patch`; returns what was refused. */
  update(patch: Partial<EvaluationSettings>): SettingIssue[] {
    const issues: SettingIssue[] = [];
    const next = { ...this.current };
    const int = (field: keyof EvaluationSettings, min: number, max: number, what: string) => {
      const v = patch[field];
      if (v === undefined) return;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
        issues.push({ field: `evaluation.${field}`, message: `${what} must be a whole number from ${min} to ${max}, got ${String(v)}` });
      } else {
        next[field] = v;
      }
    };
    int('every', 0, 1_000_000, 'Evaluate every (steps)');
    int('k', 1, 1000, 'k (neighbours that vote)');
    int('probeEpochs', 1, 1000, 'Probe epochs');
    if (patch.temperature !== undefined) {
      const t = patch.temperature;
      if (typeof t !== 'number' || !(t >= 0.001 && t <= 100)) {
        issues.push({ field: 'evaluation.temperature', message: `The kNN temperature must be from 0.001 to 100, got ${String(t)}` });
      } else {
        next.temperature = t;
      }
    }
    this.current = next;
    return issues;
  }

  /** True when training should evaluate after the step that made `stepsDone`. */
  due(stepsDone: number): boolean {
    return this.current.every > 0 && stepsDone > 0 && stepsDone % this.current.every === 0;
  }

  /** Why the dataset cannot be scored (a sentence for the page), or undefined when it can. */
  static unscorable(dataset: PreparedDataset | undefined): string | undefined {
    const reason = unscorableReason(dataset?.labels);
    if (reason === undefined) return undefined;
    return `Cannot score the representation: ${reason}. kNN and the linear probe need labelled images: `
      + 'use a built-in dataset, or drop images in one folder per class (at least two classes).';
  }

  /**
   * Scores the session now, and the random-init baseline when its cache is stale.
   * The caller checks `unscorable` first.
   */
  async evaluate(session: TrainingSession, dataset: PreparedDataset): Promise<EvaluationMessage> {
    const labels = dataset.labels!;
    const options = { k: this.current.k, temperature: this.current.temperature, probeEpochs: this.current.probeEpochs };
    const config = session.config;
    const scores = await scoreSession(session, labels, dataset.classNames.length, config.seed, options);
    const key = JSON.stringify([
      dataset.images.id, config.encoder, config.head, config.imageSize, config.channels, config.seed, options,
    ]);
    if (this.baseline?.key !== key) {
      const base = await randomInitScores(config, { images: dataset.images, labels, classNames: dataset.classNames }, options);
      this.baseline = { key, scores: base };
    }
    const b = this.baseline.scores;
    return {
      type: 'evaluation',
      step: session.step,
      h: { ...scores.h },
      z: { ...scores.z },
      baseline: { h: { ...b.h }, z: { ...b.z } },
      tested: scores.tested,
      classNames: [...dataset.classNames],
    };
  }
}
