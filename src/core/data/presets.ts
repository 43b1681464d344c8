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

/** How to get the preset files back, for the messages below. */
const MAKE_THEM = 'They are made by `npm run datasets` (which `npm run build` and `npm start` run first): run it and reload. If the files are there, the download failed: reload to try again.';

/**
 * A packed preset's files are missing, did not download, or are not dataset
 * files (a server answering with its HTML page). The message says what to do.
 */
export class DatasetFileError extends Error {
  override readonly name = 'DatasetFileError';
  constructor(readonly preset: PresetName, readonly path: string, detail: string) {
    super(`The ${preset} dataset could not be loaded: ${detail}. ${MAKE_THEM}`);
  }
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
  const metaPath = `datasets/${name}.json`;
  const dataPath = `datasets/${name}.u8`;
  const meta = parseMeta(name, await fetchFile(name, metaPath, fetchBytes));
  const bytes = await fetchFile(name, dataPath, fetchBytes);
  let unpacked;
  try {
    unpacked = unpackDataset(meta, bytes);
  } catch (err) {
    // Most often a missing .u8 that the server answered with its HTML page (a 200), so the size is wrong.
    throw new DatasetFileError(name, dataPath, `${dataPath} is missing or not this dataset's data file (${err instanceof Error ? err.message : String(err)})`);
  }
  const packed = takeImages(unpacked, count);
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
    throw new DatasetFileError(name, `datasets/${name}.json`, `the ${name} dataset files are missing from this build (datasets/${name}.json is not a dataset file)`);
  }
  return meta as PackedMeta;
}

/** One preset file; a failed read (404, no such file, network) becomes a DatasetFileError. */
async function fetchFile(name: PresetName, path: string, fetchBytes: (path: string) => Promise<Uint8Array>): Promise<Uint8Array> {
  try {
    return await fetchBytes(path);
  } catch (err) {
    throw new DatasetFileError(name, path, `${path} is missing or failed to download (${err instanceof Error ? err.message : String(err)})`);
  }
}
