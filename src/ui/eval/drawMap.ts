/**
 * Draws a map's points into a canvas: one path per class (1000 points draw in
 * a millisecond or two), then rings around the picked image and its neighbours
 * and the keyboard cursor, in a dark-and-light double ring that shows on both themes.
 */
import type { MapLayout } from './mapLayout';
import { classColour } from './palette';

export interface MapMarks {
  /** Point indices (into the map, not the dataset). */
  selected: number;
  neighbours: readonly number[];
  cursor: number;
}

const RADIUS = 3;

function ring(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, width: number): void {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.lineWidth = width + 2;
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.85)';
  ctx.stroke();
  ctx.lineWidth = width;
  ctx.strokeStyle = '#ffffff';
  ctx.stroke();
}

export function drawMap(canvas: HTMLCanvasElement, layout: MapLayout, labels: ArrayLike<number>, marks: MapMarks, dpr: number): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const w = Math.round(layout.width * dpr);
  const h = Math.round(layout.height * dpr);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, layout.width, layout.height);

  const byClass = new Map<number, number[]>();
  for (let i = 0; i < layout.xs.length; i++) {
    const label = labels[i] ?? -1;
    const list = byClass.get(label);
    if (list) list.push(i);
    else byClass.set(label, [i]);
  }
  ctx.globalAlpha = 0.85;
  for (const [label, list] of byClass) {
    ctx.beginPath();
    for (const i of list) {
      const x = layout.xs[i]!;
      const y = layout.ys[i]!;
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      ctx.moveTo(x + RADIUS, y);
      ctx.arc(x, y, RADIUS, 0, Math.PI * 2);
    }
    ctx.fillStyle = classColour(label);
    ctx.fill();
  }
  ctx.globalAlpha = 1;

  for (const i of marks.neighbours) if (i >= 0 && i < layout.xs.length) ring(ctx, layout.xs[i]!, layout.ys[i]!, RADIUS + 2, 1);
  if (marks.selected >= 0 && marks.selected < layout.xs.length) ring(ctx, layout.xs[marks.selected]!, layout.ys[marks.selected]!, RADIUS + 4, 2);
  if (marks.cursor >= 0 && marks.cursor < layout.xs.length) {
    ctx.setLineDash([3, 2]);
    ring(ctx, layout.xs[marks.cursor]!, layout.ys[marks.cursor]!, RADIUS + 7, 1.5);
    ctx.setLineDash([]);
  }
}
