/** How much the worker takes in, so a huge upload cannot exhaust the tab. */

/** Largest image decoded, in pixels (width x height): 8000 x 8000. */
export const MAX_DECODE_PIXELS = 64_000_000;

/** Largest file read, in bytes. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

/** Budget of the dataset tensor (float32 at the training size), in bytes. */
export const MAX_DATASET_BYTES = 256 * 1024 * 1024;

/** Images at most, whatever their size. */
export const MAX_IMAGES = 20_000;

/** Thumbnails sent to the page (the first this many images), side in pixels. */
export const MAX_THUMBNAILS = 4096;
export const THUMB_SIZE = 32;

/** Images of a built-in preset unless a count is asked for. */
export const DEFAULT_PRESET_COUNT = { shapes: 1200, mnist: 2000, 'fashion-mnist': 2000 } as const;

/** How many images of `size` x `size` x `channels` fit the budget. */
export function imagesThatFit(size: number, channels: number): number {
  return Math.min(MAX_IMAGES, Math.floor(MAX_DATASET_BYTES / (size * size * channels * 4)));
}
