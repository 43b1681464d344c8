// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { RunControls } from '../../../src/ui/run/RunControls';
import { NoticeBanner } from '../../../src/ui/components/NoticeBanner';
import { click, renderWithStore } from './render';
import { sent } from '../state/fakes';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('RunControls', () => {
  it('is disabled until the worker and its data are ready', () => {
    const r = renderWithStore(<RunControls />);
    cleanup = r.unmount;
    expect((r.get('run-toggle') as HTMLButtonElement).disabled).toBe(true);
    expect(r.get('backend-badge').textContent).toMatch(/not started/);
  });

  it('sends play, pause, step and reset', () => {
    const r = renderWithStore(<RunControls />, { ready: true });
    cleanup = r.unmount;
    const toggle = r.get('run-toggle') as HTMLButtonElement;
    expect(toggle.disabled).toBe(false);
    click(toggle);
    expect(r.port.take()).toEqual([{ type: 'play' }]);
    r.act(() => r.store.getState().receive({ type: 'runState', state: 'running', step: 0 }));
    expect(toggle.textContent).toMatch(/Pause/);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    expect((r.get('step') as HTMLButtonElement).disabled).toBe(true);
    click(toggle);
    expect(r.port.take()).toEqual([{ type: 'pause' }]);
    r.act(() => r.store.getState().receive({ type: 'runState', state: 'paused', step: 0 }));
    click(r.get('step'));
    click(r.get('reset'));
    expect(r.port.take()).toEqual([{ type: 'step', count: 10 }, { type: 'reset' }]);
  });

  it('writes live counters without re-rendering, and shows the backend with its reason', () => {
    const r = renderWithStore(<RunControls />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive({ type: 'metrics', items: [sent(7, 3.25)] }));
    expect(r.get('stat-step').textContent).toBe('7');
    expect(r.get('stat-loss').textContent).toBe('3.250');
    const badge = r.get('backend-badge');
    expect(badge.textContent).toMatch(/webgpu/);
    expect(badge.textContent).toMatch(/software/);
    expect(r.get('backend-reason').textContent).toMatch(/WebGPU adapter found/);
    expect(r.get('backend-reason').textContent).toMatch(/SwiftShader/);
  });
});

describe('NoticeBanner', () => {
  it('shows worker errors and warnings with their sentence and dismisses them', () => {
    const r = renderWithStore(<NoticeBanner />);
    cleanup = r.unmount;
    expect(r.container.textContent).toBe('');
    r.act(() => {
      r.store.getState().receive({ type: 'error', code: 'out-of-memory', message: 'The GPU ran out of memory; try a smaller batch.' });
      r.store.getState().receive({ type: 'warning', code: 'backend-fallback', message: 'WebGPU failed; using wasm.' });
    });
    const error = r.get('notice-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toMatch(/smaller batch/);
    expect(r.get('notice-warning').getAttribute('role')).toBe('status');
    click(r.all('notice-dismiss')[0]!);
    expect(r.all('notice-error')).toHaveLength(0);
    expect(r.all('notice-warning')).toHaveLength(1);
  });
});
