// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { AugmentPanel } from '../../../src/ui/augment/AugmentPanel';
import { AUGMENT_OP_NAMES } from '../../../src/core/config';
import { change, click, renderWithStore } from './render';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('AugmentPanel', () => {
  it('has a labelled switch for every op', () => {
    const r = renderWithStore(<AugmentPanel />, { ready: true });
    cleanup = r.unmount;
    for (const op of AUGMENT_OP_NAMES) {
      const input = r.get(`op-${op}-enabled`) as HTMLInputElement;
      expect(input.getAttribute('role')).toBe('switch');
      expect(input.closest('label')?.textContent?.length).toBeGreaterThan(3);
    }
    // The page default is the paper's CIFAR-10 recipe: colour jitter on, blur off.
    expect((r.get('op-colorJitter-enabled') as HTMLInputElement).checked).toBe(true);
    expect((r.get('op-blur-enabled') as HTMLInputElement).checked).toBe(false);
    expect((r.get('op-sobel-enabled') as HTMLInputElement).checked).toBe(false);
  });

  it('toggling an op sends setConfig, then requestPreview', () => {
    const r = renderWithStore(<AugmentPanel />, { ready: true });
    cleanup = r.unmount;
    click(r.get('op-blur-enabled'));
    expect(r.port.take()).toEqual([
      { type: 'setConfig', patch: { augment: { blur: { enabled: true } } } },
      { type: 'requestPreview' },
    ]);
    // The small-images recipe with blur is no preset.
    expect(r.get('augment-custom').textContent).toMatch(/custom/);
    expect(r.get('augment-preset-small-images').getAttribute('aria-pressed')).toBe('false');
    click(r.get('augment-preset-paper'));
    r.port.take();
    click(r.get('op-blur-enabled'));
    expect(r.port.take()).toEqual([
      { type: 'setConfig', patch: { augment: { blur: { enabled: false } } } },
      { type: 'requestPreview' },
    ]);
    // The paper policy without blur is exactly the crop + colour preset.
    expect(r.get('augment-preset-crop-colour').getAttribute('aria-pressed')).toBe('true');
    click(r.get('op-sobel-enabled'));
    expect(r.get('augment-custom').textContent).toMatch(/custom/);
    expect(r.get('augment-preset-paper').getAttribute('aria-pressed')).toBe('false');
    // The probability slider appears for an op once it is on.
    expect(r.get('op-sobel-p')).toBeTruthy();
  });

  it('presets replace the policy and mark themselves pressed', () => {
    const r = renderWithStore(<AugmentPanel />, { ready: true });
    cleanup = r.unmount;
    // The page starts on the small-images recipe.
    expect(r.get('augment-preset-small-images').getAttribute('aria-pressed')).toBe('true');
    expect(r.get('augment-preset-cifar').getAttribute('aria-pressed')).toBe('false');
    expect(r.get('augment-preset-paper').getAttribute('aria-pressed')).toBe('false');
    click(r.get('augment-preset-paper'));
    expect(r.store.getState().config.augment.colorJitter.strength).toBe(1);
    expect(r.get('augment-preset-paper').getAttribute('aria-pressed')).toBe('true');
    expect(r.get('augment-preset-small-images').getAttribute('aria-pressed')).toBe('false');
    let [setConfig, preview] = r.port.take();
    expect(setConfig).toEqual({
      type: 'setConfig',
      patch: { augment: { crop: { areaMin: 0.08 }, colorJitter: { strength: 1 }, colorDrop: { p: 0.2 }, blur: { enabled: true } } },
    });
    expect(preview).toEqual({ type: 'requestPreview' });
    click(r.get('augment-preset-cifar'));
    expect(r.store.getState().config.augment.colorJitter.strength).toBe(0.5);
    expect(r.get('augment-preset-cifar').getAttribute('aria-pressed')).toBe('true');
    [setConfig, preview] = r.port.take();
    expect(setConfig).toEqual({ type: 'setConfig', patch: { augment: { colorJitter: { strength: 0.5 }, blur: { enabled: false } } } });
    expect(preview).toEqual({ type: 'requestPreview' });
  });

  it('the strength box commits on Enter and an out-of-range value is kept and flagged', () => {
    const r = renderWithStore(<AugmentPanel />, { ready: true });
    cleanup = r.unmount;
    const box = r.get('colour-strength').querySelector<HTMLInputElement>('input[type="text"]')!;
    change(box, '9');
    r.act(() => box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true })));
    expect(r.store.getState().config.augment.colorJitter.strength).toBe(9);
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(r.get('colour-strength').textContent).toMatch(/strength must be a number in \[0, 4\]/);
    expect(r.port.take()).toEqual([]);
  });

  it('shows the preview and re-samples on request', () => {
    const r = renderWithStore(<AugmentPanel />, { ready: true });
    cleanup = r.unmount;
    const size = 4;
    r.act(() =>
      r.store.getState().receive({
        type: 'preview', count: 2, size, imageIndices: new Int32Array([5, 9]),
        pixels: new Uint8ClampedArray(2 * 3 * size * size * 4), descriptions: [['crop 40%', 'flip'], ['jitter', 'grey']],
      }),
    );
    const canvases = [...r.get('preview').querySelectorAll('canvas')].map((c) => c.getAttribute('aria-label'));
    expect(canvases).toEqual([
      'Image 5', 'Image 9',
      'Image 5, view 1: crop 40%', 'Image 9, view 1: jitter',
      'Image 5, view 2: flip', 'Image 9, view 2: grey',
    ]);
    expect(r.get('preview').dataset.count).toBe('2');
    click(r.get('preview-resample'));
    expect(r.port.take()).toEqual([{ type: 'requestPreview', resample: true }]);
    expect(r.get('preview').dataset.pending).toBe('true');
  });
});
