/**
 * Builds the training tensor from what the user chose: a built-in preset or
 * their own images. Each image is decoded, centre-cropped to a square and
 * resized to the training size once, here in the worker; files that cannot be
 * used are listed with the reason and the rest go on.
 */
import * as tf from '@tensorflow/tfjs-core';
import { bytesToImageTensor, imagesToRgba } from '../../core/data/imageTensor';
import { loadPreset } from '../../core/data/presets';
import type { TrainingData } from '../../core/train/session';
import type { DatasetSource, ImageInput, RawImage, RejectedImage } from '../protocol';
import { ImageRejected } from './decode';
import { DEFAULT_PRESET_COUNT, MAX_THUMBNAILS, THUMB_SIZE, imagesThatFit } from './limits';

export interface DatasetDeps {
  /** Browser decoder of files, bitmaps and ImageData into size x size RGBA; absent in Node (raw images only). */
  decode?: (input: ImageInput, size: number) => Promise<Uint8ClampedArray>;
  /** Reads a file of the built app (`datasets/mnist.json`, ...). */
  fetchBytes: (path: string) => Promise<Uint8Array>;
  progress?: (done: number, total: number) => void;
}

export interface PreparedDataset extends TrainingData {
  classNames: string[];
  /** Images offered (files dropped, or the preset's count). */
  offered: number;
  rejected: RejectedImage[];
  /** Set when the memory cap stopped the dataset short. */
  capped?: { kept: number; limit: number };
  source: DatasetSource;
}

/** Prepares `source` at `size` x `size` x `channels`. Throws when no image is usable. */
export async function prepareDataset(source: DatasetSource, size: number, channels: 1 | 3, deps: DatasetDeps): Promise<PreparedDataset> {
  if (source.kind === 'preset') return preparePreset(source, size, channels, deps);
  return prepareImages(source, size, channels, deps);
}

async function preparePreset(
  source: Extract<DatasetSource, { kind: 'preset' }>, size: number, channels: 1 | 3, deps: DatasetDeps,
): Promise<PreparedDataset> {
  const limit = imagesThatFit(size, channels);
  const wanted = source.count ?? DEFAULT_PRESET_COUNT[source.name];
  const count = Math.min(wanted, limit);
  const capped = count < wanted ? { kept: count, limit } : undefined;
  const { images, labels, classNames } = await loadPreset(source.name, count, size, channels, deps.fetchBytes);
  deps.progress?.(images.shape[0], images.shape[0]);
  return { images, labels, classNames, offered: wanted, rejected: [], capped, source };
}

async function prepareImages(
  source: Extract<DatasetSource, { kind: 'images' }>, size: number, channels: 1 | 3, deps: DatasetDeps,
): Promise<PreparedDataset> {
  const limit = imagesThatFit(size, channels);
  const rejected: RejectedImage[] = [];
  const kept: { pixels: Uint8ClampedArray; label: string | undefined }[] = [];
  const total = source.images.length;
  let capped: PreparedDataset['capped'];
  for (let i = 0; i < total; i++) {
    const name = source.names[i] ?? `image ${i + 1}`;
    if (kept.length >= limit) {
      capped = { kept: kept.length, limit };
      break;
    }
    try {
      kept.push({ pixels: await decodeOne(source.images[i]!, size, deps), label: source.labels?.[i] });
    } catch (err) {
      rejected.push({ name, reason: err instanceof ImageRejected ? err.message : `could not be decoded (${err instanceof Error ? err.message : String(err)})` });
    }
    if (i % 16 === 15 || i === total - 1) deps.progress?.(i + 1, total);
  }
  const pixels = new Uint8ClampedArray(kept.length * size * size * 4);
  kept.forEach((k, i) => pixels.set(k.pixels, i * size * size * 4));
  const classNames = [...new Set(kept.map((k) => k.label).filter((l): l is string => l !== undefined && l !== ''))].sort();
  const labelled = classNames.length >= 2 && kept.every((k) => k.label);
  const labels = labelled ? Int32Array.from(kept, (k) => classNames.indexOf(k.label!)) : undefined;
  const images = bytesToImageTensor(pixels, kept.length, size, size, 4, size, channels);
  return { images, labels, classNames: labelled ? classNames : [], offered: total, rejected, capped, source };
}

async function decodeOne(input: ImageInput, size: number, deps: DatasetDeps): Promise<Uint8ClampedArray> {
  if (isRawImage(input)) return rawToSquareRgba(input, size);
  if (!deps.decode) throw new ImageRejected('this environment cannot decode image files');
  return deps.decode(input, size);
}

function isRawImage(input: ImageInput): input is RawImage {
  return typeof (input as RawImage).channels === 'number' && ArrayBuffer.isView((input as RawImage).data) && !(typeof ImageData !== 'undefined' && input instanceof ImageData);
}

/** A raw image centre-cropped to a square and resized to size x size RGBA, with tfjs (works in Node too). */
async function rawToSquareRgba(raw: RawImage, size: number): Promise<Uint8ClampedArray> {
  const { width, height, channels, data } = raw;
  if (width < 1 || height < 1 || data.length !== width * height * channels) {
    throw new ImageRejected(`raw image data has ${data.length} bytes, expected ${width} x ${height} x ${channels}`);
  }
  const square = tf.tidy(() => {
    const side = Math.min(width, height);
    const x = tf.tensor3d(Int32Array.from(data), [height, width, channels], 'int32');
    const rgb = channels === 1 ? tf.tile(x, [1, 1, 3]) : tf.slice(x, [0, 0, 0], [-1, -1, 3]);
    const crop = tf.slice(rgb, [Math.floor((height - side) / 2), Math.floor((width - side) / 2), 0], [side, side, 3]);
    const resized = tf.image.resizeBilinear(tf.cast(crop, 'float32') as tf.Tensor3D, [size, size], true);
    return tf.expandDims(tf.div(resized, 255), 0) as tf.Tensor4D;
  });
  const rgba = await imagesToRgba(square);
  square.dispose();
  return rgba;
}

/**
 * RGBA thumbnails of the first `MAX_THUMBNAILS` images, `THUMB_SIZE` square (or the
 * training size when smaller), concatenated.
 */
export async function makeThumbnails(images: tf.Tensor4D): Promise<{ thumbnails: Uint8ClampedArray; thumbSize: number }> {
  const count = Math.min(images.shape[0], MAX_THUMBNAILS);
  const thumbSize = Math.min(THUMB_SIZE, images.shape[1]);
  const small = tf.tidy(() => {
    const first = tf.slice(images, [0, 0, 0, 0], [count, -1, -1, -1]) as tf.Tensor4D;
    return thumbSize === images.shape[1] ? tf.clone(first) : tf.image.resizeBilinear(first, [thumbSize, thumbSize], true);
  });
  const thumbnails = await imagesToRgba(small);
  small.dispose();
  return { thumbnails, thumbSize };
}
