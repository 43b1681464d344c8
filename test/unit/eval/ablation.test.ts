/**
 * The ablation plans as queues of configs (Figure 5 pairs, Table 1 colour
 * strength, Table 5 temperature, Figure 8 heads), and the shared short run:
 * scores in [0, 1] on h and z, the same under a seed, nothing leaked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { AUGMENT_OP_NAMES } from '../../../src/core/config';
import { generateShapes } from '../../../src/core/data/shapes';
import {
  ablationQueue, ablationSettings, largestStudyBatch, labelledSplit, DEFAULT_EVAL, randomInitScores, runAblationQueue, runEpochs, shortRun, shortRunConfig, stepBytesPerImage,
  studyBatchSizes, studyLengths, studyOptimizer, studyRunsPerSeed, PAIR_OPS,
} from '../../../src/core/eval';
import { scaledLearningRate } from '../../../src/core/train';
import { hitRate } from '../../../src/core/eval/hits';
import { tinyConfig } from '../model/tinyConfig';

const base = tinyConfig({ augment: { rotate: { enabled: true }, flip: { enabled: true } }, optimizer: { warmupSteps: 50, totalSteps: 2000 } });
const enabled = (c: typeof base) => AUGMENT_OP_NAMES.filter((op) => c.augment[op].enabled);

describe('ablation plans', () => {
  it('augment-pairs: crop always on, every unordered pair of the seven ops with the op alone on the diagonal', () => {
    const s = ablationSettings('augment-pairs', base);
    expect(s.length).toBe(28);
    expect(new Set(s.map((x) => x.setting)).size).toBe(28);
    expect(s[0]).toMatchObject({ setting: 'crop + colour jitter', pair: ['colour jitter', 'colour jitter'] });
    expect(s[1]).toMatchObject({ setting: 'crop + colour jitter + colour drop', pair: ['colour jitter', 'colour drop'] });
    const blurRotation = s.find((x) => x.setting === 'crop + blur + rotation')!;
    expect(enabled(blurRotation.config)).toEqual(['crop', 'flip', 'blur', 'rotate']);
    for (const x of s) {
      expect(x.config.augment.crop.enabled).toBe(true);
      const ops = PAIR_OPS.filter((p) => x.config.augment[p.op].enabled).map((p) => p.name);
      expect(ops).toEqual(x.pair![0] === x.pair![1] ? [x.pair![0]] : x.pair);
      // nothing else of the base changes
      expect({ ...x.config, augment: undefined }).toEqual({ ...base, augment: undefined });
    }
  });

  it('colour-strength: s = 1/8 .. 1 with jitter and drop on, then 1 + blur', () => {
    const s = ablationSettings('colour-strength', base);
    expect(s.map((x) => x.setting)).toEqual(['s = 0.125', 's = 0.25', 's = 0.5', 's = 1', 's = 1 + blur']);
    expect(s.map((x) => x.config.augment.colorJitter.strength)).toEqual([0.125, 0.25, 0.5, 1, 1]);
    expect(enabled(s[2]!.config)).toEqual(['crop', 'flip', 'colorJitter', 'colorDrop']);
    expect(enabled(s[4]!.config)).toEqual(['crop', 'flip', 'colorJitter', 'colorDrop', 'blur']);
  });

  it('temperature and head change only what they name', () => {
    const t = ablationSettings('temperature', base);
    expect(t.map((x) => [x.setting, x.config.loss.temperature])).toEqual([['tau = 0.05', 0.05], ['tau = 0.1', 0.1], ['tau = 0.5', 0.5], ['tau = 1', 1]]);
    expect(t[0]!.config.augment).toEqual(base.augment);
    const h = ablationSettings('head', base);
    expect(h.map((x) => [x.setting, x.config.head.kind])).toEqual([['head none', 'none'], ['head linear', 'linear'], ['head mlp', 'mlp']]);
    expect(h[2]!.config.head).toEqual(base.head);
  });

  it('loss (Table 4): NT-Xent, then NT-Logistic and margin triplet without and with semi-hard mining; nothing else changes', () => {
    const s = ablationSettings('loss', base);
    expect(s.map((x) => [x.setting, x.config.loss.kind, x.config.loss.semiHard])).toEqual([
      ['NT-Xent', 'nt-xent', false], ['NT-Logistic', 'nt-logistic', false], ['NT-Logistic (sh)', 'nt-logistic', true],
      ['Margin triplet', 'margin-triplet', false], ['Margin triplet (sh)', 'margin-triplet', true],
    ]);
    for (const x of s) {
      expect(x.config.loss).toMatchObject({ temperature: base.loss.temperature, normalize: base.loss.normalize, margin: base.loss.margin });
      expect({ ...x.config, loss: undefined }).toEqual({ ...base, loss: undefined });
    }
    expect(studyRunsPerSeed('loss')).toBe(s.length);
  });

  it('batch-size (Figure 9): N from 8 in powers of two x a quarter, half and all of the steps, rate scaled from the base\'s', () => {
    const adam = tinyConfig({ batchSize: 32, optimizer: { learningRate: 1e-3, lrScaling: 'none' } });
    const s = ablationSettings('batch-size', adam, { maxBatchSize: 64, lrScaling: 'sqrt', steps: 200 });
    expect(s.map((x) => x.setting)).toEqual([
      'N = 8, 50 steps', 'N = 8, 100 steps', 'N = 8, 200 steps', 'N = 16, 50 steps', 'N = 16, 100 steps', 'N = 16, 200 steps',
      'N = 32, 50 steps', 'N = 32, 100 steps', 'N = 32, 200 steps', 'N = 64, 50 steps', 'N = 64, 100 steps', 'N = 64, 200 steps',
    ]);
    expect(s.map((x) => x.batchSize)).toEqual([8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64]);
    // At the base's own N the rate is the base's; elsewhere it scales by sqrt(N / 32) (or N / 32 when linear).
    const rate = (x: (typeof s)[number]) => scaledLearningRate(x.config.optimizer, x.config.batchSize);
    expect(rate(s[6]!)).toBeCloseTo(1e-3, 12);
    expect(rate(s[0]!)).toBeCloseTo(1e-3 * Math.sqrt(8 / 32), 12);
    expect(rate(s[9]!)).toBeCloseTo(1e-3 * Math.sqrt(2), 12);
    const linear = ablationSettings('batch-size', adam, { maxBatchSize: 64, lrScaling: 'linear', steps: 200 });
    expect(scaledLearningRate(linear[0]!.config.optimizer, 8)).toBeCloseTo(1e-3 / 4, 12);
    expect(studyOptimizer(adam, 64, 'linear').peak).toBeCloseTo(2e-3, 12);
    // Each run keeps its own length and a schedule fitted to it.
    const q = ablationQueue('batch-size', adam, [1], 200, { maxBatchSize: 16 });
    expect(q.map((r) => [r.batchSize, r.steps, r.config.optimizer.totalSteps, r.config.seed])).toEqual([
      [8, 50, 50, 1], [8, 100, 100, 1], [8, 200, 200, 1], [16, 50, 50, 1], [16, 100, 100, 1], [16, 200, 200, 1],
    ]);
    expect(studyRunsPerSeed('batch-size', { maxBatchSize: 16, steps: 200 })).toBe(6);
    expect(studyBatchSizes(100)).toEqual([8, 16, 32, 64]);
    expect(studyLengths(3)).toEqual([1, 2, 3]);
  });

  it('the largest batch: power of two from 8, capped by the memory estimate, the images and the cap', () => {
    const c = tinyConfig({ imageSize: 32, encoder: { kind: 'bench-cnn', width: 32 } });
    expect(largestStudyBatch(c, 10_000, 256)).toBe(256);
    expect(largestStudyBatch(c, 100, 256)).toBe(64);
    expect(largestStudyBatch(c, 10_000, 100)).toBe(64);
    expect(largestStudyBatch(c, 4, 256)).toBe(8);
    const perImage = stepBytesPerImage(c.encoder, 32);
    expect(largestStudyBatch(c, 10_000, 1024, 40 * perImage)).toBe(32);
    // A ResNet-18 costs more per image than bench-cnn at the same width and size.
    expect(stepBytesPerImage({ kind: 'resnet', width: 32, depth: 18 }, 32)).toBeGreaterThan(perImage);
  });

  it('finetune (Table 7): finetune and scratch at 1% and 10%', () => {
    const s = ablationSettings('finetune', base);
    expect(s.map((x) => [x.setting, x.finetune])).toEqual([
      ['finetune-1pct', { fraction: 0.01, init: 'simclr' }], ['scratch-1pct', { fraction: 0.01, init: 'scratch' }],
      ['finetune-10pct', { fraction: 0.1, init: 'simclr' }], ['scratch-10pct', { fraction: 0.1, init: 'scratch' }],
    ]);
    expect(studyRunsPerSeed('finetune')).toBe(4);
  });

  it('a queue goes seed by seed, each run with its seed and a schedule fitted to the budget', () => {
    const q = ablationQueue('temperature', base, [3, 4], 200);
    expect(q.map((r) => `${r.setting}/${r.seed}`)).toEqual([
      'tau = 0.05/3', 'tau = 0.1/3', 'tau = 0.5/3', 'tau = 1/3', 'tau = 0.05/4', 'tau = 0.1/4', 'tau = 0.5/4', 'tau = 1/4',
    ]);
    expect(q[5]!.config.seed).toBe(4);
    expect(q[5]!.config.optimizer).toMatchObject({ totalSteps: 200, warmupSteps: 20 });
    expect(shortRunConfig(base, 10, 1).optimizer).toMatchObject({ totalSteps: 10, warmupSteps: 1 });
  });
});

describe('shortRun', () => {
  let data: ReturnType<typeof generateShapes>;
  beforeAll(() => { data = generateShapes({ count: 24, size: 8, channels: 3, seed: 2 }); });
  afterAll(() => data.images.dispose());
  const config = tinyConfig({ encoder: { width: 2 }, head: { hiddenDim: 4, outDim: 4 } });
  const fast = { probeEpochs: 3, k: 5 };

  it('trains, scores h and z in [0, 1], repeats under a seed, and leaks no tensor', async () => {
    const before = tf.memory().numTensors;
    const a = (await shortRun(config, data, 3, fast))!;
    expect(tf.memory().numTensors).toBe(before);
    expect(a.steps).toBe(3);
    expect(Number.isFinite(a.finalLoss)).toBe(true);
    for (const s of [a.h.knn, a.h.probe, a.z.knn, a.z.probe]) {
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
    expect(a.tested).toBe(6); // 6 shapes x 4 images: one of each held out
    expect(a.images).toBe(24); // batches drawn from all 24 (the labels are only for scoring)
    const b = (await shortRun(config, data, 3, fast))!;
    expect([b.h, b.z, b.finalLoss]).toEqual([a.h, a.z, a.finalLoss]);
  });

  it('stops between steps when asked, and the random-init baseline scores untrained weights', async () => {
    let steps = 0;
    const before = tf.memory().numTensors;
    const stopped = await shortRun(config, data, 10, fast, {
      guard: async (section) => { steps++; return section(); },
      stopped: () => steps >= 2,
    });
    expect(stopped).toBeUndefined();
    expect(steps).toBe(2);
    const zero = (await shortRun(config, data, 0, fast))!;
    const baseline = await randomInitScores(config, data, fast);
    expect(baseline.h).toEqual(zero.h);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs a queue in order, reporting before and after each run', async () => {
    const events: string[] = [];
    const queue = ablationQueue('head', config, [0], 2);
    const { rows, cancelled } = await runAblationQueue(queue, data, {
      kind: 'head', dataset: 'shapes', steps: 2, evaluation: fast,
      onStart: (done, total, run) => events.push(`start ${done}/${total} ${run.setting}`),
      onResult: (row, done) => events.push(`done ${done} ${row.setting}`),
    });
    expect(cancelled).toBe(false);
    expect(events).toEqual(['start 0/3 head none', 'done 1 head none', 'start 1/3 head linear', 'done 2 head linear', 'start 2/3 head mlp', 'done 3 head mlp']);
    expect(rows.map((r) => [r.kind, r.dataset, r.seed, r.steps])).toEqual([['head', 'shapes', 0, 2], ['head', 'shapes', 0, 2], ['head', 'shapes', 0, 2]]);
  });

  it('runs a batch-size queue with each run\'s own length and N, and a loss queue with every loss', async () => {
    const before = tf.memory().numTensors;
    const q = ablationQueue('batch-size', config, [0], 4, { maxBatchSize: 16 });
    const { rows } = await runAblationQueue(q, data, { kind: 'batch-size', dataset: 'shapes', steps: 4, evaluation: fast });
    expect(rows.map((r) => [r.batchSize, r.steps])).toEqual([[8, 1], [8, 2], [8, 4], [16, 1], [16, 2], [16, 4]]);
    for (const r of rows) expect(r.learningRate).toBeGreaterThan(0);
    // Each row says how many images its batches came from, so its length in epochs is known.
    expect(rows.map((r) => runEpochs(r))).toEqual([8 / data.images.shape[0], 16 / data.images.shape[0], 32 / data.images.shape[0], 16 / data.images.shape[0], 32 / data.images.shape[0], 64 / data.images.shape[0]]);
    // And how many held-out images scored it: the split's test part, for the page's sampling margins.
    const heldOut = labelledSplit(data.labels, DEFAULT_EVAL.testFraction, 0).test.length;
    expect(heldOut).toBeGreaterThan(0);
    expect(rows.map((r) => r.tested)).toEqual(rows.map(() => heldOut));
    // And which of those images kNN on h got right: as many as its score says.
    for (const r of rows) {
      expect(r.hits).toMatch(new RegExp(`^[01]{${heldOut}}$`));
      expect(hitRate(r.hits!)).toBeCloseTo(r.h.knn, 12);
    }
    const lossRows = (await runAblationQueue(ablationQueue('loss', config, [0], 2), data, { kind: 'loss', dataset: 'shapes', steps: 2, evaluation: fast })).rows;
    expect(lossRows.map((r) => r.setting)).toEqual(['NT-Xent', 'NT-Logistic', 'NT-Logistic (sh)', 'Margin triplet', 'Margin triplet (sh)']);
    for (const r of lossRows) expect(Number.isFinite(r.finalLoss)).toBe(true);
    // Different losses give different training losses on the same batches.
    expect(new Set(lossRows.map((r) => r.finalLoss.toFixed(5))).size).toBeGreaterThan(2);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs a finetune queue: one pre-training per seed, rows with accuracy and labelled counts', async () => {
    const before = tf.memory().numTensors;
    const events: string[] = [];
    const q = ablationQueue('finetune', config, [0], 2);
    const { rows } = await runAblationQueue(q, data, {
      kind: 'finetune', dataset: 'shapes', steps: 2, finetune: { steps: 2, batchSize: 8 },
      onStart: (done, total, run) => events.push(`${done}/${total} ${run.setting}`),
    });
    expect(events).toEqual(['0/4 finetune-1pct', '1/4 scratch-1pct', '2/4 finetune-10pct', '3/4 scratch-10pct']);
    expect(rows.map((r) => r.setting)).toEqual(['finetune-1pct', 'scratch-1pct', 'finetune-10pct', 'scratch-10pct']);
    for (const r of rows) {
      expect(r.accuracy).toBeGreaterThanOrEqual(0);
      expect(r.accuracy).toBeLessThanOrEqual(1);
      expect(r.finetuneSteps).toBe(2);
      expect(r.labelled).toBe(6); // 6 classes, 3 training images each: round(3 x 1%) and round(3 x 10%) are both below 1, so 1 per class
    }
    expect(rows[0]!.steps).toBe(2);
    expect(rows[1]!.steps).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the worker\'s check of the new plan fields', () => {
  const plan = { kind: 'batch-size' as const, dataset: 'shapes' as const, count: 200, steps: 100, seeds: [0] };

  it('accepts the new kinds and refuses bad study fields, naming them', async () => {
    const { AblationRunner } = await import('../../../src/worker/ablation');
    for (const kind of ['loss', 'batch-size', 'finetune'] as const) expect(() => AblationRunner.check({ ...plan, kind })).not.toThrow();
    const field = (p: object) => {
      try {
        AblationRunner.check(p as typeof plan);
        return undefined;
      } catch (err) {
        return (err as { field?: string }).field;
      }
    };
    expect(field({ ...plan, maxBatchSize: 4 })).toBe('plan.maxBatchSize');
    expect(field({ ...plan, maxBatchSize: 24.5 })).toBe('plan.maxBatchSize');
    expect(field({ ...plan, lrScaling: 'cubic' })).toBe('plan.lrScaling');
    expect(field({ ...plan, kind: 'finetune', finetuneSteps: 0 })).toBe('plan.finetuneSteps');
    expect(field({ ...plan, kind: 'nope' })).toBe('plan.kind');
  });

  it('lowers the largest N to what the images allow, and defaults to square-root scaling', async () => {
    const { AblationRunner } = await import('../../../src/worker/ablation');
    const c = tinyConfig({ imageSize: 32, encoder: { kind: 'bench-cnn', width: 32 } });
    expect(AblationRunner.options({ ...plan, maxBatchSize: 512 }, c, 200)).toEqual({ maxBatchSize: 128, lrScaling: 'sqrt' });
    expect(AblationRunner.options({ ...plan, lrScaling: 'linear' }, c, 5000)).toEqual({ maxBatchSize: 256, lrScaling: 'linear' });
  });
});
