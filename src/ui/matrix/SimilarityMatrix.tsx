/**
 * The 2N x 2N similarity matrix as a heatmap. Drawn from a store subscription
 * (no React render per matrix), coalesced to one draw per animation frame; a
 * draw is one putImageData into a canvas of one pixel per cell, and the
 * positive-pair outlines on the overlay canvas are redrawn only when the size,
 * layout or box changes (draw.ts). Hover or focus + arrow keys picks a cell;
 * the tooltip shows both views.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { displayPace } from '../display/displayPace';
import { useApp, useAppStore } from '../../state/context';
import type { SimilarityMessage } from '../../worker/protocol';
import { Panel } from '../components/Panel';
import { SwitchField } from '../components/SwitchField';
import { cellAt, devicePixelBox, drawOutlines, paintHeatmap, sameOutline, type Heatmap, type OutlineKey } from './draw';
import { MatrixAxes } from './MatrixAxes';
import { MatrixCursor } from './MatrixCursor';
import { MatrixLegend } from './MatrixLegend';
import { MatrixTooltip } from './MatrixTooltip';
import { transformMatrix, type MatrixLayout, type MatrixMode, type MatrixView } from './transform';

const MODES: { value: MatrixMode; label: string; unit: string }[] = [
  { value: 'cosine', label: 'Cosine', unit: 'cosine similarity' },
  { value: 'logits', label: 'Logits (÷ τ)', unit: 'similarity / τ' },
  { value: 'softmax', label: 'Row softmax', unit: 'probability per row' },
];

interface Cursor {
  row: number;
  col: number;
  x: number;
  y: number;
  flip: boolean;
}

/** The overlay fills the heatmap's box and lets the pointer through to it. */
const OUTLINE_STYLE = { position: 'absolute', inset: 0, width: '100%', height: '100%', pointerEvents: 'none' } as const;

/** Sets a text node only when it changed (no needless style and layout work). */
function setText(el: HTMLElement | null, text: string): void {
  if (el && el.textContent !== text) el.textContent = text;
}

function formatEnd(v: number, mode: MatrixMode): string {
  return mode === 'softmax' ? `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%` : v.toFixed(mode === 'logits' && Math.abs(v) >= 10 ? 0 : 1);
}

export function SimilarityMatrix() {
  const store = useAppStore();
  const hasMatrix = useApp((s) => s.similarity !== null);
  const [mode, setMode] = useState<MatrixMode>('cosine');
  const [layout, setLayout] = useState<MatrixLayout>('masked');
  const [cursor, setCursor] = useState<Cursor | null>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const captionRef = useRef<HTMLParagraphElement>(null);
  const loRef = useRef<HTMLSpanElement>(null);
  const hiRef = useRef<HTMLSpanElement>(null);
  const outlineRef = useRef<HTMLCanvasElement>(null);
  const heatmapRef = useRef<Heatmap | null>(null);
  const viewRef = useRef<MatrixView | null>(null);
  /** The heatmap's CSS box in device pixels, from the ResizeObserver (null until it reports). */
  const boxRef = useRef<{ width: number; height: number } | null>(null);
  const outlinedRef = useRef<OutlineKey | null>(null);

  /** Redraws the outlines if the matrix size, the layout or the box changed since the last time. */
  const outline = useCallback(() => {
    const overlay = outlineRef.current;
    const view = viewRef.current;
    const box = boxRef.current;
    if (!overlay || !view || !box) return;
    const key: OutlineKey = { rows: view.rows, cols: view.cols, layout, width: box.width, height: box.height };
    if (sameOutline(outlinedRef.current, key)) return;
    outlinedRef.current = key;
    drawOutlines(overlay, key);
  }, [layout]);

  const draw = useCallback(
    (message: SimilarityMessage | null) => {
      const canvas = canvasRef.current;
      if (!canvas || !message) return;
      const t0 = performance.now();
      heatmapRef.current ??= { canvas, image: null };
      const view = transformMatrix(message.values, message.size, mode, message.temperature, layout);
      viewRef.current = view;
      paintHeatmap(heatmapRef.current, view);
      outline();
      canvas.dataset.drawMs = (performance.now() - t0).toFixed(1);
      canvas.dataset.step = String(message.step);
      if (canvas.dataset.size !== String(message.size)) canvas.dataset.size = String(message.size);
      setText(loRef.current, formatEnd(view.lo, mode));
      setText(hiRef.current, formatEnd(view.hi, mode));
      setText(captionRef.current, `Step ${message.step} · 2N = ${message.size} views · τ = ${message.temperature}`);
    },
    [mode, layout, outline],
  );

  useEffect(() => {
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const drawLatest = () => {
      frame = 0;
      timer = undefined;
      draw(store.getState().similarity);
      displayPace.changed(performance.now());
    };
    // Next frame on a fast display; on a slow one, in the live views' shared slot (display/displayPace.ts).
    const schedule = () => {
      if (frame || timer !== undefined) return;
      const wait = displayPace.wait(performance.now());
      if (wait > 0) timer = setTimeout(drawLatest, wait);
      else frame = requestAnimationFrame(drawLatest);
    };
    draw(store.getState().similarity);
    const unsubscribe = store.subscribe((s) => s.similarity, schedule);
    const observer = typeof ResizeObserver !== 'undefined'
      ? new ResizeObserver((entries) => {
          const entry = entries[entries.length - 1];
          if (!entry) return;
          boxRef.current = devicePixelBox(entry);
          outline();
        })
      : null;
    if (observer && canvasRef.current) {
      try {
        observer.observe(canvasRef.current, { box: 'device-pixel-content-box' });
      } catch {
        observer.observe(canvasRef.current);
      }
    }
    return () => {
      unsubscribe();
      observer?.disconnect();
      if (frame) cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [store, draw, outline, hasMatrix]);

  const placeCursor = (row: number, col: number) => {
    const canvas = canvasRef.current;
    const view = viewRef.current;
    if (!canvas || !view) return;
    const r = Math.max(0, Math.min(view.rows - 1, row));
    const c = Math.max(0, Math.min(view.cols - 1, col));
    const x = ((c + 0.5) / view.cols) * canvas.clientWidth;
    const y = ((r + 0.5) / view.rows) * canvas.clientHeight;
    setCursor({ row: r, col: c, x, y, flip: x > canvas.clientWidth * 0.55 });
  };

  const activeMode = MODES.find((m) => m.value === mode)!;
  return (
    <Panel title="Similarity matrix" testId="matrix-panel" explain="matrix" className="matrix-panel">
      <div className="matrix-controls">
        <fieldset className="segmented">
          <legend className="visually-hidden">Show</legend>
          {MODES.map((m) => (
            <label key={m.value} className={mode === m.value ? 'selected' : undefined}>
              <input
                type="radio"
                name="matrix-mode"
                value={m.value}
                data-testid={`matrix-mode-${m.value}`}
                checked={mode === m.value}
                onChange={() => setMode(m.value)}
              />
              {m.label}
            </label>
          ))}
        </fieldset>
        <SwitchField
          label="Positive first"
          checked={layout === 'positive-first'}
          testId="matrix-positive-first"
          description="Drop the diagonal and move each row's positive to column 0: the cross-entropy label is 0 for every row."
          onChange={(on) => {
            setCursor(null);
            setLayout(on ? 'positive-first' : 'masked');
          }}
        />
      </div>
      <p ref={captionRef} className="matrix-caption" data-testid="matrix-caption" aria-live="off">
        {hasMatrix ? '' : 'The matrix appears with the first training step.'}
      </p>
      <div className="matrix-frame">
        <MatrixAxes layout={layout} />
        <div className="matrix-wrap">
        <canvas
          ref={canvasRef}
          className="matrix-canvas"
          data-testid="matrix-canvas"
          data-layout={layout}
          data-mode={mode}
          tabIndex={0}
          role="img"
          aria-label={`Similarity matrix of the batch (${activeMode.unit}). Use the arrow keys to inspect cells.`}
          onMouseMove={(e) => {
            const view = viewRef.current;
            const canvas = canvasRef.current;
            if (!view || !canvas) return;
            const rect = canvas.getBoundingClientRect();
            const cell = cellAt(canvas, view, e.clientX - rect.left, e.clientY - rect.top);
            if (!cell) return setCursor(null);
            if (cursor && cursor.row === cell.row && cursor.col === cell.col) return;
            placeCursor(cell.row, cell.col);
          }}
          onMouseLeave={() => setCursor(null)}
          onFocus={() => {
            const view = viewRef.current;
            if (!cursor && view) placeCursor(0, layout === 'masked' ? view.rows / 2 : 0);
          }}
          onBlur={() => setCursor(null)}
          onKeyDown={(e) => {
            const moves: Record<string, [number, number]> = {
              ArrowUp: [-1, 0],
              ArrowDown: [1, 0],
              ArrowLeft: [0, -1],
              ArrowRight: [0, 1],
            };
            const move = moves[e.key];
            if (e.key === 'Escape') return setCursor(null);
            if (!move) return;
            e.preventDefault();
            const c = cursor ?? { row: 0, col: 0 };
            placeCursor(c.row + move[0], c.col + move[1]);
          }}
        />
        <canvas ref={outlineRef} className="matrix-outlines" aria-hidden="true" style={OUTLINE_STYLE} />
        {cursor && viewRef.current && <MatrixCursor row={cursor.row} col={cursor.col} rows={viewRef.current.rows} cols={viewRef.current.cols} />}
        {cursor && <MatrixTooltip row={cursor.row} col={cursor.col} mode={mode} layout={layout} x={cursor.x} y={cursor.y} flip={cursor.flip} />}
        </div>
      </div>
      <MatrixLegend diverging={mode !== 'softmax'} unit={activeMode.unit} loRef={loRef} hiRef={hiRef} />
    </Panel>
  );
}
