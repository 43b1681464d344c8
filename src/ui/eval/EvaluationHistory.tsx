/**
 * kNN accuracy on h against the step, for this run's evaluations, with the
 * random-init encoder's score and the chance level as dashed lines.
 *
 * Built like the training charts (charts/MetricChart.tsx): recharts draws
 * the frame (grid and axes) and re-renders only when the step axis grows,
 * which it does in a few jumps per power of ten (scale.ts, stepAxisEnd), and,
 * while training, only when no other chart changed its frame just before
 * (charts/frameGate.ts); the page draws the lines and levels
 * (HistoryLines.tsx) and reads out the scores at the step under the pointer
 * or chosen with the arrow keys, as the training charts do. Drawn wholly by
 * recharts, the history cost the first evaluation of a run one main-thread
 * task of about 120 ms on a 2-core machine that was training
 * (test/bench/longtasks-trace.ts): recharts measured its tick and label text
 * in the DOM, searched for nice ticks and laid out both lines, all in one
 * synchronous render.
 */
import { memo, useDeferredValue, useMemo, useRef } from 'react';
import { CartesianGrid, LineChart } from 'recharts';
import { useApp } from '../../state/context';
import type { EvaluationResult } from '../../state/types';
import type { Point } from '../charts/downsample';
import { GRID_STROKE, IN_PLACE, useFixedYAxis, useStepXAxis } from '../charts/chartStyle';
import { ChartDownloads, type ChartCsv } from '../charts/ChartDownloads';
import { PlotBox, useChartSurface } from '../charts/LivePlot';
import { pixelX, plotArea } from '../charts/plotArea';
import { readoutPosition, useLineReadout } from '../charts/usePlotReadout';
import { sameNumbers, stepAxisEnd, stepAxisTicks } from '../charts/scale';
import { useGatedFrame } from '../charts/frameGate';
import { useElementWidth } from '../components/useElementWidth';
import { percent } from './format';
import { HistoryLines, type Level } from './HistoryLines';

/** Height of the chart's surface, in pixels. */
export const HISTORY_HEIGHT = 150;
/** Room on the right for the levels' labels, outside the plot. */
export const HISTORY_MARGIN = { top: 8, right: 70, bottom: 0, left: 0 };
const Y_DOMAIN: [number, number] = [0, 1];
const Y_TICKS = [0, 0.25, 0.5, 0.75, 1];
const NO_DATA: unknown[] = [];

const formatY = (v: number) => percent(v);

/** The step axis: its domain from 0 and its ticks. */
export interface StepAxis {
  domain: [number, number];
  ticks: number[];
}

/**
 * The step axis for evaluations up to step `last`: from 0 to stepAxisEnd(last)
 * with at most `tickCount` round ticks ending on it. Arrays equal to those of
 * `shown` are returned as they were, so the memoised axis is reused.
 */
export function historyStepAxis(last: number, tickCount: number, shown?: StepAxis): StepAxis {
  const end = stepAxisEnd(Math.max(1, last));
  const domain: [number, number] = [0, end];
  const ticks = stepAxisTicks(0, end, tickCount);
  return {
    domain: shown && sameNumbers(shown.domain, domain) ? shown.domain : domain,
    ticks: shown && sameNumbers(shown.ticks, ticks) ? shown.ticks : ticks,
  };
}

/** The scores of every evaluation, one row each, with the random-init kNN score and chance, for the CSV download. */
export function historyCsv(history: readonly EvaluationResult[], chance: number): ChartCsv {
  return {
    columns: ['step', 'kNN on h', 'probe on h', 'kNN on z', 'probe on z', 'random init kNN on h', 'chance'],
    rows: history.map((e) => ({
      step: e.step,
      'kNN on h': e.h.knn,
      'probe on h': e.h.probe,
      'kNN on z': e.z.knn,
      'probe on z': e.z.probe,
      'random init kNN on h': e.baseline.h.knn,
      chance,
    })),
  };
}

const sameAxis = (a: StepAxis, b: StepAxis) => a.domain === b.domain && a.ticks === b.ticks;

export const EvaluationHistory = memo(function EvaluationHistory(props: { history: readonly EvaluationResult[]; classes: number }) {
  const history = useDeferredValue(props.history);
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref, 320);
  const last = history[history.length - 1];
  const chance = props.classes > 0 ? 1 / props.classes : 0;
  const baseline = last?.baseline.h.knn;
  const knn = useMemo<Point[]>(() => history.map((e) => ({ x: e.step, y: e.h.knn })), [history]);
  const probe = useMemo<Point[]>(() => history.map((e) => ({ x: e.step, y: e.h.probe })), [history]);

  const shown = useRef<StepAxis | undefined>(undefined);
  const tickCount = Math.max(2, Math.floor(width / 80));
  const wanted = useMemo(() => historyStepAxis(last?.step ?? 0, tickCount, shown.current), [last?.step, tickCount]);
  // While training, one chart changes its frame at a time (frameGate.ts).
  const training = useApp((s) => s.runState === 'running');
  const axis = useGatedFrame(wanted, training, sameAxis);
  shown.current = axis;

  const area = useMemo(() => plotArea(width, HISTORY_MARGIN, HISTORY_HEIGHT), [width]);
  const domains = useMemo(() => ({ x: axis.domain, y: Y_DOMAIN }), [axis.domain]);
  const levels = useMemo<Level[]>(() => {
    const out: Level[] = [{ value: chance, label: 'chance', color: 'var(--eval-chance)', dash: '2 3' }];
    if (baseline !== undefined && Number.isFinite(baseline)) out.push({ value: baseline, label: 'random init', color: 'var(--eval-baseline)', dash: '5 4' });
    return out;
  }, [chance, baseline]);
  const surface = useChartSurface(ref);
  // The step pointed at; the read-out shows the evaluation nearest to it.
  const { readout, activeIndex } = useLineReadout(knn, domains, area);
  const active = activeIndex >= 0 ? history[activeIndex] : undefined;

  const label = last
    ? `kNN accuracy on h over ${history.length} evaluation${history.length === 1 ? '' : 's'}: ${percent(last.h.knn)} at step ${last.step}, random init ${percent(last.baseline.h.knn)}, chance ${percent(chance)}`
    : `No evaluations yet; chance is ${percent(chance)}`;
  return (
    <figure className="eval-history" data-testid="evaluation-history" data-points={history.length}>
      <figcaption>
        <span>kNN accuracy on h (solid), linear probe on h (thin), random init and chance (dashed)</span>
        <ChartDownloads title="Evaluation history" testId="evaluation-history" root={ref} csv={() => historyCsv(props.history, chance)} />
      </figcaption>
      <div className="eval-history-plot">
        <PlotBox boxRef={ref} label={label} items="scores" readout={readout}>
          <HistoryFrame width={width} axis={axis} />
          <HistoryLines surface={surface} area={area} domains={domains} knn={knn} probe={probe} levels={levels} active={knn[activeIndex]} />
          {active && (
            <div className="chart-tooltip live-tooltip" role="status" style={readoutPosition(pixelX(active.step, domains, area), area.top, width)}>
              step {active.step}: kNN <b>{percent(active.h.knn, 1)}</b>, probe {percent(active.h.probe, 1)}
            </div>
          )}
          {history.length < 2 && <p className="eval-history-note">The history of scores appears from the second evaluation on.</p>}
        </PlotBox>
      </div>
    </figure>
  );
});

const GRID = <CartesianGrid zIndex={IN_PLACE} stroke={GRID_STROKE} vertical={false} />;

/** The recharts frame: grid, step axis and the 0 to 100% axis; it re-renders only when the step axis changes. */
const HistoryFrame = memo(function HistoryFrame(props: { width: number; axis: StepAxis }) {
  const xAxis = useStepXAxis(props.axis.domain, props.axis.ticks);
  const yAxis = useFixedYAxis(Y_DOMAIN, Y_TICKS, formatY);
  return (
    <LineChart width={props.width} height={HISTORY_HEIGHT} data={NO_DATA} margin={HISTORY_MARGIN} accessibilityLayer={false} aria-hidden>
      {GRID}
      {xAxis}
      {yAxis}
    </LineChart>
  );
});
