// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AblationPanel } from '../../../src/ui/ablation/AblationPanel';
import { numberIn, paperFor } from '../../../src/ui/ablation/paper';
import { captureDownloads, change, click, renderWithStore } from './render';
import { ablationRow } from '../state/evalFakes';
import type { AblationRow } from '../../../src/worker/protocol';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  vi.restoreAllMocks();
});

const OPS = ['colour jitter', 'colour drop', 'blur', 'rotation', 'cutout', 'noise', 'Sobel'];

describe('the paper\'s numbers', () => {
  it('match the worker\'s setting names', () => {
    expect(numberIn('s = 1/8')).toBe(0.125);
    expect(paperFor('colour-strength', 's = 0.125')).toBe('SimCLR 59.6%, supervised 77%');
    expect(paperFor('colour-strength', 's = 1 + blur')).toBe('SimCLR 64.5%, supervised 75.4%');
    expect(paperFor('temperature', 'tau = 0.1')).toBe('64.4%');
    expect(paperFor('temperature', 'tau = 0.3')).toBeUndefined();
    expect(paperFor('head', 'head none')).toMatch(/over 10 points below/);
    expect(paperFor('head', 'head linear')).toMatch(/about 3 points/);
    expect(paperFor('head', 'head mlp')).toMatch(/h beats z/);
  });
});

describe('AblationPanel', () => {
  it('runs the chosen plan, shows progress, and cancels', () => {
    const r = renderWithStore(<AblationPanel />, { ready: true });
    cleanup = r.unmount;
    expect(r.get('ablation-honesty').textContent).toMatch(/cannot show the paper's numbers/);
    change(r.get('ablation-kind') as HTMLSelectElement, 'augment-pairs');
    change(r.get('ablation-seeds') as HTMLInputElement, '0, 1');
    expect(r.get('ablation-plan-summary').textContent).toBe('56 runs of 200 steps each.');
    change(r.get('ablation-seeds') as HTMLInputElement, '0, x');
    expect(r.get('ablation-issues').textContent).toMatch(/whole numbers separated by commas/);
    expect((r.get('ablation-run') as HTMLButtonElement).disabled).toBe(true);
    change(r.get('ablation-seeds') as HTMLInputElement, '3');
    click(r.get('ablation-run'));
    expect(r.port.take()).toEqual([{ type: 'runAblation', plan: { kind: 'augment-pairs', dataset: 'shapes', count: 1000, steps: 200, seeds: [3] } }]);
    expect((r.get('ablation-kind') as HTMLSelectElement).disabled).toBe(true);

    r.act(() => r.store.getState().receive({ type: 'ablationProgress', done: 3, total: 28, current: 'crop + blur' }));
    expect(r.get('ablation-progress').textContent).toBe('3 of 28: crop + blur');
    click(r.get('ablation-cancel'));
    expect(r.port.take()).toEqual([{ type: 'cancelAblation' }]);
    r.act(() => r.store.getState().receive({ type: 'ablationProgress', done: 3, total: 28, cancelled: true }));
    expect(r.get('ablation-progress').textContent).toBe('Cancelled after 3 of 28 runs.');
    expect((r.get('ablation-run') as HTMLButtonElement).disabled).toBe(false);
  });

  it('lets a plan use as few images as the worker accepts, and says what a small set risks', () => {
    const r = renderWithStore(<AblationPanel />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().setAblationPlan({ count: 8 }));
    expect(r.get('ablation-count').textContent).toMatch(/At least 4; the worker refuses a set it cannot score.*noisy/);
    expect((r.get('ablation-run') as HTMLButtonElement).disabled).toBe(false);
    click(r.get('ablation-run'));
    expect(r.port.take()).toEqual([{ type: 'runAblation', plan: { kind: 'colour-strength', dataset: 'shapes', count: 8, steps: 200, seeds: [0] } }]);
  });

  it('shows augmentation pairs as Figure 5\'s upper triangle, kNN on h', () => {
    const r = renderWithStore(<AblationPanel />, { ready: true });
    cleanup = r.unmount;
    r.act(() => {
      r.store.getState().runAblation({ kind: 'augment-pairs', dataset: 'shapes', count: 500, steps: 5, seeds: [0] });
      r.store.getState().receive({ type: 'ablationResult', row: ablationRow('crop + colour jitter', 0, 0.4, ['colour jitter', 'colour jitter']) });
      r.store.getState().receive({ type: 'ablationResult', row: ablationRow('crop + colour jitter + Sobel', 0, 0.9, ['colour jitter', 'Sobel']) });
    });
    const cells = r.all('pair-cell');
    expect(cells).toHaveLength(28);
    const byPair = new Map(cells.map((c) => [c.dataset.pair, c]));
    expect(byPair.get('colour jitter|colour jitter')!.textContent).toBe('40');
    expect(byPair.get('colour jitter|sobel')!.textContent).toBe('90');
    expect(byPair.get('colour jitter|sobel')!.className).toBe('pair-best');
    expect(byPair.get('blur|noise')!.textContent).toBe('not run yet');
    const head = [...r.get('pair-heatmap').querySelectorAll('thead th')].map((th) => th.textContent);
    expect(head).toEqual([...OPS, 'mean']);
    expect(r.get('ablation-paper').textContent).toMatch(/Figure 5/);
  });

  it('tables the other kinds beside the paper\'s numbers, and downloads JSON and CSV', async () => {
    const r = renderWithStore(<AblationPanel />, { ready: true });
    cleanup = r.unmount;
    const rows: AblationRow[] = [ablationRow('s = 0.5', 0, 0.6), ablationRow('s = 0.5', 1, 0.8), ablationRow('s = 1 + blur', 0, 0.7)];
    r.act(() => {
      r.store.getState().runAblation({ kind: 'colour-strength', dataset: 'shapes', count: 500, steps: 50, seeds: [0, 1] });
      for (const row of rows) r.store.getState().receive({ type: 'ablationResult', row });
    });
    const lines = r.all('ablation-row').map((tr) => [...tr.children].map((c) => c.textContent));
    expect(lines).toEqual([
      ['s = 0.5', '70.0% ± 14.1', '72.0% ± 14.1', '60.0% ± 14.1', '62.0% ± 14.1', '3.200', 'SimCLR 62.6%, supervised 76.5%'],
      ['s = 1 + blur', '70.0%', '72.0%', '60.0%', '62.0%', '3.200', 'SimCLR 64.5%, supervised 75.4%'],
    ]);
    const saved = captureDownloads();
    click(r.get('ablation-json'));
    click(r.get('ablation-csv'));
    expect(saved.map((s) => s.name)).toEqual(['simclr-ablation-colour-strength.json', 'simclr-ablation-colour-strength.csv']);
    const json = JSON.parse(await saved[0]!.blob.text());
    expect(json.rows).toHaveLength(3);
    expect(json.plan.kind).toBe('colour-strength');
    expect((await saved[1]!.blob.text()).split('\n')).toHaveLength(5);
  });
});
