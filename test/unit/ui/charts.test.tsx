// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Charts } from '../../../src/ui/charts/Charts';
import { click, renderWithStore } from './render';
import { sent } from '../state/fakes';
import type { SimilarityMessage } from '../../../src/worker/protocol';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  vi.restoreAllMocks();
});

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('Charts', () => {
  it('draws the loss with its chance line ln(2N - 1) for the batch size', async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(1, 4.1), sent(2, 4.0), sent(3, 3.8)] }));
    await r.act(async () => {
      await new Promise((res) => setTimeout(res, 1100));
    });
    const loss = r.get('chart-loss');
    expect(loss.textContent).toMatch(/chance ln\(63\)/);
    expect(loss.textContent).toMatch(/4\.14 nats/);
    const paths = [...loss.querySelectorAll('path')].map((p) => p.getAttribute('d') ?? '');
    expect(paths.some((d) => d.startsWith('M') && d.split('L').length === 3)).toBe(true);
    expect(loss.querySelector('svg')?.getAttribute('aria-label')).toBe('Loss (NT-Xent): 3.8 at step 3');
  });

  it('downloads every step as CSV', async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(1, 4.1), sent(2, 4.0)] }));
    let blob: Blob | undefined;
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
      blob = b as Blob;
      return 'blob:test';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    click(r.get('chart-loss-csv'));
    await tick();
    expect(blob).toBeDefined();
    expect(await blob!.text()).toBe(`step,loss,chance ln(63)\n1,4.1,${Math.log(63)}\n2,4,${Math.log(63)}\n`);
  });

  it('histograms positives against negatives from the latest matrix', async () => {
    const r = renderWithStore(<Charts />, { ready: true });
    cleanup = r.unmount;
    const size = 4;
    const values = new Float32Array([1, 0, 0.9, 0, 0, 1, 0, 0.9, 0.9, 0, 1, 0, 0, 0.9, 0, 1]);
    const message: SimilarityMessage = { type: 'similarity', step: 8, size, values, imageIndices: new Int32Array([0, 1]), temperature: 0.5 };
    r.act(() => r.store.getState().receive(message));
    await r.act(async () => {
      await new Promise((res) => setTimeout(res, 1100));
    });
    const hist = r.get('chart-histogram');
    expect(hist.textContent).toMatch(/Step 9/);
    expect(hist.textContent).toMatch(/positives/);
    expect(hist.querySelectorAll('path')).toHaveLength(2);
  });
});
