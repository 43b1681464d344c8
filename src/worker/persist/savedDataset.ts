/**
 * Between the worker's prepared dataset (a tensor on the backend) and the saved
 * one (host values): what to save, and a dataset to train on again after a
 * restore. A restored dataset of the user's own images can still be prepared
 * again at another size: its source becomes the saved pixels as raw images.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { PreparedDataset } from '../dataset/prepare';
import type { DatasetSource, RawImage } from '../protocol';
import type { SavedDataset, SavedSource } from './runFile';

/** What to record of where `prepared` came from. */
export function savedSourceOf(prepared: PreparedDataset): SavedSource {
  const count = prepared.images.shape[0];
  if (prepared.source.kind === 'preset') return { kind: 'preset', name: prepared.source.name, count };
  return { kind: 'images', names: prepared.source.names.slice(0, count) };
}

/** Copies the dataset to the host (asynchronously, safe on GPU backends). */
export async function saveDataset(prepared: PreparedDataset, id: string): Promise<SavedDataset> {
  const images = (await prepared.images.data()) as Float32Array;
  const out: SavedDataset = {
    id,
    shape: [...prepared.images.shape] as SavedDataset['shape'],
    images: Float32Array.from(images),
    classNames: [...prepared.classNames],
    source: savedSourceOf(prepared),
  };
  if (prepared.labels) out.labels = Int32Array.from(prepared.labels);
  return out;
}

/** A prepared dataset (a new tensor, owned by the caller) with exactly the saved values. */
export function preparedFromSaved(saved: SavedDataset): PreparedDataset {
  const images = tf.tensor4d(saved.images, saved.shape, 'float32');
  const out: PreparedDataset = {
    images,
    classNames: [...saved.classNames],
    offered: saved.shape[0],
    rejected: [],
    source: sourceOf(saved),
  };
  if (saved.labels) out.labels = Int32Array.from(saved.labels);
  return out;
}

/** A source that prepares the saved images again: the preset, or the pixels as raw images (rounded to bytes). */
function sourceOf(saved: SavedDataset): DatasetSource {
  const [m, size, , channels] = saved.shape;
  if (saved.source.kind === 'preset') return { kind: 'preset', name: saved.source.name, count: saved.source.count };
  const per = size * size * channels;
  const images: RawImage[] = [];
  for (let i = 0; i < m; i++) {
    const data = new Uint8Array(per);
    for (let j = 0; j < per; j++) data[j] = Math.round(Math.min(1, Math.max(0, saved.images[i * per + j]!)) * 255);
    images.push({ width: size, height: size, channels: channels as 1 | 3, data });
  }
  const names = Array.from({ length: m }, (_, i) => saved.source.kind === 'images' ? saved.source.names[i] ?? `image ${i + 1}` : `image ${i + 1}`);
  const labels = saved.labels ? Array.from(saved.labels, (l) => saved.classNames[l]) : undefined;
  return labels ? { kind: 'images', images, names, labels } : { kind: 'images', images, names };
}
