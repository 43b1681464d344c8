/** A grid of the worker's thumbnails of the dataset in use, drawn into one canvas. */
import { useEffect, useRef } from 'react';
import { useApp } from '../../state/context';

const SHOWN = 48;
const COLUMNS = 12;

export function DatasetThumbs() {
  const dataset = useApp((s) => s.dataset);
  const ref = useRef<HTMLCanvasElement>(null);
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
  return (
    <canvas
      ref={ref}
      className="pixels dataset-thumbs"
      data-testid="dataset-thumbs"
      width={COLUMNS * dataset.thumbSize}
      height={rows * dataset.thumbSize}
      role="img"
      aria-label={`The first ${count} of ${dataset.count} training images`}
    />
  );
}
