/** The worker's dataset thumbnails (RGBA, thumbSize square each, concatenated). */
import type { DatasetInfo } from '../../state/types';

/** Byte offset of thumbnail `index`, or -1 when there is none. */
export function thumbnailOffset(dataset: Pick<DatasetInfo, 'thumbnails' | 'thumbSize'>, index: number): number {
  const bytes = dataset.thumbSize * dataset.thumbSize * 4;
  if (bytes === 0 || index < 0) return -1;
  const offset = index * bytes;
  return offset + bytes <= dataset.thumbnails.length ? offset : -1;
}

/** The class name of image `index`, or undefined. */
export function classOf(dataset: Pick<DatasetInfo, 'labels' | 'classNames'>, index: number): string | undefined {
  const label = dataset.labels[index];
  return label === undefined || label < 0 ? undefined : dataset.classNames[label];
}
