// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { NeighboursPanel } from '../../../src/ui/eval/NeighboursPanel';
import { DatasetThumbs } from '../../../src/ui/data/DatasetThumbs';
import { change, click, renderWithStore } from './render';
import { labelledDataset, neighboursMessage } from '../state/evalFakes';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function key(el: HTMLElement, k: string) {
  act(() => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
  });
}

describe('NeighboursPanel', () => {
  it('asks for the neighbours of a typed image number and lists them with cosine and label', () => {
    const r = renderWithStore(<NeighboursPanel />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive(labelledDataset(12)));
    r.port.take();
    expect(r.get('neighbours-status').textContent).toMatch(/Pick an image/);
    change(r.get('neighbours-index') as HTMLInputElement, '12');
    expect((r.get('neighbours-show') as HTMLButtonElement).disabled).toBe(true); // out of range
    change(r.get('neighbours-index') as HTMLInputElement, '4');
    click(r.get('neighbours-show'));
    expect(r.port.take()).toEqual([{ type: 'requestNeighbours', index: 4, k: 8 }]);
    expect(r.get('neighbours-status').textContent).toMatch(/Finding/);

    // Image 4 is class 0 (circle); 8 is a circle too, 5 is a square.
    r.act(() => r.store.getState().receive(neighboursMessage(4, [8, 5])));
    expect(r.get('neighbours-status').textContent).toBe('1 of 2 share its label (circle). Measured at step 10.');
    const items = r.all('neighbour');
    expect(items.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Neighbour 1: image 8, circle (same label), cosine 0.90',
      'Neighbour 2: image 5, square, cosine 0.80',
    ]);
    expect(items[0]!.className).toContain('match');

    click(items[1]!);
    expect(r.port.take()).toEqual([{ type: 'requestNeighbours', index: 5, k: 8 }]);
    change(r.get('neighbours-k') as HTMLSelectElement, '16');
    expect(r.port.take()).toEqual([{ type: 'requestNeighbours', index: 5, k: 16 }]);
  });

  it('the Data panel\'s thumbnails pick an image by click and by keyboard', () => {
    const r = renderWithStore(<DatasetThumbs />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive(labelledDataset(30)));
    r.port.take();
    const canvas = r.get('dataset-thumbs');
    canvas.getBoundingClientRect = () => ({ left: 0, top: 0, width: 120, height: 30, right: 120, bottom: 30, x: 0, y: 0, toJSON: () => ({}) });
    // 12 columns of 10 px, 3 rows of 10 px: (25, 15) is column 2, row 1 -> image 14.
    act(() => {
      canvas.dispatchEvent(new MouseEvent('click', { clientX: 25, clientY: 15, bubbles: true }));
    });
    expect(r.port.take()).toEqual([{ type: 'requestNeighbours', index: 14, k: 8 }]);

    act(() => canvas.focus());
    key(canvas, 'ArrowRight');
    key(canvas, 'ArrowDown');
    key(canvas, 'Enter');
    expect(r.port.take()).toEqual([{ type: 'requestNeighbours', index: 27, k: 8 }]);
    expect(canvas.getAttribute('aria-label')).toMatch(/Cursor on image 27, star/);
  });
});
