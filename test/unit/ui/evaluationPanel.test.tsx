// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { EvaluationPanel } from '../../../src/ui/eval/EvaluationPanel';
import { stepTicks } from '../../../src/ui/eval/EvaluationHistory';
import { change, click, renderWithStore } from './render';
import { evaluationMessage, labelledDataset } from '../state/evalFakes';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('history ticks', () => {
  it('are round whole steps from 0 past the last evaluation', () => {
    expect(stepTicks(0)).toEqual([0, 1, 2, 3, 4]);
    expect(stepTicks(40)).toEqual([0, 10, 20, 30, 40]);
    expect(stepTicks(130)).toEqual([0, 50, 100, 150]);
    expect(stepTicks(2400)).toEqual([0, 1000, 2000, 3000]);
  });
});

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

  it('draws the history with recharts from the second evaluation on', () => {
    const r = renderWithStore(<EvaluationPanel />, { ready: true });
    cleanup = r.unmount;
    r.act(() => {
      r.store.getState().receive(labelledDataset(8));
      r.store.getState().receive(evaluationMessage(100, 0.5));
      r.store.getState().receive(evaluationMessage(200, 0.7));
    });
    const history = r.get('evaluation-history');
    const svg = history.querySelector('svg');
    expect(svg?.getAttribute('aria-label')).toMatch(/kNN accuracy on h over 2 evaluations: 70% at step 200, random init 40%, chance 25%/);
    expect(history.querySelectorAll('.recharts-line').length).toBe(2);
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
