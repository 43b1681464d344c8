import { describe, expect, it } from 'vitest';
import { DEFAULT_ABLATION_PLAN, parseSeeds, plannedRuns, planIssues } from '../../../src/state/ablationPlan';
import { AblationRunner } from '../../../src/worker/ablation';
import { MIN_ABLATION_IMAGES } from '../../../src/worker/protocol';
import { ablationCsv, ablationJson, canonicalOp, pairGrid, summariseAblation, ABLATION_JSON_FORMAT } from '../../../src/state/ablationResults';
import type { AblationPlan } from '../../../src/worker/protocol';
import { ablationRow, readyStore } from './evalFakes';

const PLAN: AblationPlan = { kind: 'colour-strength', dataset: 'shapes', count: 500, steps: 5, seeds: [0, 1] };

describe('ablation slice', () => {
  it('sends the plan, accumulates rows and follows progress to the end', () => {
    const { store, port } = readyStore();
    store.getState().runAblation(PLAN);
    expect(port.take()).toEqual([{ type: 'runAblation', plan: PLAN }]);
    expect(store.getState().ablationRunning).toBe(true);
    store.getState().runAblation(PLAN); // already running: nothing sent
    expect(port.take()).toEqual([]);

    store.getState().receive({ type: 'ablationProgress', done: 0, total: 2, current: 's = 0.5' });
    store.getState().receive({ type: 'ablationResult', row: ablationRow('s = 0.5', 0, 0.6) });
    store.getState().receive({ type: 'ablationProgress', done: 1, total: 2, current: 's = 1' });
    store.getState().receive({ type: 'ablationResult', row: ablationRow('s = 1', 0, 0.7) });
    expect(store.getState().ablationRows.map((r) => r.setting)).toEqual(['s = 0.5', 's = 1']);
    expect(store.getState().ablationRunning).toBe(true);
    store.getState().receive({ type: 'ablationProgress', done: 2, total: 2 });
    expect(store.getState().ablationRunning).toBe(false);
    expect(store.getState().ablationProgress).toEqual({ done: 2, total: 2 });

    // A new run clears the old rows.
    store.getState().runAblation();
    expect(store.getState().ablationRows).toEqual([]);
  });

  it('cancels, and stops on the cancelled progress message', () => {
    const { store, port } = readyStore();
    store.getState().cancelAblation(); // nothing running
    expect(port.take()).toEqual([]);
    store.getState().runAblation(PLAN);
    store.getState().cancelAblation();
    expect(port.take().map((m) => m.type)).toEqual(['runAblation', 'cancelAblation']);
    store.getState().receive({ type: 'ablationProgress', done: 1, total: 10, cancelled: true });
    expect(store.getState().ablationRunning).toBe(false);
  });

  it('does not send a plan with problems, and a "busy" refusal before any progress ends the run', () => {
    const { store, port } = readyStore();
    store.getState().runAblation({ ...PLAN, seeds: [] });
    expect(port.take()).toEqual([]);
    store.getState().runAblation(PLAN);
    store.getState().receive({ type: 'error', code: 'busy', message: 'The worker is busy.' });
    expect(store.getState().ablationRunning).toBe(false);
    // The worker refuses a plan as 'invalid-config' (naming the field): the run ends too.
    store.getState().runAblation(PLAN);
    store.getState().receive({ type: 'error', code: 'invalid-config', message: 'The ablation was not started: …', fields: ['plan.steps'] });
    expect(store.getState().ablationRunning).toBe(false);
  });

  it('a "busy" answer to something else while the queue runs does not end it', () => {
    const { store } = readyStore();
    store.getState().runAblation(PLAN);
    store.getState().receive({ type: 'ablationProgress', done: 0, total: 10, current: 's = 0.125, seed 0' });
    store.getState().receive({ type: 'error', code: 'busy', message: 'An ablation is running (0 of 10 runs done).' });
    expect(store.getState().ablationRunning).toBe(true);
  });
});

describe('ablation plans', () => {
  it('counts runs and names problems', () => {
    expect(plannedRuns({ ...PLAN, kind: 'augment-pairs', seeds: [0] })).toBe(28);
    expect(plannedRuns({ ...PLAN, kind: 'temperature', seeds: [0, 1, 2] })).toBe(12);
    expect(planIssues(DEFAULT_ABLATION_PLAN)).toEqual([]);
    expect(planIssues({ ...PLAN, steps: 0, seeds: [1, 1] })).toEqual([
      'Steps per run must be a whole number from 1 to 5000.',
      'Each seed only once.',
    ]);
    expect(parseSeeds('0, 1 2')).toEqual([0, 1, 2]);
  });

  it('allows as few images as the worker accepts (MIN_ABLATION_IMAGES), no fewer', () => {
    expect(MIN_ABLATION_IMAGES).toBe(4);
    expect(planIssues({ ...PLAN, count: MIN_ABLATION_IMAGES })).toEqual([]);
    expect(planIssues({ ...PLAN, count: 50 })).toEqual([]);
    expect(planIssues({ ...PLAN, count: MIN_ABLATION_IMAGES - 1 })).toEqual([`Images must be a whole number from ${MIN_ABLATION_IMAGES} to 10000.`]);
    // The worker's own check agrees at the floor.
    expect(() => AblationRunner.check({ ...PLAN, count: MIN_ABLATION_IMAGES })).not.toThrow();
    expect(() => AblationRunner.check({ ...PLAN, count: MIN_ABLATION_IMAGES - 1 })).toThrow(/at least 4 images/);
    expect(parseSeeds('0, x')).toBeUndefined();
  });
});

describe('ablation results', () => {
  const rows = [
    ablationRow('s = 0.5', 0, 0.6),
    ablationRow('s = 1', 0, 0.7),
    ablationRow('s = 0.5', 1, 0.8),
  ];

  it('summarises each setting over seeds: mean and sample standard deviation', () => {
    const summary = summariseAblation(rows);
    expect(summary.map((s) => s.setting)).toEqual(['s = 0.5', 's = 1']);
    expect(summary[0]!.seeds).toEqual([0, 1]);
    expect(summary[0]!.h.knn.mean).toBeCloseTo(0.7);
    expect(summary[0]!.h.knn.sd).toBeCloseTo(Math.SQRT2 * 0.1);
    expect(summary[1]!.h.knn).toEqual({ mean: 0.7, sd: 0, n: 1 });
  });

  it('writes one CSV line per run', () => {
    const csv = ablationCsv([...rows, { ...ablationRow('crop + "odd", name', 2, 0.5, ['colorJitter', 'blur']), tested: 200 }]);
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('kind,setting,op1,op2,dataset,seed,steps,knn_h,probe_h,knn_z,probe_z,final_loss,seconds,tested');
    // A row from before the held-out count was recorded leaves it empty.
    expect(lines[1]).toBe('colour-strength,s = 0.5,,,shapes,0,50,0.6,0.62,0.5,0.52,3.2,4.5,');
    expect(lines[4]).toBe('augment-pairs,"crop + ""odd"", name",colorJitter,blur,shapes,2,50,0.5,0.52,0.4,0.42,3.2,4.5,200');
    expect(csv.endsWith('\n')).toBe(true);
  });

  it('writes JSON with the plan, the runs and the summary', () => {
    const parsed = JSON.parse(ablationJson(PLAN, rows));
    expect(parsed.format).toBe(ABLATION_JSON_FORMAT);
    expect(parsed.plan).toEqual(PLAN);
    expect(parsed.rows).toHaveLength(3);
    expect(parsed.summary[0].h.knn.mean).toBeCloseTo(0.7);
    // The margins' per-run terms are the rows again: not written twice.
    expect(parsed.summary[0]).not.toHaveProperty('knnRuns');
  });

  it('lays pairs out as the upper triangle of Figure 5, whatever the worker calls the ops', () => {
    expect(canonicalOp('colorJitter')).toBe('colour jitter');
    expect(canonicalOp('Gaussian blur')).toBe('blur');
    expect(canonicalOp('grayscale')).toBe('colour drop');
    const grid = pairGrid(summariseAblation([
      ablationRow('crop + blur + colour jitter', 0, 0.9, ['blur', 'colorJitter']),
      ablationRow('crop + blur', 0, 0.5, ['blur', 'blur']),
    ]));
    expect(grid.ops.slice(0, 3)).toEqual(['colour jitter', 'colour drop', 'blur']);
    expect(grid.cells[0]![2]!.h.knn.mean).toBe(0.9); // row colour jitter, column blur
    expect(grid.cells[2]![0]).toBeNull(); // below the diagonal stays empty
    expect(grid.cells[2]![2]!.h.knn.mean).toBe(0.5);
    expect(grid.opMean[2]).toBeCloseTo(0.7);
    expect(grid.opMean[1]).toBeNull();
  });
});
