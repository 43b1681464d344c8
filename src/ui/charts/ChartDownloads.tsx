/** The PNG and CSV download buttons of a chart: the PNG of the recharts <svg> under `root` (with what the page drew into it), the CSV of `csv()`. */
import type { RefObject } from 'react';
import { cssVar } from '../theme';
import { chartSurface } from './LivePlot';
import { saveBlob, saveText } from '../export/saveFile';
import { fileStem, standaloneSvg, svgToPng, toCsv, type CsvValue } from './download';

export interface ChartCsv {
  columns: string[];
  rows: Record<string, CsvValue>[];
}

export function ChartDownloads(props: { title: string; testId: string; root: RefObject<HTMLElement | null>; csv(): ChartCsv }) {
  const stem = fileStem(props.title);
  const downloadPng = async () => {
    const svg = chartSurface(props.root.current);
    if (!svg) return;
    const box = svg.getBoundingClientRect();
    const markup = standaloneSvg(svg, cssVar('--panel', '#ffffff'), cssVar('--text', '#1f2328'));
    saveBlob(await svgToPng(markup, box.width || 400, box.height || 200), `${stem}.png`);
  };
  const downloadCsv = () => {
    const { columns, rows } = props.csv();
    saveText(toCsv(columns, rows), `${stem}.csv`, 'text/csv');
  };
  return (
    <span className="chart-actions">
      <button type="button" className="button ghost small" aria-label={`Download ${props.title} as PNG`} data-testid={`${props.testId}-png`} onClick={() => void downloadPng()}>
        PNG
      </button>
      <button type="button" className="button ghost small" aria-label={`Download ${props.title} as CSV`} data-testid={`${props.testId}-csv`} onClick={downloadCsv}>
        CSV
      </button>
    </span>
  );
}
