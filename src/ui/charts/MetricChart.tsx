/** One metric against the step: this run, the previous run (faint) and an optional reference line. */
import { useMemo, useRef } from 'react';
import { useApp, useAppStore, useInView, useThrottledApp } from '../../state/context';
import { chartSeries } from '../../state/metricsLog';
import type { StepMetrics } from '../../worker/protocol';
import { formatNumber } from '../components/NumberField';
import { ChartCard } from './ChartCard';
import { LineChartSvg, type Point, type Series } from './svg/LineChartSvg';

export type MetricKey = 'loss' | 'accuracy' | 'entropy' | 'learningRate';

/** How often a chart redraws while training. */
export const UPDATE_MS = 1000;

export interface Reference {
  y: number;
  label: string;
}

function points(items: readonly StepMetrics[], key: MetricKey): Point[] {
  return items.map((m) => ({ x: m.step, y: m[key] }));
}

export function MetricChart(props: {
  title: string;
  testId: string;
  metric: MetricKey;
  color: string;
  /** Position among the charts: updates are staggered by it, so charts draw in separate tasks. */
  index: number;
  reference?: Reference;
  yMin?: number;
  yMax?: number;
  percent?: boolean;
  note?: string;
}) {
  const { metric, reference } = props;
  const store = useAppStore();
  const card = useRef<HTMLElement>(null);
  const inView = useInView(card);
  // About once a second, and only on screen.
  const metrics = useThrottledApp((s) => s.metrics, UPDATE_MS, { active: inView, offsetMs: props.index * 170 });
  const previous = useApp((s) => s.previousChart);
  const series = useMemo<Series[]>(() => {
    const out: Series[] = [];
    if (previous.length > 0) out.push({ name: 'previous run', points: points(previous, metric), color: '#9ca3af', width: 1, opacity: 0.8 });
    out.push({ name: 'this run', points: points(chartSeries(metrics), metric), color: props.color });
    return out;
  }, [metrics, previous, metric, props.color]);
  const references = useMemo(() => (reference ? [reference] : []), [reference?.y, reference?.label]);
  const fmt = (v: number) => (props.percent ? `${Math.round(v * 100)}%` : formatNumber(v));
  const latest = metrics.history[metrics.history.length - 1];

  return (
    <ChartCard
      title={props.title}
      testId={props.testId}
      note={props.note}
      rootRef={card}
      csv={() => ({
        columns: reference ? ['step', metric, reference.label] : ['step', metric],
        rows: store.getState().metrics.history.map((m) =>
          reference ? { step: m.step, [metric]: m[metric], [reference.label]: reference.y } : { step: m.step, [metric]: m[metric] },
        ),
      })}
    >
      <LineChartSvg
        series={series}
        references={references}
        yMin={props.yMin}
        yMax={props.yMax}
        formatY={fmt}
        label={latest ? `${props.title}: ${fmt(latest[metric])} at step ${latest.step}` : `${props.title}: no steps yet`}
      />
    </ChartCard>
  );
}
