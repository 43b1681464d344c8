/**
 * Embeddings and labels as the two TSV files the TensorFlow Embedding Projector
 * (projector.tensorflow.org, "Load") reads:
 *
 * - `vectors.tsv`: one row per image, its D floats separated by tabs, no header;
 * - `metadata.tsv`: a header row `label<TAB>index`, then one row per image in
 *   the same order: the class name (not the class index) and the image's index
 *   in the dataset. With two columns the Projector takes the first row as the
 *   header (with one column it would not, so the index column is always written).
 *
 * Floats are written with `String(x)` (the shortest decimal that reads back as
 * the same float32). Tabs, newlines, carriage returns and backslashes in labels
 * are escaped as `\t`, `\n`, `\r` and `\\`, so every image stays one row.
 * DOM-free.
 */

/** The two files' contents. */
export interface ProjectorTsv {
  /** vectors.tsv: M rows of D tab-separated floats, each row ending in a newline. */
  vectors: string;
  /** metadata.tsv: header `label\tindex`, then M rows. */
  metadata: string;
}

/** What to export: M embeddings of D floats, and optionally their labels. */
export interface EmbeddingsInput {
  /** M x D floats, row-major (e.g. `EmbeddingsMessage.h` with D = hDim). */
  values: ArrayLike<number>;
  /** D, the size of one embedding. */
  dim: number;
  /** Class index per image (M entries), -1 for an unlabelled image; omitted when nothing is labelled. */
  labels?: ArrayLike<number>;
  /** Class names, indexed by label. Without them a label is written as its number. */
  classNames?: readonly string[];
  /** Dataset index of each row (M entries); 0..M-1 by default. */
  indices?: ArrayLike<number>;
}

/**
 * Both files for the Projector.
 * @throws when values.length is not a multiple of dim, or labels / indices do not have M entries, or a label has no class name.
 */
export function projectorTsv(input: EmbeddingsInput): ProjectorTsv {
  const rows = rowCount(input.values, input.dim);
  return {
    vectors: vectorsTsv(input.values, input.dim),
    metadata: metadataTsv(rows, input.labels, input.classNames, input.indices),
  };
}

/**
 * vectors.tsv: M rows of `dim` tab-separated numbers, newline-terminated.
 * @param values M x dim floats, row-major.
 */
export function vectorsTsv(values: ArrayLike<number>, dim: number): string {
  const rows = rowCount(values, dim);
  const lines: string[] = new Array<string>(rows);
  const cells: string[] = new Array<string>(dim);
  for (let r = 0; r < rows; r++) {
    for (let d = 0; d < dim; d++) cells[d] = String(values[r * dim + d]!);
    lines[r] = cells.join('\t');
  }
  return rows === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * metadata.tsv: header `label\tindex`, then per image its class name (escaped;
 * empty for -1, unlabelled) and its dataset index.
 * @param rows M, the number of images.
 */
export function metadataTsv(
  rows: number,
  labels?: ArrayLike<number>,
  classNames?: readonly string[],
  indices?: ArrayLike<number>,
): string {
  if (labels !== undefined && labels.length !== rows) {
    throw new Error(`metadataTsv: ${labels.length} labels for ${rows} embeddings`);
  }
  if (indices !== undefined && indices.length !== rows) {
    throw new Error(`metadataTsv: ${indices.length} indices for ${rows} embeddings`);
  }
  const lines = ['label\tindex'];
  for (let r = 0; r < rows; r++) {
    const label = labels === undefined ? -1 : labels[r]!;
    lines.push(`${escapeTsvField(labelText(label, classNames, r))}\t${indices === undefined ? r : indices[r]!}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A field with `\`, tab, newline and carriage return written as `\\`, `\t`, `\n`, `\r` (one line, no tabs). */
export function escapeTsvField(text: string): string {
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** Reverses `escapeTsvField`. */
export function unescapeTsvField(text: string): string {
  return text.replace(/\\([\\tnr])/g, (_, c: string) => (c === '\\' ? '\\' : c === 't' ? '\t' : c === 'n' ? '\n' : '\r'));
}

function labelText(label: number, classNames: readonly string[] | undefined, row: number): string {
  if (label === -1) return '';
  if (!Number.isInteger(label) || label < 0) throw new Error(`metadataTsv: label of row ${row} must be a class index or -1, got ${label}`);
  if (classNames === undefined) return String(label);
  const name = classNames[label];
  if (name === undefined) throw new Error(`metadataTsv: label ${label} of row ${row} has no class name (${classNames.length} classes)`);
  return name;
}

function rowCount(values: ArrayLike<number>, dim: number): number {
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`projectorTsv: dim must be a positive integer, got ${dim}`);
  if (values.length % dim !== 0) throw new Error(`projectorTsv: ${values.length} values are not whole rows of ${dim}`);
  return values.length / dim;
}
