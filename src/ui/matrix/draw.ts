/**
 * Drawing the heatmap: colours go into an ImageData of one pixel per cell on an
 * offscreen canvas (one putImageData for all 65,536 cells at 2N = 256), which is
 * then scaled onto the visible canvas without smoothing; positive pairs are
 * outlined on top, with per-cell boxes when cells are big enough and as a band
 * around each positive diagonal when they are not.
 */
import { DIVERGING_LUT, paintCells, SEQUENTIAL_LUT } from './colormap';
import type { MatrixLayout, MatrixView } from './transform';

export const MASK_RGB: [number, number, number] = [128, 128, 128];
export const OUTLINE = '#111111';
export const OUTLINE_HALO = 'rgba(255, 255, 255, 0.85)';

export interface Offscreen {
  canvas: HTMLCanvasElement;
  image: ImageData | null;
}

export function createOffscreen(): Offscreen {
  return { canvas: document.createElement('canvas'), image: null };
}

/** Paints `view` into the offscreen canvas (cols x rows pixels). */
export function paintOffscreen(off: Offscreen, view: MatrixView): void {
  const { canvas } = off;
  if (canvas.width !== view.cols || canvas.height !== view.rows) {
    canvas.width = view.cols;
    canvas.height = view.rows;
    off.image = null;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  if (!off.image) off.image = ctx.createImageData(view.cols, view.rows);
  paintCells(view.cells, view.lo, view.hi, view.diverging ? DIVERGING_LUT : SEQUENTIAL_LUT, MASK_RGB, off.image.data);
  ctx.putImageData(off.image, 0, 0);
}

/** Sizes the visible canvas to its CSS box times the device pixel ratio; returns [width, height] in device pixels. */
export function fitCanvas(canvas: HTMLCanvasElement, aspect: number): [number, number] {
  const dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
  const cssWidth = canvas.clientWidth || 480;
  const width = Math.max(1, Math.round(cssWidth * dpr));
  const height = Math.max(1, Math.round(width * aspect));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  return [width, height];
}

function outlinePositives(ctx: CanvasRenderingContext2D, rows: number, layout: MatrixLayout, cw: number, ch: number): void {
  const n = rows / 2;
  ctx.beginPath();
  if (layout === 'positive-first') {
    ctx.rect(0.5, 0.5, cw - 1, rows * ch - 1);
  } else if (cw >= 6) {
    for (let r = 0; r < rows; r++) ctx.rect(((r + n) % rows) * cw + 0.5, r * ch + 0.5, cw - 1, ch - 1);
  } else {
    // Band edges around the diagonals (r, r + N) and (r + N, r): lines x - y = (N +- 1) cells.
    const band = (dx: number) => {
      ctx.moveTo((n + dx) * cw, 0);
      ctx.lineTo((2 * n) * cw, (n - dx) * ch);
      ctx.moveTo(0, (n + dx) * ch);
      ctx.lineTo((n - dx) * cw, (2 * n) * ch);
    };
    band(-1);
    band(1);
  }
  ctx.lineWidth = 3;
  ctx.strokeStyle = OUTLINE_HALO;
  ctx.stroke();
  ctx.lineWidth = 1.25;
  ctx.strokeStyle = OUTLINE;
  ctx.stroke();
}

/** Draws the offscreen cells and the positive outlines onto `canvas` (the hover cursor is a DOM overlay). */
export function composite(canvas: HTMLCanvasElement, off: Offscreen, view: MatrixView, layout: MatrixLayout): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const [width, height] = fitCanvas(canvas, view.rows / view.cols);
  ctx.imageSmoothingEnabled = false;
  ctx.clearRect(0, 0, width, height);
  ctx.drawImage(off.canvas, 0, 0, width, height);
  const cw = width / view.cols;
  const ch = height / view.rows;
  outlinePositives(ctx, view.rows, layout, cw, ch);
}

/** The cell under a point in CSS pixels of the canvas, or null outside. */
export function cellAt(canvas: HTMLCanvasElement, view: Pick<MatrixView, 'rows' | 'cols'>, x: number, y: number): { row: number; col: number } | null {
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (w <= 0 || h <= 0 || x < 0 || y < 0 || x >= w || y >= h) return null;
  return { row: Math.floor((y / h) * view.rows), col: Math.floor((x / w) * view.cols) };
}
