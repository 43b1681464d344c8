/**
 * The input gradient of a strided convolution as a few stride-1 forward
 * convolutions of dy (XNNPACK is fast at those), one per output phase.
 *
 * For stride s along an axis, input position i = s*a + r (phase r in [0, s))
 * receives gradient only from the filter taps p with p = c (mod s), where
 * c = (r + padTop) mod s. Gathering those taps, reversed, gives a sub-filter of
 * K = ceil((k - c) / s) taps, and phase r of dx is a stride-1 correlation of dy
 * (padded by K - 1 - e above, e = floor((r + padTop) / s)) with it. All phases
 * together cost the same multiply-adds as the forward convolution, unlike
 * upsampling dy with zeros (s*s times more; measured 2.4-3x slower at stride 2).
 * The phases are then interleaved by stacking and a reshape. For stride 1 there
 * is one phase, the classic "full correlation with the filter rotated 180
 * degrees".
 */
import * as tf from '@tensorflow/tfjs-core';
import type { backend_util } from '@tensorflow/tfjs-core';
import { cropForPads, type ConvGeometry } from './geometry';

/** One phase along one spatial axis. */
interface AxisPhase {
  /** Number of filter taps that feed this phase (0: the phase gets no gradient). */
  taps: number;
  /** First tap of the sub-filter inside the spatially reversed filter. */
  start: number;
  /** Padding (negative: cropping) of dy before the stride-1 correlation. */
  before: number;
  after: number;
}

/**
 * Phases of one axis. Every phase is computed on `rows` = ceil(inLen / s) output
 * positions, so they can be interleaved without padding; positions past inLen
 * are cropped afterwards.
 */
function axisPhases(filterLen: number, stride: number, padBefore: number, inLen: number, outLen: number): { rows: number; phases: AxisPhase[] } {
  const rows = Math.ceil(inLen / stride);
  const phases: AxisPhase[] = [];
  for (let r = 0; r < stride; r++) {
    const c = (r + padBefore) % stride;
    const e = Math.floor((r + padBefore) / stride);
    const taps = c < filterLen ? Math.ceil((filterLen - c) / stride) : 0;
    phases.push({
      taps,
      start: filterLen - 1 - c - stride * (taps - 1),
      before: taps - 1 - e,
      after: rows + e - outLen,
    });
  }
  return { rows, phases };
}

/**
 * Stride-1 correlation used for each phase: `input` [B, h, w, C_dy] with
 * `filter` [kh', kw', ...] and explicit non-negative pads; must return
 * [B, h + padsH - kh' + 1, w + padsW - kw' + 1, C_x].
 */
export type Correlate = (input: tf.Tensor4D, filter: tf.Tensor4D, pads: backend_util.ExplicitPadding) => tf.Tensor4D;

/**
 * dx [B, H, W, C_x] from dy [B, H', W', C_dy] and the filter already reversed on
 * both spatial axes and laid out for `correlate`. Call inside tf.tidy.
 */
export function inputGradientByPhases(
  dy: tf.Tensor4D,
  flipped: tf.Tensor4D,
  g: ConvGeometry,
  outChannels: number,
  correlate: Correlate,
): tf.Tensor4D {
  const sh = g.strideHeight;
  const sw = g.strideWidth;
  const ph = axisPhases(g.filterHeight, sh, g.padTop, g.inHeight, g.outHeight);
  const pw = axisPhases(g.filterWidth, sw, g.padLeft, g.inWidth, g.outWidth);
  const [, , f2, f3] = flipped.shape;

  const phaseOut = (rPhase: AxisPhase, cPhase: AxisPhase): tf.Tensor4D => {
    if (rPhase.taps === 0 || cPhase.taps === 0) {
      return tf.zeros([g.batch, ph.rows, pw.rows, outChannels]);
    }
    const whole = rPhase.taps === g.filterHeight && cPhase.taps === g.filterWidth;
    const sub = whole
      ? flipped
      : tf.stridedSlice(
          flipped,
          [rPhase.start, cPhase.start, 0, 0],
          [rPhase.start + sh * (rPhase.taps - 1) + 1, cPhase.start + sw * (cPhase.taps - 1) + 1, f2, f3],
          [sh, sw, 1, 1],
        ) as tf.Tensor4D;
    const { cropped, pads } = cropForPads(dy, rPhase.before, rPhase.after, cPhase.before, cPhase.after);
    return correlate(cropped, sub, pads);
  };

  const firstRow = ph.phases[0];
  const firstCol = pw.phases[0];
  if (sh === 1 && sw === 1 && firstRow && firstCol) {
    return phaseOut(firstRow, firstCol);
  }
  // [B, rows, sh, cols, sw, C] -> [B, rows*sh, cols*sw, C]: dx[s*a + r] = phase r at a.
  const byRow = ph.phases.map((rPhase) => tf.stack(pw.phases.map((cPhase) => phaseOut(rPhase, cPhase)), 3));
  const interleaved = tf.reshape(tf.stack(byRow, 2), [g.batch, ph.rows * sh, pw.rows * sw, outChannels]) as tf.Tensor4D;
  if (ph.rows * sh === g.inHeight && pw.rows * sw === g.inWidth) return interleaved;
  return tf.slice(interleaved, [0, 0, 0, 0], [g.batch, g.inHeight, g.inWidth, outChannels]);
}
