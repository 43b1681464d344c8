// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { EmbeddingMap } from '../../../src/ui/eval/EmbeddingMap';
import { layoutPoints } from '../../../src/ui/eval/mapLayout';
import { PointGrid, stepInDirection } from '../../../src/ui/eval/pointGrid';
import { MAP_MAX_POINTS } from '../../../src/state/slices/map';
import { change, click, renderWithStore } from './render';
import { labelledDataset, mapMessage } from '../state/evalFakes';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(null)));

describe('map geometry', () => {
  it('lays points out with one scale for both axes, centred, up is up', () => {
    const layout = layoutPoints(new Float32Array([0, 0, 2, 1]), 220, 120, 10);
    // scale min(200 / 2, 100 / 1) = 100; x centred: (220 - 200) / 2 = 10.
    expect([...layout.xs]).toEqual([10, 210]);
    expect([...layout.ys]).toEqual([110, 10]);
  });

  it('finds the nearest point within a radius through its grid, and steps by arrow direction', () => {
    const xs = new Float32Array([10, 50, 52, 200]);
    const ys = new Float32Array([10, 50, 60, 10]);
    const grid = new PointGrid(xs, ys, 256, 128, 16);
    expect(grid.nearest(49, 49, 8)).toBe(1);
    expect(grid.nearest(52, 58, 8)).toBe(2);
    expect(grid.nearest(120, 100, 8)).toBe(-1);
    expect(stepInDirection(xs, ys, 0, 1, 0)).toBe(1); // 45 degrees off, but much closer than 3
    expect(stepInDirection(xs, ys, 1, 1, 0)).toBe(3); // 2 is below 1, not to its right
    expect(stepInDirection(xs, ys, 1, 0, 1)).toBe(2);
    expect(stepInDirection(xs, ys, 3, 1, 0)).toBe(3); // nothing to the right
  });

  it('finds the nearest of 1000 points within the radius, as a search through all of them would', () => {
    // (Its speed is measured by the long-task benchmark, not asserted here.)
    const n = 1000;
    const xs = Float32Array.from({ length: n }, (_, i) => (i * 37) % 600);
    const ys = Float32Array.from({ length: n }, (_, i) => (i * 91) % 400);
    const grid = new PointGrid(xs, ys, 600, 400);
    const d2 = (i: number, x: number, y: number) => (xs[i]! - x) ** 2 + (ys[i]! - y) ** 2;
    let found = 0;
    for (let k = 0; k < 1000; k++) {
      const x = (k * 7) % 600;
      const y = (k * 13) % 400;
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < n; i++) best = Math.min(best, d2(i, x, y));
      const hit = grid.nearest(x, y, 9);
      if (best > 81) {
        expect(hit).toBe(-1);
      } else {
        found++;
        expect(d2(hit, x, y)).toBe(best);
      }
    }
    expect(found).toBeGreaterThan(100);
  });
});

describe('EmbeddingMap', () => {
  it('asks for a map, draws it with a legend, and switches method and space', async () => {
    const r = renderWithStore(<EmbeddingMap />, { ready: true });
    cleanup = r.unmount;
    r.act(() => r.store.getState().receive(labelledDataset(8)));
    r.port.take();
    expect(r.get('map-caption').textContent).toMatch(/No map yet/);
    click(r.get('map-draw'));
    expect(r.port.take()).toEqual([{ type: 'requestMap', method: 'pca', space: 'h', maxPoints: MAP_MAX_POINTS }]);
    r.act(() => r.store.getState().receive(mapMessage(8, 40)));
    await r.act(frame);
    expect(r.get('map-caption').textContent).toBe('PCA of h at step 40 · 8 images');
    expect(r.get('map-canvas').dataset.points).toBe('8');
    expect(r.get('map-legend').textContent).toBe('circle (2)square (2)triangle (2)star (2)');

    click(r.get('map-method-umap'));
    click(r.get('map-space-z'));
    expect(r.port.take()).toEqual([
      { type: 'requestMap', method: 'umap', space: 'h', maxPoints: MAP_MAX_POINTS },
      { type: 'requestMap', method: 'umap', space: 'z', maxPoints: MAP_MAX_POINTS },
    ]);
    change(r.get('map-auto') as HTMLSelectElement, '1');
    expect(r.store.getState().mapAutoEvery).toBe(1);
  });

  it('shows the image under the mouse and picks it on click; the keyboard walks the dots', async () => {
    const r = renderWithStore(<EmbeddingMap />, { ready: true });
    cleanup = r.unmount;
    r.act(() => {
      r.store.getState().receive(labelledDataset(8));
      r.store.getState().receive(mapMessage(4, 40));
    });
    r.port.take();
    await r.act(frame);
    const canvas = r.get('map-canvas');
    canvas.getBoundingClientRect = () => ({ left: 0, top: 0, width: 360, height: 270, right: 360, bottom: 270, x: 0, y: 0, toJSON: () => ({}) });
    // Where point 3 (map coordinates (3, 1)) landed.
    const layout = layoutPoints(mapMessage(4).points, 360, 270);
    const x = layout.xs[3]!;
    const y = layout.ys[3]!;
    act(() => {
      canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: x + 2, clientY: y - 1, bubbles: true }));
    });
    const tooltip = r.get('map-tooltip');
    expect(tooltip.dataset.index).toBe('3');
    expect(tooltip.textContent).toMatch(/star.*image 3/);
    act(() => {
      canvas.dispatchEvent(new MouseEvent('click', { clientX: x, clientY: y, bubbles: true }));
    });
    expect(r.port.take()).toEqual([{ type: 'requestNeighbours', index: 3, k: 8 }]);

    act(() => {
      canvas.dispatchEvent(new MouseEvent('mouseleave', { bubbles: true }));
      canvas.focus();
    });
    // Focus starts on the picked dot (3, at the right edge); ArrowLeft goes to a dot to its left.
    expect(r.get('map-tooltip').dataset.index).toBe('3');
    act(() => {
      canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    });
    const next = r.get('map-tooltip').dataset.index;
    expect(next).not.toBe('3');
    act(() => {
      canvas.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    });
    expect(r.port.take()).toEqual([{ type: 'requestNeighbours', index: Number(next), k: 8 }]);
  });
});
