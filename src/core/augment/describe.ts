/** Short human-readable descriptions of sampled view parameters, for previews. */
import { JITTER_ADJUSTMENTS } from './colorJitter';
import type { ViewParams } from './twoViews';

const pct = (x: number): string => `${Math.round(x * 100)}%`;
const fix = (x: number, digits = 2): string => x.toFixed(digits);

/**
 * What happened to image `index` of a view, one phrase per op that changed it, in
 * pipeline order, e.g. `['crop 45% area, ratio 1.12', 'flipped', 'blur sigma 1.30 px']`.
 * Empty when no op changed the image.
 * @param index image index in 0..B-1
 */
export function describeView(params: ViewParams, index: number): string[] {
  if (!Number.isInteger(index) || index < 0 || index >= params.shape.batch) {
    throw new Error(`describeView: index ${index} is outside 0..${params.shape.batch - 1}`);
  }
  const out: string[] = [];
  const crop = params.crop?.[index];
  if (crop && crop.areaFraction < 1) {
    out.push(`crop ${pct(crop.areaFraction)} area, ratio ${fix(crop.aspectRatio)}${crop.fallback ? ' (centre fallback)' : ''}`);
  }
  if (params.flip?.[index]) out.push('flipped');
  const jitter = params.colorJitter;
  const f = jitter?.factors[index];
  if (jitter && f) {
    const order = (jitter.order[index] ?? []).map((i) => JITTER_ADJUSTMENTS[i] ?? '?').join(' > ');
    const hue = `${f.hue >= 0 ? '+' : ''}${fix(f.hue, 3)}`;
    out.push(`jitter brightness x${fix(f.brightness)}, contrast x${fix(f.contrast)}, saturation x${fix(f.saturation)}, hue ${hue} turn (${order})`);
  }
  if (params.colorDrop?.[index] && params.shape.channels === 3) out.push('grey');
  const sigma = params.blur?.sigmas[index];
  if (params.blur && sigma != null) out.push(`blur sigma ${fix(sigma)} px (kernel ${params.blur.kernelSize.join(' x ')})`);
  const k = params.rotate?.[index] ?? 0;
  if (k % 4 !== 0) out.push(`rotated ${(k % 4) * 90} deg`);
  const box = params.cutout?.boxes[index];
  if (box) out.push(`cutout ${box.size} x ${box.size} px at row ${box.top}, column ${box.left}`);
  const std = params.noise?.stds[index];
  if (std != null && std > 0) out.push(`noise std ${fix(std, 3)}`);
  if (params.sobel?.[index]) out.push('sobel edges');
  return out;
}
