import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../random';

/**
 * The built-in "synthetic shapes" dataset: a deterministic generator, so the
 * playground trains with no upload and no download.
 *
 * The class of an image is its shape. The colours of shape and background are
 * drawn at random for every image, independently of the class, so colour is a
 * nuisance a network can cheat with when both views keep the image's colours
 * (the paper's Figure 6 point). Position, scale and rotation vary too.
 * Drawn entirely with tensor ops: signed distance functions of each shape on a
 * per-image rotated, scaled coordinate grid, anti-aliased over one pixel.
 */
export const SHAPE_CLASSES = ['circle', 'square', 'triangle', 'cross', 'ring', 'bar'] as const;
export type ShapeClass = (typeof SHAPE_CLASSES)[number];

export interface ShapesOptions {
  /** Number of images. */
  count: number;
  /** Side in pixels. */
  size: number;
  /** 3 for RGB colours, 1 for grey levels. */
  channels: 1 | 3;
  /** Seed of every random choice; the same seed gives the same images and labels. */
  seed: number;
}

export interface LabelledImages {
  /** [count, size, size, channels] float32 in [0, 1]. */
  images: tf.Tensor4D;
  /** Class index of each image, into `classNames`. */
  labels: Int32Array;
  classNames: readonly string[];
}

/** Per-image drawing parameters, drawn in JavaScript from the seeded generator. */
interface ShapeDraw {
  label: number;
  /** Centre, in pixels. */
  cx: number;
  cy: number;
  /** Radius of the shape's unit circle, in pixels. */
  radius: number;
  /** Rotation, radians. */
  angle: number;
  foreground: number[];
  background: number[];
}

/** Images are drawn in chunks of this many to keep the intermediates small. */
const CHUNK = 256;

/** Generates `count` labelled shape images; classes are balanced (round-robin, then shuffled). */
export function generateShapes(options: ShapesOptions): LabelledImages {
  const { count, size, channels } = options;
  if (!Number.isInteger(count) || count < 1) throw new Error(`generateShapes: count must be an integer >= 1, got ${count}`);
  if (!Number.isInteger(size) || size < 8) throw new Error(`generateShapes: size must be an integer >= 8, got ${size}`);
  const rng = new Rng(options.seed);
  const order = rng.permutation(count);
  const draws = order.map((i) => drawParameters(rng, i % SHAPE_CLASSES.length, size, channels));
  const chunks: tf.Tensor4D[] = [];
  for (let start = 0; start < count; start += CHUNK) {
    chunks.push(renderShapes(draws.slice(start, start + CHUNK), size, channels));
  }
  const images = chunks.length === 1 ? chunks[0]! : tf.tidy(() => tf.concat(chunks, 0));
  if (chunks.length > 1) tf.dispose(chunks);
  return { images, labels: Int32Array.from(draws, (d) => d.label), classNames: SHAPE_CLASSES };
}

function drawParameters(rng: Rng, label: number, size: number, channels: 1 | 3): ShapeDraw {
  const radius = size * rng.uniform(0.18, 0.34);
  const margin = radius * 0.9;
  const background = randomColour(rng, channels);
  let foreground = randomColour(rng, channels);
  // Keep the shape visible: at least 0.3 apart in mean level from the background.
  for (let tries = 0; tries < 20 && meanDifference(foreground, background) < 0.3; tries++) {
    foreground = randomColour(rng, channels);
  }
  return {
    label,
    cx: rng.uniform(margin, size - margin),
    cy: rng.uniform(margin, size - margin),
    radius,
    angle: rng.uniform(0, 2 * Math.PI),
    foreground,
    background,
  };
}

function randomColour(rng: Rng, channels: number): number[] {
  return Array.from({ length: channels }, () => rng.uniform());
}

function meanDifference(a: number[], b: number[]): number {
  return Math.abs(a.reduce((s, v) => s + v, 0) - b.reduce((s, v) => s + v, 0)) / a.length;
}

/** Renders a chunk: [B, size, size, channels]. */
function renderShapes(draws: ShapeDraw[], size: number, channels: number): tf.Tensor4D {
  const b = draws.length;
  const column = (f: (d: ShapeDraw) => number) => tf.tensor(draws.map(f), [b, 1, 1]);
  return tf.tidy(() => {
    const pixel = tf.add(tf.range(0, size, 1, 'float32'), 0.5);
    const xs = tf.reshape(pixel, [1, 1, size]);
    const ys = tf.reshape(pixel, [1, size, 1]);
    const dx = tf.sub(xs, column((d) => d.cx));
    const dy = tf.sub(ys, column((d) => d.cy));
    const cos = column((d) => Math.cos(d.angle));
    const sin = column((d) => Math.sin(d.angle));
    const radius = column((d) => d.radius);
    // Local coordinates in units of the radius: [B, size, size].
    const u = tf.div(tf.add(tf.mul(dx, cos), tf.mul(dy, sin)), radius);
    const v = tf.div(tf.sub(tf.mul(dy, cos), tf.mul(dx, sin)), radius);
    const distances = tf.stack(SHAPE_CLASSES.map((name) => signedDistance(name, u, v)), 3); // [B, s, s, classes]
    const oneHot = tf.reshape(tf.oneHot(tf.tensor1d(draws.map((d) => d.label), 'int32'), SHAPE_CLASSES.length), [b, 1, 1, SHAPE_CLASSES.length]);
    const distance = tf.sum(tf.mul(distances, oneHot), 3); // in radii
    // Coverage of each pixel: 1 inside, 0 outside, a one-pixel ramp on the edge.
    const coverage = tf.expandDims(tf.clipByValue(tf.sub(0.5, tf.mul(distance, radius)), 0, 1), 3);
    const fg = tf.tensor(draws.flatMap((d) => d.foreground), [b, 1, 1, channels]);
    const bg = tf.tensor(draws.flatMap((d) => d.background), [b, 1, 1, channels]);
    return tf.add(bg, tf.mul(coverage, tf.sub(fg, bg))) as tf.Tensor4D;
  });
}

/** Signed distance (in radii; negative inside) of each class's shape at local coordinates (u, v). */
function signedDistance(name: ShapeClass, u: tf.Tensor, v: tf.Tensor): tf.Tensor {
  const au = tf.abs(u);
  const av = tf.abs(v);
  switch (name) {
    case 'circle':
      return tf.sub(tf.sqrt(tf.add(tf.square(u), tf.square(v))), 1);
    case 'square':
      return tf.sub(tf.maximum(au, av), 0.75);
    case 'triangle':
      // Equilateral, pointing along -v: the largest of the three edge distances.
      return tf.sub(tf.maximum(tf.add(tf.mul(au, Math.sqrt(3) / 2), tf.mul(v, 0.5)), tf.neg(v)), 0.5);
    case 'cross':
      return tf.minimum(tf.maximum(tf.sub(au, 0.3), tf.sub(av, 1)), tf.maximum(tf.sub(au, 1), tf.sub(av, 0.3)));
    case 'ring':
      return tf.sub(tf.abs(tf.sub(tf.sqrt(tf.add(tf.square(u), tf.square(v))), 0.72)), 0.25);
    case 'bar':
      return tf.maximum(tf.sub(au, 1), tf.sub(av, 0.32));
  }
}
