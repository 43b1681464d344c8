/**
 * kNN accuracy on h against the step, for this run's evaluations, with the
 * random-init encoder's score and the chance level as dashed lines. Drawn with
 * recharts, mounted as soon as the dataset is known (so its first, dearest
 * render happens while the page loads, not when scores arrive), re-rendered
 * only when a new evaluation arrives (the history array changes only then), as
 * a deferred render, with no animation, no dots, fixed ticks and memoised parts.
 */
import { memo, useDeferredValue, useMemo, useRef } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, XAxis, YAxis } from 'recharts';
import type { EvaluationResult } from '../../state/types';
import { percent } from './format';
import { useElementWidth } from '../components/useElementWidth';
import { AXIS_IN_PLACE, IN_PLACE } from '../charts/chartStyle';

const HEIGHT = 150;
/** Room on the right for the reference lines' labels, outside the plot. */
const MARGIN = { top: 8, right: 70, bottom: 0, left: 0 };
const Y_DOMAIN: [number, number] = [0, 1];
const Y_TICKS = [0, 0.25, 0.5, 0.75, 1];
const TICK = { fill: 'var(--eval-chart-text)', fontSize: 11 };
const AXIS_LINE = { stroke: 'var(--eval-chart-axis)' };

interface Point {
  step: number;
  knn: number;
  probe: number;
}

const formatY = (v: number) => percent(v);

/** Five or so round, whole step ticks from 0 to at least `last`. */
export function stepTicks(last: number): number[] {
  const top = Math.max(4, last);
  const raw = top / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const ticks: number[] = [];
  for (let t = 0; t < top + step; t += step) ticks.push(Math.round(t));
  return ticks;
}

const GRID = <CartesianGrid zIndex={IN_PLACE} stroke="var(--eval-chart-grid)" vertical={false} />;
const Y_AXIS = <YAxis {...AXIS_IN_PLACE} type="number" domain={Y_DOMAIN} ticks={Y_TICKS} interval={0} tickFormatter={formatY} tick={TICK} tickLine={false} axisLine={false} width={42} />;
const KNN_LINE = <Line zIndex={IN_PLACE} dataKey="knn" name="kNN on h" stroke="var(--eval-knn)" strokeWidth={2} dot={false} activeDot={false} isAnimationActive={false} />;
const PROBE_LINE = <Line zIndex={IN_PLACE} dataKey="probe" name="probe on h" stroke="var(--eval-probe)" strokeWidth={1} dot={false} activeDot={false} isAnimationActive={false} />;

export const EvaluationHistory = memo(function EvaluationHistory(props: { history: readonly EvaluationResult[]; classes: number }) {
  const history = useDeferredValue(props.history);
  const ref = useRef<HTMLDivElement>(null);
  const width = useElementWidth(ref, 320);
  const data = useMemo<Point[]>(() => history.map((e) => ({ step: e.step, knn: e.h.knn, probe: e.h.probe })), [history]);
  const last = history[history.length - 1];
  const chance = props.classes > 0 ? 1 / props.classes : 0;
  const baseline = last?.baseline.h.knn;
  const ticks = useMemo(() => stepTicks(last?.step ?? 0), [last?.step]);
  const xAxis = useMemo(
    () => (
      <XAxis {...AXIS_IN_PLACE} type="number" dataKey="step" domain={[0, ticks[ticks.length - 1]!]} ticks={ticks} interval={0} allowDataOverflow tick={TICK} tickLine={false} axisLine={AXIS_LINE} height={22} />
    ),
    [ticks],
  );
  const chanceLine = useMemo(
    () => <ReferenceLine zIndex={IN_PLACE} y={chance} stroke="var(--eval-chance)" strokeDasharray="2 3" label={{ value: 'chance', position: 'right', zIndex: IN_PLACE, fill: 'var(--eval-chart-text)', fontSize: 10 }} />,
    [chance],
  );
  const baselineLine = useMemo(
    () =>
      baseline === undefined ? null : (
        <ReferenceLine zIndex={IN_PLACE} y={baseline} stroke="var(--eval-baseline)" strokeDasharray="5 4" label={{ value: 'random init', position: 'right', zIndex: IN_PLACE, fill: 'var(--eval-baseline)', fontSize: 10 }} />
      ),
    [baseline],
  );
  const label = last
    ? `kNN accuracy on h over ${history.length} evaluation${history.length === 1 ? '' : 's'}: ${percent(last.h.knn)} at step ${last.step}, random init ${percent(last.baseline.h.knn)}, chance ${percent(chance)}`
    : `No evaluations yet; chance is ${percent(chance)}`;
  return (
    <figure className="eval-history" data-testid="evaluation-history" data-points={history.length}>
      <figcaption>kNN accuracy on h (solid), linear probe on h (thin), random init and chance (dashed)</figcaption>
      <div ref={ref} className="eval-history-plot">
        <LineChart width={width} height={HEIGHT} data={data} margin={MARGIN} title={label} aria-label={label}>
          {GRID}
          {xAxis}
          {Y_AXIS}
          {chanceLine}
          {baselineLine}
          {PROBE_LINE}
          {KNN_LINE}
        </LineChart>
        {history.length < 2 && <p className="eval-history-note">The history of scores appears from the second evaluation on.</p>}
      </div>
    </figure>
  );
});
