/** A chart with its title and PNG / CSV download buttons. */
import { useRef, type ReactNode, type RefObject } from 'react';
import { ChartDownloads, type ChartCsv } from './ChartDownloads';

export function ChartCard(props: {
  title: string;
  testId: string;
  csv(): ChartCsv;
  note?: ReactNode;
  /** The card's element, for callers that watch its visibility. */
  rootRef?: RefObject<HTMLElement | null>;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  return (
    <figure className="chart-card" data-testid={props.testId} ref={props.rootRef}>
      <figcaption>
        <span className="chart-title">{props.title}</span>
        <ChartDownloads title={props.title} testId={props.testId} root={ref} csv={props.csv} />
      </figcaption>
      {props.note && <p className="chart-note">{props.note}</p>}
      <div ref={ref} className="chart-body">
        {props.children}
      </div>
    </figure>
  );
}
