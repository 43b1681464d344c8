import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { FASHION_MNIST_CLASSES, MNIST_CLASSES } from '../../../src/core/data/packed';
import { DatasetFileError, loadPreset } from '../../../src/core/data/presets';

const publicDir = fileURLToPath(new URL('../../../public/', import.meta.url));
const readPublic = async (path: string) => new Uint8Array(await readFile(publicDir + path));

describe('built-in presets', () => {
  it('loads real MNIST and Fashion-MNIST images from the built files, resized and balanced', async () => {
    for (const [name, classes] of [['mnist', MNIST_CLASSES], ['fashion-mnist', FASHION_MNIST_CLASSES]] as const) {
      const data = await loadPreset(name, 200, 32, 1, readPublic);
      expect(data.images.shape).toEqual([200, 32, 32, 1]);
      expect(data.classNames).toEqual(classes);
      // the files are pre-shuffled, so 200 images hold every class
      expect(new Set(data.labels).size).toBe(10);
      const [lo, hi, mean] = await Promise.all([tf.min(data.images).data(), tf.max(data.images).data(), tf.mean(data.images).data()]);
      expect(lo[0]).toBeGreaterThanOrEqual(0);
      expect(hi[0]).toBeLessThanOrEqual(1);
      // real digits and clothes: mostly dark background with bright strokes
      expect(mean[0]).toBeGreaterThan(0.05);
      expect(mean[0]).toBeLessThan(0.5);
      data.images.dispose();
    }
  });

  it('copies grey images into three channels when the run is in colour', async () => {
    const data = await loadPreset('mnist', 4, 28, 3, readPublic);
    const [r, g] = tf.split(data.images, 3, 3);
    expect(await r!.data()).toEqual(await g!.data());
    tf.dispose([data.images, r!, g!]);
  });

  it('says what to do when the dataset files are missing (a server answering with its HTML page)', async () => {
    const html = async () => new TextEncoder().encode('<!doctype html><html></html>');
    await expect(loadPreset('mnist', 10, 32, 1, html)).rejects.toThrow(/mnist dataset files are missing from this build.*npm run datasets/);
    await expect(loadPreset('mnist', 10, 32, 1, html)).rejects.toBeInstanceOf(DatasetFileError);
  });

  it('names the missing data file (mnist.u8 absent: a read that fails, or an HTML page in its place)', async () => {
    const withoutData = (answer: 'throw' | 'html') => async (path: string) => {
      if (!path.endsWith('.u8')) return readPublic(path);
      if (answer === 'html') return new TextEncoder().encode('<!doctype html><html></html>');
      throw new Error(`ENOENT: no such file or directory, open 'public/${path}'`);
    };
    for (const answer of ['throw', 'html'] as const) {
      const err = await loadPreset('mnist', 10, 32, 1, withoutData(answer)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DatasetFileError);
      expect(err).toMatchObject({ preset: 'mnist', path: 'datasets/mnist.u8' });
      expect((err as Error).message).toMatch(/^The mnist dataset could not be loaded: datasets\/mnist\.u8 is missing or (failed to download|not this dataset's data file).*`npm run datasets`.*the download failed/);
    }
  });
});
