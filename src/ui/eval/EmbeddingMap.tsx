/**
 * The embedding map: every image as a dot placed by PCA or UMAP of h or z,
 * coloured by label. Drawn into one canvas (once per frame at most); the mouse
 * is hit-tested through a grid of cells; arrow keys walk from dot to dot.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useApp, useAppStore } from '../../state/context';
import { Panel } from '../components/Panel';
import { drawMap } from './drawMap';
import { layoutPoints } from './mapLayout';
import { MapControls } from './MapControls';
import { MapLegend } from './MapLegend';
import { MapTooltip } from './MapTooltip';
import { PointGrid, stepInDirection } from './pointGrid';
import { useElementWidth } from '../components/useElementWidth';
import './eval.css';

const MAX_HEIGHT = 420;
const HIT_RADIUS = 9;
const ARROWS: Record<string, [number, number]> = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };

const METHOD_NAME = { pca: 'PCA', umap: 'UMAP' } as const;

export function EmbeddingMap() {
  const store = useAppStore();
  const map = useApp((s) => s.map);
  const pending = useApp((s) => s.mapPending);
  const dataset = useApp((s) => s.dataset);
  const selected = useApp((s) => s.selectedImage);
  const neighbours = useApp((s) => s.neighbours);
  const canAsk = useApp((s) => s.ready !== null && s.dataset !== null && !s.datasetPending);
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(wrapRef, 360);
  const height = Math.min(MAX_HEIGHT, Math.max(220, Math.round(width * 0.75)));
  /** Point under the mouse or keyboard cursor (index into the map), and whether the keyboard put it there. */
  const [hover, setHover] = useState<{ point: number; keyboard: boolean } | null>(null);

  const layout = useMemo(() => (map ? layoutPoints(map.points, width, height) : null), [map, width, height]);
  const grid = useMemo(() => (layout ? new PointGrid(layout.xs, layout.ys, layout.width, layout.height) : null), [layout]);
  const pointOf = useMemo(() => {
    const out = new Map<number, number>();
    if (map) map.indices.forEach((datasetIndex, point) => out.set(datasetIndex, point));
    return out;
  }, [map]);

  const selectedPoint = selected === null ? -1 : (pointOf.get(selected) ?? -1);
  const neighbourPoints = useMemo(
    () => (neighbours && neighbours.index === selected ? [...neighbours.neighbours].map((i) => pointOf.get(i) ?? -1) : []),
    [neighbours, selected, pointOf],
  );
  const cursor = hover?.keyboard ? hover.point : -1;

  useEffect(() => {
    setHover(null);
  }, [map]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !layout || !map) return;
    const frame = requestAnimationFrame(() => {
      const t0 = performance.now();
      drawMap(canvas, layout, map.labels, { selected: selectedPoint, neighbours: neighbourPoints, cursor }, window.devicePixelRatio || 1);
      canvas.dataset.drawMs = (performance.now() - t0).toFixed(1);
      canvas.dataset.points = String(map.indices.length);
      canvas.dataset.step = String(map.step);
    });
    return () => cancelAnimationFrame(frame);
  }, [layout, map, selectedPoint, neighbourPoints, cursor]);

  const pick = (point: number) => {
    const index = map?.indices[point];
    if (index !== undefined) store.getState().selectImage(index);
  };

  const hovered = hover && map && layout ? hover.point : -1;
  return (
    <Panel title="Embedding map" testId="map-panel" explain="map" className="map-panel">
      <MapControls />
      <p className="map-caption" data-testid="map-caption" aria-live="polite">
        {map
          ? `${METHOD_NAME[map.method]} of ${map.space} at step ${map.step} · ${map.indices.length} images${pending ? ' · updating…' : ''}`
          : pending
            ? 'Mapping the embeddings…'
            : 'No map yet: press Refresh (it takes a moment; UMAP longer than PCA).'}
      </p>
      <div className="map-wrap" ref={wrapRef} style={{ height: map ? height : undefined }}>
        {map ? (
          <canvas
            ref={canvasRef}
            className="map-canvas"
            data-testid="map-canvas"
            style={{ width, height }}
            tabIndex={0}
            role="img"
            aria-label={`Map of ${map.indices.length} images coloured by label. Arrow keys move between dots, Enter shows the neighbours of the dot under the cursor, Escape leaves.`}
            onMouseMove={(e) => {
              if (!grid) return;
              const rect = e.currentTarget.getBoundingClientRect();
              const point = grid.nearest(e.clientX - rect.left, e.clientY - rect.top, HIT_RADIUS);
              if (point < 0) {
                if (hover && !hover.keyboard) setHover(null);
                return;
              }
              if (!hover || hover.point !== point || hover.keyboard) setHover({ point, keyboard: false });
            }}
            onMouseLeave={() => {
              if (hover && !hover.keyboard) setHover(null);
            }}
            onClick={(e) => {
              if (!grid) return;
              const rect = e.currentTarget.getBoundingClientRect();
              const point = grid.nearest(e.clientX - rect.left, e.clientY - rect.top, HIT_RADIUS);
              if (point >= 0) pick(point);
            }}
            onFocus={() => {
              if (!layout || layout.xs.length === 0) return;
              const start = selectedPoint >= 0 ? selectedPoint : (grid?.nearest(layout.width / 2, layout.height / 2, Math.max(layout.width, layout.height)) ?? 0);
              setHover({ point: Math.max(0, start), keyboard: true });
            }}
            onBlur={() => setHover(null)}
            onKeyDown={(e) => {
              if (!layout) return;
              if (e.key === 'Escape') return setHover(null);
              const from = hover?.point ?? 0;
              if ((e.key === 'Enter' || e.key === ' ') && hover) {
                e.preventDefault();
                pick(from);
                return;
              }
              const dir = ARROWS[e.key];
              if (!dir) return;
              e.preventDefault();
              setHover({ point: stepInDirection(layout.xs, layout.ys, from, dir[0], dir[1]), keyboard: true });
            }}
          />
        ) : (
          <button type="button" className="button" data-testid="map-draw" disabled={!canAsk || pending} onClick={() => store.getState().requestMap()}>
            {pending ? 'Mapping…' : 'Draw the map'}
          </button>
        )}
        {hovered >= 0 && layout && map && (
          <MapTooltip index={map.indices[hovered]!} x={layout.xs[hovered]!} y={layout.ys[hovered]!} width={layout.width} />
        )}
      </div>
      {map && dataset && <MapLegend labels={map.labels} classNames={dataset.classNames} />}
    </Panel>
  );
}
