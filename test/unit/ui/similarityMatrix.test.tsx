// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { SimilarityMatrix } from '../../../src/ui/matrix/SimilarityMatrix';
import { click, renderWithStore } from './render';
import type { SimilarityMessage } from '../../../src/worker/protocol';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** The matrix the worker sends after `stepsDone` steps (it numbers steps from 0). */
function similarity(stepsDone: number, n = 4): SimilarityMessage {
  const size = 2 * n;
  const values = new Float32Array(size * size).fill(0.1);
  for (let r = 0; r < size; r++) {
    values[r * size + r] = 1;
    values[r * size + ((r + n) % size)] = 0.9;
  }
  return { type: 'similarity', step: stepsDone - 1, size, values, imageIndices: Int32Array.from({ length: n }, (_, i) => 100 + i), temperature: 0.5 };
}

describe('SimilarityMatrix', () => {
  it('draws each new matrix and labels it with its step', async () => {
    const r = renderWithStore(<SimilarityMatrix />, { ready: true });
    cleanup = r.unmount;
    expect(r.get('matrix-caption').textContent).toMatch(/first training step/);
    r.act(() => r.store.getState().receive(similarity(3)));
    await new Promise((resolve) => requestAnimationFrame(() => resolve(null)));
    r.act(() => {});
    const canvas = r.get('matrix-canvas');
    expect(canvas.dataset.step).toBe('3');
    expect(canvas.dataset.size).toBe('8');
    expect(r.get('matrix-caption').textContent).toBe('Step 3 · 2N = 8 views · τ = 0.5');
    expect(r.get('legend-lo').textContent).toBe('-1.0');
    expect(r.get('legend-hi').textContent).toBe('1.0');
  });

  it('switches mode and layout; the legend follows', async () => {
    const r = renderWithStore(<SimilarityMatrix />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive(similarity(1)));
    click(r.get('matrix-mode-logits'));
    expect(r.get('matrix-canvas').dataset.mode).toBe('logits');
    expect(r.get('legend-hi').textContent).toBe('2.0');
    click(r.get('matrix-mode-softmax'));
    expect(r.get('legend-lo').textContent).toBe('0.0%');
    click(r.get('matrix-positive-first'));
    expect(r.get('matrix-canvas').dataset.layout).toBe('positive-first');
  });

  it('keyboard focus selects a positive pair and arrows move the cursor; the tooltip names both views', () => {
    const r = renderWithStore(<SimilarityMatrix />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive(similarity(2)));
    const canvas = r.get('matrix-canvas');
    expect(canvas.tabIndex).toBe(0);
    r.act(() => canvas.dispatchEvent(new FocusEvent('focus')));
    r.act(() => canvas.focus());
    let tip = r.get('matrix-tooltip');
    expect(tip.textContent).toMatch(/positive pair/);
    expect(tip.textContent).toMatch(/image #100, view 1\) × column 4 \(image #100, view 2\)/);
    expect(tip.textContent).toMatch(/cosine 0\.900/);
    r.act(() => canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })));
    tip = r.get('matrix-tooltip');
    expect(tip.textContent).toMatch(/negative pair/);
    expect(tip.textContent).toMatch(/column 5 \(image #101, view 2\)/);
    r.act(() => canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(r.all('matrix-tooltip')).toHaveLength(0);
  });
});
