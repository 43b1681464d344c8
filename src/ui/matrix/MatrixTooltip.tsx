/** What a hovered (or keyboard-selected) cell is: the two views, their images and the value. */
import { useApp } from '../../state/context';
import { PixelCanvas } from '../components/PixelCanvas';
import { classOf, thumbnailOffset } from '../data/thumbnails';
import { cellValue, sourceColumn, type MatrixLayout, type MatrixMode } from './transform';

function viewName(index: number, size: number): { image: number; view: 1 | 2 } {
  const n = size / 2;
  return { image: index % n, view: index < n ? 1 : 2 };
}

export function MatrixTooltip(props: {
  row: number;
  col: number;
  mode: MatrixMode;
  layout: MatrixLayout;
  x: number;
  y: number;
  flip: boolean;
}) {
  const similarity = useApp((s) => s.similarity);
  const dataset = useApp((s) => s.dataset);
  if (!similarity) return null;
  const { size, values, imageIndices, temperature } = similarity;
  const { row, mode, layout } = props;
  if (row >= size) return null;
  const col = sourceColumn(row, Math.min(props.col, layout === 'masked' ? size - 1 : size - 2), size, layout);
  const a = viewName(row, size);
  const b = viewName(col, size);
  const datasetA = imageIndices[a.image] ?? -1;
  const datasetB = imageIndices[b.image] ?? -1;
  const cosine = values[row * size + col] ?? NaN;
  const kind = row === col ? 'the same view (masked)' : col === (row + size / 2) % size ? 'positive pair' : 'negative pair';
  let shown = '';
  if (row !== col && mode !== 'cosine') {
    const v = cellValue(values, size, row, col, mode, temperature);
    shown = mode === 'logits' ? `logit ${v.toFixed(2)}` : `softmax ${(v * 100).toFixed(1)}%`;
  }

  const thumb = (datasetIndex: number, label: string) => {
    if (!dataset) return null;
    const offset = thumbnailOffset(dataset, datasetIndex);
    if (offset < 0) return null;
    const cls = classOf(dataset, datasetIndex);
    return (
      <figure>
        <PixelCanvas pixels={dataset.thumbnails} offset={offset} size={dataset.thumbSize} label={label} />
        <figcaption>
          {label}
          {cls && <span className="tooltip-class"> · {cls}</span>}
        </figcaption>
      </figure>
    );
  };

  return (
    <div
      className="matrix-tooltip"
      role="status"
      data-testid="matrix-tooltip"
      style={{ left: props.flip ? undefined : props.x + 14, right: props.flip ? `calc(100% - ${props.x - 14}px)` : undefined, top: props.y + 14 }}
    >
      <div className="tooltip-views">
        {thumb(datasetA, `#${datasetA} view ${a.view}`)}
        <span aria-hidden="true">↔</span>
        {thumb(datasetB, `#${datasetB} view ${b.view}`)}
      </div>
      <p>
        <strong>{kind}</strong>
        <br />
        row {row} (image #{datasetA}, view {a.view}) × column {col} (image #{datasetB}, view {b.view})
        <br />
        cosine {Number.isFinite(cosine) ? cosine.toFixed(3) : '–'}
        {shown && ` · ${shown}`}
      </p>
    </div>
  );
}
