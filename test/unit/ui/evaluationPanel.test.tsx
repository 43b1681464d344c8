// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EvaluationPanel } from '../../../src/ui/eval/EvaluationPanel';
import { historyStepAxis } from '../../../src/ui/eval/EvaluationHistory';
import { separateLabels } from '../../../src/ui/eval/HistoryLines';
import { captureDownloads, change, click, renderWithStore } from './render';
import { evaluationMessage, labelledDataset } from '../state/evalFakes';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  vi.restoreAllMocks();
});

describe('history step axis', () => {
  it('ends on the step-axis ladder at or past the last evaluation, with round ticks ending there', () => {
    expect(historyStepAxis(0, 5)).toEqual({ domain: [0, 1], ticks: [0, 1] });
    expect(historyStepAxis(130, 5)).toEqual({ domain: [0, 150], ticks: [0, 50, 100, 150] });
    expect(historyStepAxis(200, 4)).toEqual({ domain: [0, 200], ticks: [0, 100, 200] });
    expect(historyStepAxis(2400, 5)).toEqual({ domain: [0, 3000], ticks: [0, 1000, 2000, 3000] });
  });

  it('hands back the arrays shown while they are unchanged, so the memoised axis is reused', () => {
    const shown = historyStepAxis(120, 5);
    const same = historyStepAxis(140, 5, shown);
    expect(same.domain).toBe(shown.domain);
    expect(same.ticks).toBe(shown.ticks);
    expect(historyStepAxis(160, 5, shown).domain).toEqual([0, 200]);
  });
});

describe('level labels', () => {
  it('stay at their levels when far enough apart', () => {
    expect(separateLabels([10, 50])).toEqual([10, 50]);
    expect(separateLabels([98])).toEqual([98]);
  });

  it('are pushed apart evenly about their midpoint when closer than the gap, the higher level on top', () => {
    expect(separateLabels([100, 104], 11)).toEqual([96.5, 107.5]);
    expect(separateLabels([104, 100], 11)).toEqual([107.5, 96.5]);
  });
});

/**
 * The panel with a labelled dataset of 4 classes and an evaluation per
 * [step, kNN on h] (evalFakes: probe 5 points higher, random init 40%), once
 * recharts has laid out the history's <svg> that the lines are drawn into.
 */
async function historyOf(scores: [number, number][]) {
  const r = renderWithStore(<EvaluationPanel />, { ready: true });
  cleanup = r.unmount;
  r.act(() => {
    r.store.getState().receive(labelledDataset(8));
    for (const [step, knn] of scores) r.store.getState().receive(evaluationMessage(step, knn));
  });
  const history = r.get('evaluation-history');
  for (let i = 0; i < 40 && !history.querySelector('.recharts-wrapper > svg path.history-knn'); i++) await r.act(() => new Promise((done) => setTimeout(done, 50)));
  return { r, history };
}

describe('EvaluationPanel', () => {
  it('says in a sentence that unlabelled images cannot be scored', () => {
    const r = renderWithStore(<EvaluationPanel />, { ready: true });
    cleanup = r.unmount;
    expect(r.get('evaluation-status').textContent).toMatch(/no labels/);
    expect(r.all('evaluate-now')).toHaveLength(0);
  });

  it('evaluates on request and shows h and z beside the random-init baseline and chance', () => {
    const r = renderWithStore(<EvaluationPanel />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive(labelledDataset(8)));
    r.port.take();
    expect(r.get('evaluation-status').textContent).toMatch(/every 100 steps/);
    click(r.get('evaluate-now'));
    expect(r.port.take()).toEqual([{ type: 'requestEvaluation' }]);
    expect(r.get('evaluate-now').textContent).toBe('Scoring…');
    expect((r.get('evaluate-now') as HTMLButtonElement).disabled).toBe(true);

    r.act(() => r.store.getState().receive(evaluationMessage(120, 0.83)));
    const table = r.get('score-table');
    expect(table.querySelector('caption')!.textContent).toBe('Step 120 · 200 held-out images · 4 classes, so chance is 25%');
    const knnH = r.get('score-knn-h');
    expect([...knnH.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['83%', '40%', '+43 pts']);
    expect([...r.get('score-probe-z').querySelectorAll('td')].map((td) => td.textContent)).toEqual(['78%', '40%', '+38 pts']);
    expect(r.get('evaluation-history').textContent).toMatch(/second evaluation/);
    expect(r.get('evaluation-history').dataset.points).toBe('1');
  });

  it('draws the scores and the levels itself at their values, over a recharts frame of grid and axes', async () => {
    const { r, history } = await historyOf([[100, 0.5], [200, 0.7]]);
    expect(history.querySelector('.chart-plot')?.getAttribute('aria-label')).toBe(
      'kNN accuracy on h over 2 evaluations: 70% at step 200, random init 40%, chance 25%. Left and right arrow keys read the scores.',
    );
    // The 320 px fallback width: the plot spans x 46 to 250 (steps 0 to 200) and y 128 to 8 (0 to 100%).
    expect(history.querySelector('path.history-knn')?.getAttribute('d')).toBe('M148,68L250,44');
    expect(history.querySelector('path.history-probe')?.getAttribute('d')).toBe('M148,62L250,38');
    const levels = [...history.querySelectorAll('.history-level')].map((g) => [g.querySelector('line')?.getAttribute('y1'), g.textContent]);
    expect(levels).toEqual([['98', 'chance'], ['80', 'random init']]);
    expect(history.querySelectorAll('.recharts-line')).toHaveLength(0);
    const labels = (axis: string) => [...history.querySelectorAll(`.recharts-${axis}-tick-labels text`)].map((t) => t.textContent);
    expect(labels('xAxis')).toEqual(['0', '100', '200']);
    expect(labels('yAxis')).toEqual(['0%', '25%', '50%', '75%', '100%']);
  });

  it('reads out the scores at the step under the pointer, and steps through them with the arrow keys', async () => {
    const { r, history } = await historyOf([[100, 0.5], [200, 0.7]]);
    const plot = history.querySelector<HTMLElement>('.chart-plot')!;
    const readOut = () => history.querySelector('.live-tooltip')?.textContent ?? null;
    expect(readOut()).toBeNull();
    // Pixel 140 is step 92 (the plot spans x 46 to 250 for steps 0 to 200): the nearest score is step 100's.
    r.act(() => plot.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: 140, clientY: 50 })));
    expect(readOut()).toBe('step 100: kNN 50.0%, probe 55.0%');
    expect(history.querySelector('.live-dot')?.getAttribute('cx')).toBe('148');
    // Left of the plot: nothing.
    r.act(() => plot.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: 20, clientY: 50 })));
    expect(readOut()).toBeNull();
    const key = (k: string) => r.act(() => plot.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));
    // The first arrow moves from the latest score.
    key('ArrowLeft');
    expect(readOut()).toBe('step 100: kNN 50.0%, probe 55.0%');
    key('End');
    expect(readOut()).toBe('step 200: kNN 70.0%, probe 75.0%');
    key('Home');
    expect(readOut()).toBe('step 100: kNN 50.0%, probe 55.0%');
  });

  it('downloads the scores of every evaluation as CSV', async () => {
    const { r } = await historyOf([[100, 0.5], [200, 0.75]]);
    const saved = captureDownloads();
    click(r.get('evaluation-history-csv'));
    expect(saved.map((f) => f.name)).toEqual(['simclr-evaluation-history.csv']);
    expect(await saved[0]!.blob.text()).toBe(
      'step,kNN on h,probe on h,kNN on z,probe on z,random init kNN on h,chance\n' +
        `100,0.5,${0.5 + 0.05},${0.5 - 0.1},${0.5 - 0.05},0.4,0.25\n` +
        `200,0.75,${0.75 + 0.05},${0.75 - 0.1},${0.75 - 0.05},0.4,0.25\n`,
    );
  });

  it('changes how often it scores while training', () => {
    const r = renderWithStore(<EvaluationPanel />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive(labelledDataset(8)));
    r.port.take();
    change(r.get('evaluation-every') as HTMLSelectElement, '50');
    change(r.get('evaluation-k') as HTMLSelectElement, '5');
    expect(r.port.take()).toEqual([
      { type: 'setEvaluation', settings: { every: 50 } },
      { type: 'setEvaluation', settings: { k: 5 } },
    ]);
  });
});
