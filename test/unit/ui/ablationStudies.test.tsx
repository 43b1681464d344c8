// @vitest-environment happy-dom
/**
 * The loss, batch-size and fine-tuning studies on the page: the form's extra
 * fields and the plan they send, the Figure 9 chart and the Table 7 table from
 * rows, the paper's numbers beside them, and the Model panel's loss selector.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AblationPanel } from '../../../src/ui/ablation/AblationPanel';
import { paperFor } from '../../../src/ui/ablation/paper';
import { batchCurves, batchGaps, finetuneCells, stepsToReach, studyCsv } from '../../../src/ui/ablation/studyData';
import { gapSentence } from '../../../src/ui/ablation/BatchSizeChart';
import { LossFields } from '../../../src/ui/model/LossFields';
import { batchHint, lossDescription } from '../../../src/ui/model/modelText';
import type { AblationRow } from '../../../src/worker/protocol';
import { change, click, renderWithStore } from './render';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function batchRow(n: number, steps: number, knn: number, seed = 0, trainImages: number | undefined = 800, tested?: number): AblationRow {
  return {
    kind: 'batch-size', setting: `N = ${n}, ${steps} steps`, dataset: 'shapes', seed, steps, batchSize: n, learningRate: 1e-3,
    h: { knn, probe: knn }, z: { knn, probe: knn }, finalLoss: 2, seconds: 1, ...(trainImages !== undefined ? { trainImages } : {}),
    ...(tested !== undefined ? { tested } : {}),
  };
}

function finetuneRow(setting: string, accuracy: number, seed = 0, tested?: number): AblationRow {
  return {
    kind: 'finetune', setting, dataset: 'fashion-mnist', seed, steps: setting.startsWith('finetune') ? 300 : 0,
    h: { knn: NaN, probe: NaN }, z: { knn: NaN, probe: NaN }, finalLoss: 3, seconds: 10, accuracy, labelled: 20, finetuneSteps: 200,
    ...(tested !== undefined ? { tested } : {}),
  };
}

describe('the paper\'s numbers for the new studies', () => {
  it('Table 4 per loss (with and without semi-hard mining) and Table 7 per share of labels', () => {
    expect(paperFor('loss', 'NT-Xent')).toBe('63.9%');
    expect(paperFor('loss', 'NT-Logistic')).toBe('51.6%');
    expect(paperFor('loss', 'NT-Logistic (sh)')).toBe('57.9%');
    expect(paperFor('loss', 'Margin triplet')).toBe('50.9%');
    expect(paperFor('loss', 'Margin triplet (sh)')).toBe('57.5%');
    expect(paperFor('finetune', 'finetune-1pct')).toMatch(/^48.3%/);
    expect(paperFor('finetune', 'scratch-1pct')).toMatch(/^25.4%/);
    expect(paperFor('finetune', 'finetune-10pct')).toMatch(/^65.6%/);
    expect(paperFor('finetune', 'scratch-10pct')).toMatch(/^56.4%/);
    expect(paperFor('batch-size', 'N = 8, 50 steps')).toBeUndefined();
  });
});

describe('study data', () => {
  it('groups batch-size rows into one curve per N with seeds averaged, and finds the steps to reach an accuracy', () => {
    const rows = [batchRow(16, 100, 0.6), batchRow(8, 50, 0.3), batchRow(8, 100, 0.5), batchRow(16, 50, 0.5), batchRow(8, 50, 0.4, 1)];
    const curves = batchCurves(rows);
    expect(curves.map((c) => c.batchSize)).toEqual([8, 16]);
    expect(curves[0]!.points.map((p) => [p.steps, Number(p.knn.mean.toFixed(6)), p.knn.n])).toEqual([[50, 0.35, 2], [100, 0.5, 1]]);
    // 8 x 100 / 800 images = 1 epoch; 16 x 50 / 800 = 1 epoch.
    expect(stepsToReach(curves, 0.5)).toEqual([{ batchSize: 8, steps: 100, epochs: 1 }, { batchSize: 16, steps: 50, epochs: 1 }]);
    expect(stepsToReach(curves, 0.9)).toEqual([{ batchSize: 8, steps: null, epochs: undefined }, { batchSize: 16, steps: null, epochs: undefined }]);
  });

  it('measures the largest N\'s lead over the smallest at each length both ran, and says whether it narrowed', () => {
    const rows = [batchRow(8, 50, 0.3), batchRow(8, 100, 0.5), batchRow(8, 200, 0.6), batchRow(16, 50, 0.4), batchRow(32, 50, 0.5), batchRow(32, 100, 0.6), batchRow(32, 200, 0.65)];
    const curves = batchCurves(rows);
    expect(batchGaps(curves).map((g) => [g.steps, Number(g.gap.toFixed(6))])).toEqual([[50, 0.2], [100, 0.1], [200, 0.05]]);
    expect(gapSentence(curves)).toBe('N = 32 over N = 8: +20.0 points at 50 steps, +10.0 at 100, +5.0 at 200: the gap narrowed by 15.0 points.');
    const widening = batchCurves([batchRow(8, 50, 0.5), batchRow(8, 100, 0.5), batchRow(64, 50, 0.55), batchRow(64, 100, 0.6)]);
    expect(gapSentence(widening)).toBe('N = 64 over N = 8: +5.0 points at 50 steps, +10.0 at 100: the gap widened by 5.0 points.');
    expect(gapSentence(batchCurves([batchRow(8, 50, 0.5)]))).toBe('');
  });

  it('gives each lead and its change the margin that sampling the held-out images alone allows, and says when a change is inside it', () => {
    // Rows that say they scored 200 held-out images: the lead at 50 steps, 0.5 - 0.3, is uncertain by
    // 1.96 sqrt((0.5 x 0.5 + 0.3 x 0.7) / 200) = 9.4 points; its change, over four accuracies, by 13.3.
    const row = (n: number, steps: number, knn: number) => batchRow(n, steps, knn, 0, 800, 200);
    const narrowing = batchCurves([row(8, 50, 0.3), row(8, 200, 0.6), row(32, 50, 0.5), row(32, 200, 0.65)]);
    expect(batchGaps(narrowing).map((g) => Number((g.margin * 100).toFixed(1)))).toEqual([9.4, 9.5]);
    expect(gapSentence(narrowing)).toBe(
      'N = 32 over N = 8: +20.0 ± 9.4 points at 50 steps, +5.0 ± 9.5 at 200: the gap narrowed by 15.0 points, '
      + 'more than the ±13.3 that sampling 200 held-out images alone can give (95%).',
    );
    const slight = batchCurves([row(8, 50, 0.6), row(8, 200, 0.62), row(32, 50, 0.66), row(32, 200, 0.7)]);
    expect(gapSentence(slight)).toMatch(/: the gap widened by 2\.0 points, within the ±13\.\d that sampling 200 held-out images alone can give \(95%\), so at this size it may be noise\.$/);
    // Two seeds per point halve the variance of each mean: the margin shrinks by sqrt(2).
    const twoSeeds = batchCurves([row(8, 50, 0.3), batchRow(8, 50, 0.3, 1, 800, 200), row(32, 50, 0.5), batchRow(32, 50, 0.5, 1, 800, 200)]);
    expect(batchGaps(twoSeeds)[0]!.margin).toBeCloseTo(batchGaps(narrowing)[0]!.margin / Math.SQRT2, 10);
    // Rows that also say which images they got right are paired image by image (same dataset and seed, so the same
    // split). Here every image N = 8 gets right, N = 32 gets too: the leads are far surer than the unpaired ±9.4.
    const first = (n: number) => Array.from({ length: 200 }, (_, j) => (j < n ? '1' : '0')).join('');
    const hit = (n: number, steps: number, right: number) => ({ ...row(n, steps, right / 200), hits: first(right) });
    const paired = batchCurves([hit(8, 50, 60), hit(8, 200, 120), hit(32, 50, 100), hit(32, 200, 130)]);
    // d_j = +1 on the 40 images only N = 32 gets at 50 steps: 1.96 sqrt((40/200 - 0.2^2) / 200) = 5.5 points.
    expect(gapSentence(paired)).toBe(
      'N = 32 over N = 8: +20.0 ± 5.5 points at 50 steps, +5.0 ± 3.0 at 200: the gap narrowed by 15.0 points, '
      + 'more than the ±6.6 that sampling 200 held-out images alone can give (95%).',
    );
    // One row without its count: no margins at all rather than wrong ones.
    expect(gapSentence(batchCurves([row(8, 50, 0.3), batchRow(8, 200, 0.6), row(32, 50, 0.5), row(32, 200, 0.65)])))
      .toBe('N = 32 over N = 8: +20.0 ± 9.4 points at 50 steps, +5.0 at 200: the gap narrowed by 15.0 points.');
  });

  it('writes the studies\' CSV with N, rate, accuracy and labels (empty where a row has none)', () => {
    const lines = studyCsv([batchRow(8, 50, 0.3), finetuneRow('finetune-1pct', 0.6, 0, 400)]).trimEnd().split('\n');
    expect(lines[0]).toBe('kind,setting,dataset,seed,steps,knn_h,probe_h,knn_z,probe_z,final_loss,seconds,batch_size,learning_rate,epochs,accuracy,labelled,finetune_steps,tested');
    expect(lines[1]).toBe('batch-size,"N = 8, 50 steps",shapes,0,50,0.3,0.3,0.3,0.3,2,1,8,0.001,0.5,,,,');
    expect(lines[2]).toBe('finetune,finetune-1pct,fashion-mnist,0,300,,,,,3,10,,,,0.6,20,200,400');
  });

  it('pairs fine-tuned and scratch accuracy per share of labels', () => {
    const cells = finetuneCells([finetuneRow('finetune-1pct', 0.6), finetuneRow('scratch-1pct', 0.4), finetuneRow('finetune-10pct', 0.8), finetuneRow('scratch-10pct', 0.7), finetuneRow('finetune-1pct', 0.7, 1)]);
    expect(cells.map((c) => [c.fraction, Number(c.finetune.mean.toFixed(6)), c.scratch.mean])).toEqual([[0.01, 0.65, 0.4], [0.1, 0.8, 0.7]]);
    // Seed 1 has no scratch run at 1%, so only seed 0 has a gain there.
    expect(cells.map((c) => c.gains.map((g) => [g.seed, Number(g.gain.toFixed(6))]))).toEqual([[[0, 0.2]], [[0, 0.1]]]);
    // Rows without their held-out count have no margin.
    expect(cells.map((c) => c.gainMargin)).toEqual([NaN, NaN]);
    // 62% against 41% on 1000 held-out images each: 1.96 sqrt((0.62 x 0.38 + 0.41 x 0.59) / 1000) = 4.3 points.
    const [measured] = finetuneCells([finetuneRow('finetune-1pct', 0.62, 0, 1000), finetuneRow('scratch-1pct', 0.41, 0, 1000)]);
    expect(measured!.gainMargin).toBeCloseTo(0.0428, 4);
    // With the images each got right, the two arms of a seed pair (same split): the scratch network's 410 hits are
    // among the fine-tuned one's 620, so d_j = +1 on 210 images: 1.96 sqrt((0.21 - 0.21^2) / 1000) = 2.5 points.
    const first = (n: number) => Array.from({ length: 1000 }, (_, j) => (j < n ? '1' : '0')).join('');
    const [paired] = finetuneCells([
      { ...finetuneRow('finetune-1pct', 0.62, 0, 1000), hits: first(620) }, { ...finetuneRow('scratch-1pct', 0.41, 0, 1000), hits: first(410) },
    ]);
    expect(paired!.gainMargin).toBeCloseTo(1.959964 * Math.sqrt((0.21 - 0.21 ** 2) / 1000), 10);
  });
});

describe('AblationPanel with the new studies', () => {
  it('batch-size: asks for the largest N and the scaling, sends them, and plots accuracy against steps', () => {
    const r = renderWithStore(<AblationPanel />, { ready: true });
    cleanup = r.unmount;
    change(r.get('ablation-kind') as HTMLSelectElement, 'batch-size');
    change(r.get('ablation-max-batch') as HTMLSelectElement, '32');
    change(r.get('ablation-lr-scaling') as HTMLSelectElement, 'linear');
    // N = 8, 16, 32 at 50, 100 and 200 steps.
    expect(r.get('ablation-plan-summary').textContent).toMatch(/^9 runs of up to 200 steps/);
    click(r.get('ablation-run'));
    expect(r.port.take()).toEqual([{ type: 'runAblation', plan: { kind: 'batch-size', dataset: 'shapes', count: 1000, steps: 200, seeds: [0], maxBatchSize: 32, lrScaling: 'linear' } }]);
    r.act(() => {
      for (const row of [batchRow(8, 50, 0.3), batchRow(8, 100, 0.5), batchRow(32, 50, 0.5), batchRow(32, 100, 0.7)]) {
        r.store.getState().receive({ type: 'ablationResult', row });
      }
    });
    expect(r.all('batch-curve').map((g) => g.getAttribute('data-batch'))).toEqual(['8', '32']);
    expect(r.all('batch-curve')[1]!.querySelectorAll('circle').length).toBe(2);
    // Best 70%: the 63% target is reached by N = 32 at 100 steps, never by N = 8.
    expect(r.get('batch-reach').textContent).toMatch(/^To reach 63% kNN \(90% of the best score\): N = 32 took 100 steps \(4 epochs\); N = 8 never did\./);
    expect(r.get('batch-gap').textContent).toBe('N = 32 over N = 8: +20.0 points at 50 steps, +20.0 at 100: the gap held.');
    // In steps, the x ticks are the lengths run; in epochs (N x steps / 800 images), N = 32 lies four times further out.
    const ticks = () => r.all('batch-x-tick').map((t) => t.textContent);
    const xs = (n: number) => [...r.all('batch-curve').find((g) => g.getAttribute('data-batch') === String(n))!.querySelectorAll('circle')].map((c) => Number(c.getAttribute('cx')));
    expect(ticks()).toEqual(['50', '100']);
    expect(xs(8)).toEqual(xs(32));
    click(r.get('batch-length-epochs'));
    expect(ticks()).toEqual(['0', '1', '2', '3', '4']);
    const [a, b] = xs(8);
    const [c, d] = xs(32);
    expect((d! - 44) / (b! - 44)).toBeCloseTo(4, 6);
    expect((c! - 44) / (a! - 44)).toBeCloseTo(4, 6);
    expect(r.get('batch-size-chart').querySelector('svg')!.getAttribute('aria-label')).toMatch(/against epochs/);
    expect(r.get('ablation-paper').textContent).toMatch(/Figure 9 and Table B.1/);
    expect(r.get('ablation-table').textContent).toContain('N = 32, 100 steps');
  });

  it('finetune: asks for fine-tuning steps and shows accuracy from SimCLR and from scratch beside Table 7', () => {
    const r = renderWithStore(<AblationPanel />, { ready: true });
    cleanup = r.unmount;
    change(r.get('ablation-kind') as HTMLSelectElement, 'finetune');
    const box = r.get('ablation-finetune-steps').querySelector<HTMLInputElement>('input[type="text"]')!;
    r.act(() => box.focus());
    change(box, '150');
    r.act(() => box.blur());
    expect(r.get('ablation-plan-summary').textContent).toBe('1 SimCLR pre-training of 200 steps, then 4 classifier runs.');
    click(r.get('ablation-run'));
    expect(r.port.take()).toEqual([{ type: 'runAblation', plan: { kind: 'finetune', dataset: 'shapes', count: 1000, steps: 200, seeds: [0], finetuneSteps: 150 } }]);
    r.act(() => {
      for (const row of [finetuneRow('finetune-1pct', 0.62), finetuneRow('scratch-1pct', 0.41)]) r.store.getState().receive({ type: 'ablationResult', row });
    });
    const row = r.all('finetune-row')[0]!;
    expect(row.getAttribute('data-pct')).toBe('1');
    expect(row.textContent).toContain('62.0%');
    expect(row.textContent).toContain('41.0%');
    expect(row.textContent).toContain('+21.0 points');
    expect(row.textContent).toContain('48.3% / 25.4%');
    expect(row.textContent).not.toContain('per seed');
    expect(r.get('ablation-paper').textContent).toMatch(/Table 7/);
    // A second seed: the gain is the mean's, and each seed's own is listed.
    r.act(() => {
      for (const row of [finetuneRow('scratch-1pct', 0.5, 1), finetuneRow('finetune-1pct', 0.48, 1)]) r.store.getState().receive({ type: 'ablationResult', row });
    });
    expect(r.all('finetune-row')[0]!.textContent).toContain('+9.5 points (per seed: +21.0, −2.0)');
    expect(r.get('finetune-table').querySelector('caption')!.textContent).not.toMatch(/held-out/);
  });

  it('finetune: rows that say their held-out count give each gain its sampling margin, explained in the caption', () => {
    const r = renderWithStore(<AblationPanel />, { ready: true });
    cleanup = r.unmount;
    r.act(() => {
      for (const row of [finetuneRow('finetune-1pct', 0.62, 0, 1000), finetuneRow('scratch-1pct', 0.41, 0, 1000)]) {
        r.store.getState().receive({ type: 'ablationResult', row });
      }
    });
    expect(r.all('finetune-row')[0]!.textContent).toContain('+21.0 ± 4.3 points');
    expect(r.get('finetune-table').querySelector('caption')!.textContent)
      .toMatch(/a gain's ± is what sampling 1000 held-out images alone can give \(95%\): a gain inside it may be noise/);
  });

  it('loss: a table with the paper\'s Table 4 column', () => {
    const r = renderWithStore(<AblationPanel />, { ready: true });
    cleanup = r.unmount;
    change(r.get('ablation-kind') as HTMLSelectElement, 'loss');
    expect(r.get('ablation-plan-summary').textContent).toBe('5 runs of 200 steps each.');
    r.act(() => {
      for (const [setting, knn] of [['NT-Xent', 0.7], ['Margin triplet (sh)', 0.5]] as const) {
        r.store.getState().receive({ type: 'ablationResult', row: { ...batchRow(8, 200, knn), kind: 'loss', setting, batchSize: undefined } });
      }
    });
    const text = r.get('ablation-table').textContent!;
    expect(text).toContain('Paper (Table 4, ImageNet top-1)');
    expect(text).toContain('63.9%');
    expect(text).toContain('57.5%');
    // Rows without their held-out count: the lead, but no margin.
    expect(r.get('ablation-lead').textContent).toBe('NT-Xent leads Margin triplet (sh) by +20.0 points of kNN on h.');
  });

  it('loss: says whether the winner leads the runner-up by more than held-out sampling alone can give', () => {
    const r = renderWithStore(<AblationPanel />, { ready: true });
    cleanup = r.unmount;
    const loss = (setting: string, knn: number, seed = 0) => ({ ...batchRow(8, 200, knn, seed, 800, 200), kind: 'loss' as const, setting, batchSize: undefined });
    r.act(() => {
      for (const row of [loss('NT-Logistic', 0.7), loss('NT-Xent', 0.72), loss('Margin triplet', 0.5)]) r.store.getState().receive({ type: 'ablationResult', row });
    });
    // 72% against 70% on 200 images each: 1.96 sqrt((0.72 x 0.28 + 0.7 x 0.3) / 200) = 8.9 points.
    expect(r.get('ablation-lead').textContent).toBe(
      'NT-Xent leads NT-Logistic by +2.0 points of kNN on h, within the ±8.9 that sampling 200 held-out images alone can give (95%), so at this size it may be noise.',
    );
    r.act(() => r.store.getState().receive({ type: 'ablationResult', row: loss('NT-Xent', 0.95, 1) }));
    // NT-Xent now averages 83.5% over two seeds against NT-Logistic's 70%.
    expect(r.get('ablation-lead').textContent).toMatch(/^NT-Xent leads NT-Logistic by \+13\.5 points of kNN on h, more than the ±\d\.\d that sampling 200 held-out images alone can give \(95%\)\.$/);
  });
});

describe('the loss in the Model panel', () => {
  it('offers the three losses; temperature, margin and semi-hard mining appear where they apply', () => {
    const r = renderWithStore(<LossFields />, { ready: true });
    cleanup = r.unmount;
    expect(r.container.querySelector('[data-testid="loss-margin"]')).toBeNull();
    expect(r.get('loss-hint').textContent).toMatch(/63.9%/);
    change(r.get('loss-kind') as HTMLSelectElement, 'margin-triplet');
    expect(r.store.getState().config.loss.kind).toBe('margin-triplet');
    expect(r.container.querySelector('[data-testid="temperature"]')).toBeNull();
    expect(r.get('loss-margin')).toBeTruthy();
    expect(r.get('loss-semi-hard')).toBeTruthy();
    expect(r.get('batch-hint').textContent).toMatch(/give the margin/);
    change(r.get('loss-kind') as HTMLSelectElement, 'nt-logistic');
    expect(r.get('temperature')).toBeTruthy();
    expect(r.get('loss-hint').textContent).toMatch(/yes\/no question per pair/);
  });

  it('explains each loss in a sentence and gives the batch hint of each', () => {
    expect(lossDescription('nt-xent')).toMatch(/softmax/i);
    expect(lossDescription('margin-triplet')).toMatch(/margin m/);
    expect(batchHint(32)).toMatch(/ln\(63\)/);
    expect(batchHint(32, { kind: 'nt-logistic', temperature: 1 })).toMatch(/= 1\.63$/);
  });
});
