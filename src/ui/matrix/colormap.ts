/**
 * Colour lookup tables for the heatmap: a diverging blue-white-red map
 * (ColorBrewer RdBu) for cosine and logits, centred on 0, and a sequential
 * map (viridis) for softmax probabilities. 256 RGB entries each.
 */
type Rgb = [number, number, number];

const RDBU: Rgb[] = [
  [33, 102, 172], [103, 169, 207], [209, 229, 240], [247, 247, 247], [253, 219, 199], [239, 138, 98], [178, 24, 43],
];
const VIRIDIS: Rgb[] = [
  [68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37],
];

function build(anchors: Rgb[]): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (anchors.length - 1);
    const k = Math.min(anchors.length - 2, Math.floor(t));
    const f = t - k;
    const a = anchors[k]!;
    const b = anchors[k + 1]!;
    for (let ch = 0; ch < 3; ch++) lut[i * 3 + ch] = Math.round(a[ch]! + (b[ch]! - a[ch]!) * f);
  }
  return lut;
}

export const DIVERGING_LUT = build(RDBU);
export const SEQUENTIAL_LUT = build(VIRIDIS);

/** The LUT index of `value` on a scale from `lo` to `hi`. */
export function lutIndex(value: number, lo: number, hi: number): number {
  const t = hi > lo ? (value - lo) / (hi - lo) : 0.5;
  return Math.max(0, Math.min(255, Math.round(t * 255)));
}

/** CSS colour of LUT entry `i`. */
export function lutCss(lut: Uint8ClampedArray, i: number): string {
  return `rgb(${lut[i * 3]}, ${lut[i * 3 + 1]}, ${lut[i * 3 + 2]})`;
}

/** A CSS linear-gradient of the whole LUT, for the legend. */
export function lutGradient(lut: Uint8ClampedArray, direction = 'to right'): string {
  const stops: string[] = [];
  for (let i = 0; i <= 8; i++) {
    const k = Math.round((i / 8) * 255);
    stops.push(`${lutCss(lut, k)} ${(i / 8) * 100}%`);
  }
  return `linear-gradient(${direction}, ${stops.join(', ')})`;
}

/** Writes `view`'s colours into RGBA `pixels` (rows x cols); NaN cells get `mask`. */
export function paintCells(
  cells: Float32Array,
  lo: number,
  hi: number,
  lut: Uint8ClampedArray,
  mask: Rgb,
  pixels: Uint8ClampedArray,
): void {
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i]!;
    const o = i * 4;
    if (Number.isNaN(v)) {
      pixels[o] = mask[0];
      pixels[o + 1] = mask[1];
      pixels[o + 2] = mask[2];
    } else {
      const k = lutIndex(v, lo, hi) * 3;
      pixels[o] = lut[k]!;
      pixels[o + 1] = lut[k + 1]!;
      pixels[o + 2] = lut[k + 2]!;
    }
    pixels[o + 3] = 255;
  }
}
