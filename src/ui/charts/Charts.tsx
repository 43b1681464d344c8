/** The training charts (recharts): loss with its chance line, contrastive accuracy, entropy, learning rate, similarity histogram. */
import { useApp } from '../../state/context';
import { chanceLoss } from '../../state/similarityStats';
import { lossChance } from './lossChance';
import { Panel } from '../components/Panel';
import { HistogramChart } from './HistogramChart';
import { MetricChart } from './MetricChart';

export function Charts() {
  const batchSize = useApp((s) => (s.appliedConfig ?? s.config).batchSize);
  const lossConfig = useApp((s) => (s.appliedConfig ?? s.config).loss);
  // The loss's own chance level; the softmax entropy's uniform level is ln(2N - 1) whatever the loss.
  const loss = lossChance(lossConfig, batchSize);
  const uniform = chanceLoss(batchSize);
  return (
    <Panel title="Training" testId="charts-panel" explain="charts" className="charts-panel">
      <div className="chart-grid">
        <MetricChart
          title={loss.title}
          testId="chart-loss" index={0}
          metric="loss"
          color="var(--chart-loss)"
          reference={loss.y === undefined ? undefined : { y: loss.y, label: loss.label }}
          note={loss.note}
        />
        <MetricChart
          title="Contrastive accuracy"
          testId="chart-accuracy" index={1}
          metric="accuracy"
          color="var(--chart-accuracy)"
          yMin={0}
          yMax={1}
          percent
          reference={{ y: 1 / (2 * batchSize - 1), label: 'chance' }}
          note="How often a view's partner is its most similar view"
        />
        <MetricChart
          title="Softmax entropy"
          testId="chart-entropy" index={2}
          metric="entropy"
          color="var(--chart-entropy)"
          yMin={0}
          reference={{ y: uniform, label: 'uniform' }}
          note="Mean entropy of each row's softmax, nats"
        />
        <MetricChart title="Learning rate" testId="chart-lr" index={3} metric="learningRate" color="var(--chart-lr)" yMin={0} note="After scaling, warmup and schedule" />
        <HistogramChart />
      </div>
    </Panel>
  );
}
