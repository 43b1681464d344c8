/**
 * The built-in datasets by name: synthetic shapes (generated), MNIST and
 * Fashion-MNIST (packed files made at build time; see `packed.ts`). Used by the
 * worker and by the command-line tools alike.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { bytesToImageTensor } from './imageTensor';
import { takeImages, unpackDataset, type PackedMeta } from './packed';
import { generateShapes } from './shapes';

export type PresetName = 'shapes' | 'mnist' | 'fashion-mnist';
export const PRESET_NAMES: readonly PresetName[] = ['shapes', 'mnist', 'fashion-mnist'];

export interface PresetData {
  /** [count, size, size, channels] float32 in [0, 1]. */
  images: tf.Tensor4D;
  labels: Int32Array;
  classNames: string[];
}

/**
 * Loads `count` images of a preset at `size` x `size` x `channels`.
 * @param fetchBytes reads a file of the built app's `public/` folder, e.g. `datasets/mnist.json`.
 * @param seed the shapes generator's seed (the packed datasets are fixed).
 */
export async function loadPreset(
  name: PresetName,
  count: number,
  size: number,
  channels: 1 | 3,
  fetchBytes: (path: string) => Promise<Uint8Array>,
  seed = 0,
): Promise<PresetData> {
  if (name === 'shapes') {
    const { images, labels, classNames } = generateShapes({ count, size, channels, seed });
    return { images, labels, classNames: [...classNames] };
  }
  const meta = parseMeta(name, await fetchBytes(`datasets/${name}.json`));
  const packed = takeImages(unpackDataset(meta, await fetchBytes(`datasets/${name}.u8`)), count);
  const images = bytesToImageTensor(packed.pixels, packed.meta.count, meta.height, meta.width, meta.channels, size, channels);
  return { images, labels: packed.labels, classNames: meta.classNames };
}

/** The dataset's meta file, or an error that says what to do when it is not one (e.g. a server's HTML fallback page). */
function parseMeta(name: PresetName, bytes: Uint8Array): PackedMeta {
  const text = new TextDecoder().decode(bytes);
  let meta: Partial<PackedMeta> | undefined;
  try {
    meta = JSON.parse(text) as Partial<PackedMeta>;
  } catch {
    meta = undefined;
  }
  if (!meta || typeof meta.count !== 'number' || !Array.isArray(meta.classNames)) {
    throw new Error(`The ${name} dataset files are missing from this build (datasets/${name}.json is not a dataset file). They are made by \`npm run datasets\`, which \`npm run build\` and \`npm start\` run first.`);
  }
  return meta as PackedMeta;
}
