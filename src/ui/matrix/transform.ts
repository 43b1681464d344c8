/**
 * What the similarity heatmap shows, computed from the raw 2N x 2N cosine
 * matrix (no DOM here, so it is unit-tested in Node).
 *
 * Modes: raw cosine sim(z_i, z_k) in [-1, 1]; logits sim / tau (what NT-Xent
 * feeds to softmax); row softmax over k != i (the probability the loss gives to
 * each candidate; the positive's entry is exp(-loss) for that anchor).
 * Layouts: 'masked' is the 2N x 2N matrix with the diagonal masked; 'positive-first'
 * drops the diagonal and moves each row's positive to column 0, negatives after
 * it in their original order, so cross entropy has label 0 for every row.
 */
export type MatrixMode = 'cosine' | 'logits' | 'softmax';
export type MatrixLayout = 'masked' | 'positive-first';

export interface MatrixView {
  rows: number;
  cols: number;
  /** rows x cols, row-major; NaN marks a masked cell (the diagonal). */
  cells: Float32Array;
  /** The colour scale's ends. */
  lo: number;
  hi: number;
  /** Diverging scale (centre at 0) or sequential. */
  diverging: boolean;
}

/** The column of the raw matrix that cell (row, col) of `layout` shows. */
export function sourceColumn(row: number, col: number, size: number, layout: MatrixLayout): number {
  if (layout === 'masked') return col;
  const positive = (row + size / 2) % size;
  if (col === 0) return positive;
  // Negatives in original order, skipping the diagonal and the positive.
  let k = col - 1;
  for (let c = 0; c < size; c++) {
    if (c === row || c === positive) continue;
    if (k === 0) return c;
    k--;
  }
  throw new RangeError(`column ${col} is outside a positive-first row of ${size - 1}`);
}

/** Logits of one row (k != row), then softmax; returns values indexed by raw column, diagonal NaN. */
function rowSoftmax(values: Float32Array, size: number, row: number, temperature: number, out: Float32Array): void {
  let max = -Infinity;
  for (let c = 0; c < size; c++) if (c !== row) max = Math.max(max, values[row * size + c]! / temperature);
  let sum = 0;
  for (let c = 0; c < size; c++) {
    if (c === row) continue;
    const e = Math.exp(values[row * size + c]! / temperature - max);
    out[c] = e;
    sum += e;
  }
  for (let c = 0; c < size; c++) out[c] = c === row ? NaN : out[c]! / sum;
}

export function transformMatrix(
  values: Float32Array,
  size: number,
  mode: MatrixMode,
  temperature: number,
  layout: MatrixLayout,
): MatrixView {
  if (values.length !== size * size) throw new RangeError(`matrix of ${values.length} values is not ${size} x ${size}`);
  if (size % 2 !== 0) throw new RangeError(`matrix side ${size} must be even (2N)`);
  const rows = size;
  const cols = layout === 'masked' ? size : size - 1;
  const cells = new Float32Array(rows * cols);
  const row = new Float32Array(size);
  let hi = 0;
  for (let r = 0; r < size; r++) {
    if (mode === 'softmax') rowSoftmax(values, size, r, temperature, row);
    else {
      const scale = mode === 'logits' ? 1 / temperature : 1;
      for (let c = 0; c < size; c++) row[c] = c === r ? NaN : values[r * size + c]! * scale;
    }
    if (layout === 'masked') {
      cells.set(row, r * cols);
    } else {
      const positive = (r + size / 2) % size;
      cells[r * cols] = row[positive]!;
      let k = 1;
      for (let c = 0; c < size; c++) if (c !== r && c !== positive) cells[r * cols + k++] = row[c]!;
    }
  }
  if (mode === 'softmax') {
    for (const v of cells) if (v > hi) hi = v;
    return { rows, cols, cells, lo: 0, hi: hi > 0 ? hi : 1, diverging: false };
  }
  const bound = mode === 'logits' ? 1 / temperature : 1;
  return { rows, cols, cells, lo: -bound, hi: bound, diverging: true };
}

/** True when cell (row, col) of `layout` is row's positive pair. */
export function isPositiveCell(row: number, col: number, size: number, layout: MatrixLayout): boolean {
  return layout === 'masked' ? col === (row + size / 2) % size : col === 0;
}

/** The value one cell shows in `mode` (raw columns; NaN on the diagonal), without transforming the whole matrix. */
export function cellValue(values: Float32Array, size: number, row: number, col: number, mode: MatrixMode, temperature: number): number {
  if (row === col) return NaN;
  const cosine = values[row * size + col] ?? NaN;
  if (mode === 'cosine') return cosine;
  if (mode === 'logits') return cosine / temperature;
  const out = new Float32Array(size);
  rowSoftmax(values, size, row, temperature, out);
  return out[col] ?? NaN;
}
