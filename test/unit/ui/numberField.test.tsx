// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NumberField } from '../../../src/ui/components/NumberField';
import { change, renderWithStore } from './render';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe('NumberField', () => {
  it('shows a rounded value and does not change it when the box is only visited', () => {
    const onChange = vi.fn();
    const r = renderWithStore(<NumberField label="Widest aspect" value={4 / 3} min={0.5} max={10} step={0.01} onChange={onChange} testId="f" />);
    cleanup = r.unmount;
    const box = r.get('f').querySelector<HTMLInputElement>('input[type="text"]')!;
    expect(box.value).toBe('1.333');
    act(() => {
      box.focus();
      box.blur();
    });
    expect(onChange).not.toHaveBeenCalled();
    act(() => box.focus());
    change(box, '1.5');
    act(() => box.blur());
    expect(onChange).toHaveBeenCalledWith(1.5);
  });

  it('maps a log slider to powers of ten and labels both inputs', () => {
    const onChange = vi.fn();
    const r = renderWithStore(<NumberField label="Learning rate" value={1e-3} min={1e-5} max={10} scale="log" onChange={onChange} testId="lr" />);
    cleanup = r.unmount;
    const slider = r.get('lr').querySelector<HTMLInputElement>('input[type="range"]')!;
    expect(slider.getAttribute('aria-label')).toBe('Learning rate slider');
    expect(Number(slider.value)).toBe(Math.round((2 / 6) * 200));
    change(slider, '200');
    expect(onChange).toHaveBeenLastCalledWith(10);
    const label = r.get('lr').querySelector('label')!;
    expect(label.textContent).toBe('Learning rate');
    expect(r.get('lr').querySelector(`#${CSS.escape(label.htmlFor)}`)).not.toBeNull();
  });

  it('Escape drops what was typed', () => {
    const onChange = vi.fn();
    const r = renderWithStore(<NumberField label="p" value={0.5} min={0} max={1} onChange={onChange} testId="p" />);
    cleanup = r.unmount;
    const box = r.get('p').querySelector<HTMLInputElement>('input[type="text"]')!;
    change(box, '0.9');
    act(() => box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(box.value).toBe('0.5');
    act(() => box.blur());
    expect(onChange).not.toHaveBeenCalled();
  });
});
