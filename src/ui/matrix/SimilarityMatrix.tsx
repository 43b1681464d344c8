/**
 * The 2N x 2N similarity matrix as a heatmap. Drawn from a store subscription
 * (no React render per matrix), coalesced to one draw per animation frame.
 * Hover or focus + arrow keys picks a cell; the tooltip shows both views.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useApp, useAppStore } from '../../state/context';
import type { SimilarityMessage } from '../../worker/protocol';
import { Panel } from '../components/Panel';
import { SwitchField } from '../components/SwitchField';
import { cellAt, composite, createOffscreen, paintOffscreen, type Offscreen } from './draw';
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
  const offRef = useRef<Offscreen | null>(null);
  const viewRef = useRef<MatrixView | null>(null);

  const recomposite = useCallback(() => {
    const canvas = canvasRef.current;
    const view = viewRef.current;
    if (!canvas || !view || !offRef.current) return;
    composite(canvas, offRef.current, view, layout);
  }, [layout]);

  const draw = useCallback(
    (message: SimilarityMessage | null) => {
      const canvas = canvasRef.current;
      if (!canvas || !message) return;
      const t0 = performance.now();
      offRef.current ??= createOffscreen();
      const view = transformMatrix(message.values, message.size, mode, message.temperature, layout);
      viewRef.current = view;
      paintOffscreen(offRef.current, view);
      composite(canvas, offRef.current, view, layout);
      canvas.dataset.drawMs = (performance.now() - t0).toFixed(1);
      canvas.dataset.step = String(message.step);
      canvas.dataset.size = String(message.size);
      if (loRef.current) loRef.current.textContent = formatEnd(view.lo, mode);
      if (hiRef.current) hiRef.current.textContent = formatEnd(view.hi, mode);
      if (captionRef.current) {
        captionRef.current.textContent = `Step ${message.step} · 2N = ${message.size} views · τ = ${message.temperature}`;
      }
    },
    [mode, layout],
  );

  useEffect(() => {
    let frame = 0;
    const schedule = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        draw(store.getState().similarity);
      });
    };
    draw(store.getState().similarity);
    const unsubscribe = store.subscribe((s) => s.similarity, schedule);
    const observer = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(recomposite) : null;
    if (observer && canvasRef.current) observer.observe(canvasRef.current);
    return () => {
      unsubscribe();
      observer?.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [store, draw, recomposite, hasMatrix]);

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
        {cursor && viewRef.current && <MatrixCursor row={cursor.row} col={cursor.col} rows={viewRef.current.rows} cols={viewRef.current.cols} />}
        {cursor && <MatrixTooltip row={cursor.row} col={cursor.col} mode={mode} layout={layout} x={cursor.x} y={cursor.y} flip={cursor.flip} />}
        </div>
      </div>
      <MatrixLegend diverging={mode !== 'softmax'} unit={activeMode.unit} loRef={loRef} hiRef={hiRef} />
    </Panel>
  );
}
