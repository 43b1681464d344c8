/** A chart with its title and PNG / CSV download buttons. */
import { useRef, type ReactNode, type RefObject } from 'react';
import { cssVar } from '../theme';
import { chartSurface } from './LivePlot';
import { downloadBlob, fileStem, standaloneSvg, svgToPng, toCsv, type CsvValue } from './download';

export function ChartCard(props: {
  title: string;
  testId: string;
  csv(): { columns: string[]; rows: Record<string, CsvValue>[] };
  note?: ReactNode;
  /** The card's element, for callers that watch its visibility. */
  rootRef?: RefObject<HTMLElement | null>;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const stem = fileStem(props.title);

  const downloadPng = async () => {
    const svg = chartSurface(ref.current);
    if (!svg) return;
    const box = svg.getBoundingClientRect();
    const markup = standaloneSvg(svg, cssVar('--panel', '#ffffff'), cssVar('--text', '#1f2328'));
    downloadBlob(await svgToPng(markup, box.width || 400, box.height || 200), `${stem}.png`);
  };
  const downloadCsv = () => {
    const { columns, rows } = props.csv();
    downloadBlob(new Blob([toCsv(columns, rows)], { type: 'text/csv' }), `${stem}.csv`);
  };

  return (
    <figure className="chart-card" data-testid={props.testId} ref={props.rootRef}>
      <figcaption>
        <span className="chart-title">{props.title}</span>
        <span className="chart-actions">
          <button type="button" className="button ghost small" aria-label={`Download ${props.title} as PNG`} data-testid={`${props.testId}-png`} onClick={() => void downloadPng()}>
            PNG
          </button>
          <button type="button" className="button ghost small" aria-label={`Download ${props.title} as CSV`} data-testid={`${props.testId}-csv`} onClick={downloadCsv}>
            CSV
          </button>
        </span>
      </figcaption>
      {props.note && <p className="chart-note">{props.note}</p>}
      <div ref={ref} className="chart-body">
        {props.children}
      </div>
    </figure>
  );
}
