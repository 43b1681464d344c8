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
  ablationQueue, ablationSettings, randomInitScores, runAblationQueue, shortRun, shortRunConfig, PAIR_OPS,
} from '../../../src/core/eval';
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
});
