/** Positive against negative cosine similarities of the latest batch. */
import { useMemo, useRef } from 'react';
import { useInView, useThrottledApp } from '../../state/context';
import { similarityHistogram } from '../../state/similarityStats';
import { Explain } from '../components/Explain';
import { ChartCard } from './ChartCard';
import { HistogramSvg, type HistogramSeries } from './svg/HistogramSvg';

export const POSITIVE_COLOR = '#16a34a';
export const NEGATIVE_COLOR = '#6b7280';

const SERIES: HistogramSeries[] = [
  { key: 'negative', name: 'negatives', color: NEGATIVE_COLOR },
  { key: 'positive', name: 'positives', color: POSITIVE_COLOR },
];

export function HistogramChart() {
  const card = useRef<HTMLElement>(null);
  const inView = useInView(card);
  const similarity = useThrottledApp((s) => s.similarity, 1000, { active: inView, offsetMs: 4 * 170 });
  const bins = useMemo(() => (similarity ? similarityHistogram(similarity.values, similarity.size, 40) : []), [similarity]);
  return (
    <ChartCard
      title="Positive vs negative similarity"
      testId="chart-histogram"
      rootRef={card}
      note={similarity ? `Step ${similarity.step}: share of pairs per cosine bin` : 'Appears with the first step.'}
      csv={() => ({
        columns: ['from', 'to', 'positive_fraction', 'negative_fraction'],
        rows: bins.map((b) => ({ from: b.x0, to: b.x1, positive_fraction: b.positive, negative_fraction: b.negative })),
      })}
    >
      <HistogramSvg bins={bins} series={SERIES} label="Histogram of cosine similarity for positive and negative pairs" />
      <Explain topic="histogram" />
    </ChartCard>
  );
}
