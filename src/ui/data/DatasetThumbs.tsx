/**
 * A grid of the worker's thumbnails of the dataset in use, drawn into one
 * canvas. Clicking a thumbnail (or Enter on the keyboard cursor, moved with the
 * arrow keys) picks that image for the Nearest neighbours panel.
 */
import { useEffect, useRef, useState } from 'react';
import { useApp, useAppStore } from '../../state/context';
import { classOf } from './thumbnails';
import '../eval/eval.css';

const SHOWN = 48;
const COLUMNS = 12;
const ARROWS: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -COLUMNS, ArrowDown: COLUMNS };

function Outline({ index, rows, className }: { index: number; rows: number; className: string }) {
  const style = {
    left: `${((index % COLUMNS) / COLUMNS) * 100}%`,
    top: `${(Math.floor(index / COLUMNS) / rows) * 100}%`,
    width: `${100 / COLUMNS}%`,
    height: `${100 / rows}%`,
  };
  return <span className={className} style={style} aria-hidden="true" />;
}

export function DatasetThumbs() {
  const store = useAppStore();
  const dataset = useApp((s) => s.dataset);
  const selected = useApp((s) => s.selectedImage);
  const ref = useRef<HTMLCanvasElement>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const count = dataset ? Math.min(SHOWN, Math.floor(dataset.thumbnails.length / Math.max(1, dataset.thumbSize ** 2 * 4))) : 0;

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!dataset || !canvas || !ctx || count === 0) return;
    const t = dataset.thumbSize;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    for (let i = 0; i < count; i++) {
      const image = new ImageData(t, t);
      image.data.set(dataset.thumbnails.subarray(i * t * t * 4, (i + 1) * t * t * 4));
      ctx.putImageData(image, (i % COLUMNS) * t, Math.floor(i / COLUMNS) * t);
    }
  }, [dataset, count]);

  if (!dataset || count === 0) return null;
  const rows = Math.ceil(count / COLUMNS);
  const describe = (i: number) => {
    const cls = classOf(dataset, i);
    return `image ${i}${cls ? `, ${cls}` : ''}`;
  };
  return (
    <div className="dataset-thumbs-wrap">
      <canvas
        ref={ref}
        className="pixels dataset-thumbs"
        data-testid="dataset-thumbs"
        width={COLUMNS * dataset.thumbSize}
        height={rows * dataset.thumbSize}
        tabIndex={0}
        role="img"
        aria-label={`The first ${count} of ${dataset.count} training images. Click one, or use the arrow keys and Enter, to see its nearest neighbours.${
          cursor !== null ? ` Cursor on ${describe(cursor)}.` : ''
        }`}
        title="Click an image to see its nearest neighbours"
        onClick={(e) => {
          const rect = e.currentTarget.getBoundingClientRect();
          if (rect.width === 0 || rect.height === 0) return;
          const col = Math.floor(((e.clientX - rect.left) / rect.width) * COLUMNS);
          const row = Math.floor(((e.clientY - rect.top) / rect.height) * rows);
          const index = row * COLUMNS + col;
          if (col >= 0 && col < COLUMNS && index >= 0 && index < count) store.getState().selectImage(index);
        }}
        onFocus={() => setCursor(selected !== null && selected < count ? selected : 0)}
        onBlur={() => setCursor(null)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') return setCursor(null);
          if ((e.key === 'Enter' || e.key === ' ') && cursor !== null) {
            e.preventDefault();
            store.getState().selectImage(cursor);
            return;
          }
          const move = ARROWS[e.key];
          if (move === undefined) return;
          e.preventDefault();
          const next = (cursor ?? 0) + move;
          if (next >= 0 && next < count) setCursor(next);
        }}
      />
      {selected !== null && selected < count && <Outline index={selected} rows={rows} className="thumb-selected" />}
      {cursor !== null && <Outline index={cursor} rows={rows} className="thumb-cursor" />}
    </div>
  );
}
