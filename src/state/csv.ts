/** The page's one CSV writer: chart data, ablation results and study results all go through it. */

export type CsvValue = number | string | null | undefined;

/** A number as written, '' for NaN, infinities, null and undefined; text quoted when it holds a comma, quote or line break. */
function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** RFC 4180 CSV with LF line ends: a header row, then one row per record, in `columns` order (other keys are left out). */
export function toCsv(columns: readonly string[], rows: readonly Record<string, CsvValue>[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\n')}\n`;
}
