/**
 * Drawing the heatmap, cheaply enough for ten matrices a second on the main
 * thread. The visible canvas has one pixel per cell (cols x rows), so a new
 * matrix is one putImageData of at most 65,536 pixels at 2N = 256 and nothing
 * else: the browser scales the canvas to its CSS box with `image-rendering:
 * pixelated`. Its 2D context is created with `willReadFrequently`, which keeps
 * the bitmap in the page's own memory: putImageData is then a copy, never a
 * round trip to the GPU process (on a software GPU that round trip could wait
 * for a whole frame to be drawn).
 *
 * The positive pairs are outlined on a second, transparent canvas on top, at
 * the device resolution of the CSS box, with per-cell boxes when cells are big
 * enough and as a band around each positive diagonal when they are not. The
 * outlines depend only on the matrix size, the layout and the box, so they are
 * redrawn when one of those changes, not for every matrix. Neither draw reads
 * layout (no clientWidth): the box comes from a ResizeObserver.
 */
import { DIVERGING_LUT, paintCells, SEQUENTIAL_LUT } from './colormap';
import type { MatrixLayout, MatrixView } from './transform';

export const MASK_RGB: [number, number, number] = [128, 128, 128];
export const OUTLINE = '#111111';
export const OUTLINE_HALO = 'rgba(255, 255, 255, 0.85)';

/** The heatmap canvas and the ImageData reused between matrices of one size. */
export interface Heatmap {
  canvas: HTMLCanvasElement;
  image: ImageData | null;
}

function context(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  return canvas.getContext('2d', { willReadFrequently: true });
}

/** Paints `view` into the heatmap canvas, resizing it to cols x rows pixels when the shape changed. */
export function paintHeatmap(heatmap: Heatmap, view: MatrixView): void {
  const { canvas } = heatmap;
  if (canvas.width !== view.cols || canvas.height !== view.rows) {
    canvas.width = view.cols;
    canvas.height = view.rows;
    heatmap.image = null;
  }
  const ctx = context(canvas);
  if (!ctx) return;
  if (!heatmap.image || heatmap.image.width !== view.cols || heatmap.image.height !== view.rows) {
    heatmap.image = ctx.createImageData(view.cols, view.rows);
  }
  paintCells(view.cells, view.lo, view.hi, view.diverging ? DIVERGING_LUT : SEQUENTIAL_LUT, MASK_RGB, heatmap.image.data);
  ctx.putImageData(heatmap.image, 0, 0);
}

/** What the outline canvas shows; drawn again only when one of these changes. */
export interface OutlineKey {
  rows: number;
  cols: number;
  layout: MatrixLayout;
  /** The CSS box of the heatmap, in device pixels. */
  width: number;
  height: number;
}

export function sameOutline(a: OutlineKey | null, b: OutlineKey): boolean {
  return a !== null && a.rows === b.rows && a.cols === b.cols && a.layout === b.layout && a.width === b.width && a.height === b.height;
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

/** Draws the positive-pair outlines for `key` onto the transparent overlay canvas. */
export function drawOutlines(canvas: HTMLCanvasElement, key: OutlineKey): void {
  const width = Math.max(1, Math.round(key.width));
  const height = Math.max(1, Math.round(key.height));
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, width, height);
  outlinePositives(ctx, key.rows, key.layout, width / key.cols, height / key.rows);
}

/** The device-pixel size of a ResizeObserver entry's content box. */
export function devicePixelBox(entry: ResizeObserverEntry): { width: number; height: number } {
  const device = entry.devicePixelContentBoxSize?.[0];
  if (device) return { width: device.inlineSize, height: device.blockSize };
  const dpr = typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1;
  return { width: entry.contentRect.width * dpr, height: entry.contentRect.height * dpr };
}

/** The cell under a point in CSS pixels of the canvas, or null outside. */
export function cellAt(canvas: HTMLCanvasElement, view: Pick<MatrixView, 'rows' | 'cols'>, x: number, y: number): { row: number; col: number } | null {
  const w = canvas.clientWidth;
  const h = canvas.clientHeight;
  if (w <= 0 || h <= 0 || x < 0 || y < 0 || x >= w || y >= h) return null;
  return { row: Math.floor((y / h) * view.rows), col: Math.floor((x / w) * view.cols) };
}
