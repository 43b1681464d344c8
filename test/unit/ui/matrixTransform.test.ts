import { describe, expect, it } from 'vitest';
import { isPositiveCell, sourceColumn, transformMatrix } from '../../../src/ui/matrix/transform';
import { DIVERGING_LUT, lutIndex, paintCells } from '../../../src/ui/matrix/colormap';
import { cellAt } from '../../../src/ui/matrix/draw';

/** A random symmetric 2N x 2N cosine matrix with 1 on the diagonal. */
function randomMatrix(size: number, seed = 1): Float32Array {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const m = new Float32Array(size * size);
  for (let r = 0; r < size; r++) {
    m[r * size + r] = 1;
    for (let c = r + 1; c < size; c++) m[r * size + c] = m[c * size + r] = rand();
  }
  return m;
}

describe('similarity matrix views', () => {
  const size = 8;
  const values = randomMatrix(size);

  it('cosine mode keeps values, masks the diagonal and spans [-1, 1]', () => {
    const v = transformMatrix(values, size, 'cosine', 0.5, 'masked');
    expect([v.rows, v.cols, v.lo, v.hi, v.diverging]).toEqual([8, 8, -1, 1, true]);
    for (let r = 0; r < size; r++) expect(Number.isNaN(v.cells[r * size + r]!)).toBe(true);
    expect(v.cells[1]).toBe(values[1]);
  });

  it('logits divide by the temperature', () => {
    const v = transformMatrix(values, size, 'logits', 0.25, 'masked');
    expect(v.cells[3]).toBeCloseTo(values[3]! / 0.25, 5);
    expect([v.lo, v.hi]).toEqual([-4, 4]);
  });

  it('row softmax over k != i sums to 1 and gives the positive exp(-loss of that anchor)', () => {
    const tau = 0.5;
    const v = transformMatrix(values, size, 'softmax', tau, 'masked');
    for (let r = 0; r < size; r++) {
      let sum = 0;
      for (let c = 0; c < size; c++) if (c !== r) sum += v.cells[r * size + c]!;
      expect(sum).toBeCloseTo(1, 5);
    }
    // Anchor 0: loss = -log(exp(s_pos/tau) / sum_{k != 0} exp(s_k/tau)).
    let denom = 0;
    for (let c = 1; c < size; c++) denom += Math.exp(values[c]! / tau);
    const loss = -Math.log(Math.exp(values[size / 2]! / tau) / denom);
    expect(v.cells[size / 2]).toBeCloseTo(Math.exp(-loss), 5);
    expect(v.diverging).toBe(false);
  });

  it('positive-first drops the diagonal and puts each row\'s positive in column 0, negatives in order', () => {
    const v = transformMatrix(values, size, 'cosine', 0.5, 'positive-first');
    expect([v.rows, v.cols]).toEqual([8, 7]);
    for (let r = 0; r < size; r++) {
      const pos = (r + size / 2) % size;
      expect(v.cells[r * 7]).toBe(values[r * size + pos]);
      const negatives = [...Array(size).keys()].filter((c) => c !== r && c !== pos).map((c) => values[r * size + c]);
      expect([...v.cells.subarray(r * 7 + 1, r * 7 + 7)]).toEqual(negatives);
      for (let c = 0; c < 7; c++) expect(v.cells[r * 7 + c]).toBe(values[r * size + sourceColumn(r, c, size, 'positive-first')]);
    }
    expect(() => sourceColumn(0, 7, size, 'positive-first')).toThrow(RangeError);
  });

  it('the positive-first softmax row is the one cross entropy with label 0 reads', () => {
    const masked = transformMatrix(values, size, 'softmax', 0.2, 'masked');
    const first = transformMatrix(values, size, 'softmax', 0.2, 'positive-first');
    for (let r = 0; r < size; r++) expect(first.cells[r * 7]).toBeCloseTo(masked.cells[r * size + ((r + 4) % 8)]!, 6);
  });

  it('marks positive cells in both layouts', () => {
    expect(isPositiveCell(1, 5, 8, 'masked')).toBe(true);
    expect(isPositiveCell(5, 1, 8, 'masked')).toBe(true);
    expect(isPositiveCell(1, 2, 8, 'masked')).toBe(false);
    expect(isPositiveCell(3, 0, 8, 'positive-first')).toBe(true);
  });

  it('refuses a matrix of the wrong shape', () => {
    expect(() => transformMatrix(new Float32Array(10), 4, 'cosine', 1, 'masked')).toThrow(/not 4 x 4/);
    expect(() => transformMatrix(new Float32Array(9), 3, 'cosine', 1, 'masked')).toThrow(/even/);
  });

  it('at 2N = 256 gives row softmaxes that sum to 1 with the positive in column 0', () => {
    // (Drawing speed at this size is a benchmark matter, not asserted here.)
    const big = randomMatrix(256, 7);
    const first = transformMatrix(big, 256, 'softmax', 0.1, 'positive-first');
    const masked = transformMatrix(big, 256, 'softmax', 0.1, 'masked');
    expect([first.rows, first.cols]).toEqual([256, 255]);
    for (const r of [0, 1, 127, 128, 255]) {
      let sum = 0;
      for (let c = 0; c < 255; c++) sum += first.cells[r * 255 + c]!;
      expect(sum).toBeCloseTo(1, 4);
      expect(first.cells[r * 255]).toBeCloseTo(masked.cells[r * 256 + ((r + 128) % 256)]!, 6);
    }
  });
});

describe('colour map', () => {
  it('maps the ends and the middle of a scale', () => {
    expect(lutIndex(-1, -1, 1)).toBe(0);
    expect(lutIndex(1, -1, 1)).toBe(255);
    expect(lutIndex(0, -1, 1)).toBe(128);
    expect(lutIndex(5, -1, 1)).toBe(255);
    expect(lutIndex(0, 0, 0)).toBe(128);
  });

  it('paints masked cells grey and others from the LUT, opaque', () => {
    const pixels = new Uint8ClampedArray(2 * 4);
    paintCells(new Float32Array([NaN, 1]), -1, 1, DIVERGING_LUT, [128, 128, 128], pixels);
    expect([...pixels.subarray(0, 4)]).toEqual([128, 128, 128, 255]);
    expect([...pixels.subarray(4, 8)]).toEqual([DIVERGING_LUT[765], DIVERGING_LUT[766], DIVERGING_LUT[767], 255]);
  });

  it('finds the cell under a point', () => {
    const canvas = { clientWidth: 100, clientHeight: 100 } as HTMLCanvasElement;
    expect(cellAt(canvas, { rows: 4, cols: 4 }, 30, 80)).toEqual({ row: 3, col: 1 });
    expect(cellAt(canvas, { rows: 4, cols: 4 }, 100, 10)).toBeNull();
  });
});

describe('one cell', () => {
  it('agrees with the whole-matrix transform in every mode', async () => {
    const { cellValue } = await import('../../../src/ui/matrix/transform');
    const size = 6;
    const values = new Float32Array(size * size).map((_, i) => Math.sin(i));
    for (const mode of ['cosine', 'logits', 'softmax'] as const) {
      const view = transformMatrix(values, size, mode, 0.3, 'masked');
      for (let r = 0; r < size; r++) {
        for (let c = 0; c < size; c++) {
          const v = cellValue(values, size, r, c, mode, 0.3);
          if (r === c) expect(Number.isNaN(v)).toBe(true);
          else expect(v).toBeCloseTo(view.cells[r * size + c]!, 5);
        }
      }
    }
  });
});
