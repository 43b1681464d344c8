/** One dataset image as the worker's thumbnail, with its index and label for screen readers. */
import { useApp } from '../../state/context';
import { PixelCanvas } from '../components/PixelCanvas';
import { classOf, thumbnailOffset } from '../data/thumbnails';

export function DatasetImage(props: { index: number; className?: string; testId?: string }) {
  const dataset = useApp((s) => s.dataset);
  if (!dataset) return null;
  const offset = thumbnailOffset(dataset, props.index);
  const cls = classOf(dataset, props.index);
  const label = `Image ${props.index}${cls ? `, ${cls}` : ''}`;
  if (offset < 0) return <span className={`thumb-missing ${props.className ?? ''}`} role="img" aria-label={label} />;
  return <PixelCanvas pixels={dataset.thumbnails} offset={offset} size={dataset.thumbSize} label={label} className={props.className} testId={props.testId} />;
}
