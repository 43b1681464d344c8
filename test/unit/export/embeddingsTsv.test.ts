import { describe, expect, it } from 'vitest';
import { escapeTsvField, metadataTsv, projectorTsv, unescapeTsvField, vectorsTsv } from '../../../src/core/export';
import { Rng } from '../../../src/core/random';

function lines(text: string): string[] {
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

describe('embeddings TSV for the Embedding Projector', () => {
  const rng = new Rng(5);
  const rows = 7;
  const dim = 5;
  const values = Float32Array.from({ length: rows * dim }, () => rng.uniform(-3, 3) * 10 ** rng.int(-8, 4));
  const labels = Int32Array.from([0, 1, 2, 1, 0, -1, 2]);
  const classNames = ['circle', 'tab\there', 'two\nlines\r\\n'];

  it('vectors.tsv has one row per image and dim tab-separated floats that read back as the same float32', () => {
    const { vectors } = projectorTsv({ values, dim, labels, classNames });
    const rowsOut = lines(vectors);
    expect(rowsOut).toHaveLength(rows);
    rowsOut.forEach((row, r) => {
      const cells = row.split('\t');
      expect(cells).toHaveLength(dim);
      cells.forEach((cell, d) => expect(Math.fround(Number(cell))).toBe(values[r * dim + d]));
    });
  });

  it('metadata.tsv has a header then one row per image: class name (escaped) and dataset index', () => {
    const { metadata } = projectorTsv({ values, dim, labels, classNames, indices: [10, 11, 12, 13, 14, 15, 16] });
    const rowsOut = lines(metadata);
    expect(rowsOut[0]).toBe('label\tindex');
    expect(rowsOut).toHaveLength(rows + 1);
    for (const row of rowsOut) expect(row.split('\t')).toHaveLength(2);
    expect(rowsOut[1]).toBe('circle\t10');
    expect(rowsOut[2]).toBe('tab\\there\t11');
    expect(rowsOut[3]).toBe('two\\nlines\\r\\\\n\t12');
    expect(rowsOut[6]).toBe('\t15'); // unlabelled
    expect(unescapeTsvField(rowsOut[3]!.split('\t')[0]!)).toBe(classNames[2]);
  });

  it('writes label numbers without class names, empty labels without labels, and checks its input', () => {
    expect(metadataTsv(2, [3, 0])).toBe('label\tindex\n3\t0\n0\t1\n');
    expect(metadataTsv(2)).toBe('label\tindex\n\t0\n\t1\n');
    expect(vectorsTsv(new Float32Array(0), 3)).toBe('');
    expect(() => vectorsTsv(new Float32Array(7), 3)).toThrow(/not whole rows of 3/);
    expect(() => metadataTsv(3, [0, 1])).toThrow(/2 labels for 3 embeddings/);
    expect(() => metadataTsv(1, [4], ['a'])).toThrow(/label 4 of row 0 has no class name/);
  });

  it('escapes tabs, newlines, carriage returns and backslashes and unescapes them back', () => {
    const raw = 'a\tb\nc\rd\\e\\tf';
    const escaped = escapeTsvField(raw);
    expect(escaped).not.toMatch(/[\t\n\r]/);
    expect(escaped).toBe('a\\tb\\nc\\rd\\\\e\\\\tf');
    expect(unescapeTsvField(escaped)).toBe(raw);
  });
});
