/** Message builders for the evaluation, map, neighbours, ablation and export tests. */
import type { AblationRow, EvaluationMessage, FromWorker, MapMessage, NeighboursMessage } from '../../../src/worker/protocol';
import { datasetReady, makeStore, readyMessage } from './fakes';

export function evaluationMessage(step: number, knnH = 0.8, classNames = ['circle', 'square', 'triangle', 'star']): EvaluationMessage {
  return {
    type: 'evaluation', step,
    h: { knn: knnH, probe: knnH + 0.05 },
    z: { knn: knnH - 0.1, probe: knnH - 0.05 },
    baseline: { h: { knn: 0.4, probe: 0.45 }, z: { knn: 0.35, probe: 0.4 } },
    tested: 200, classNames,
  };
}

export function labelledDataset(count = 8, classNames = ['circle', 'square', 'triangle', 'star']): Extract<FromWorker, { type: 'datasetReady' }> {
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) labels[i] = i % classNames.length;
  return { ...datasetReady(count), classNames, labels };
}

export function mapMessage(count = 4, step = 10): MapMessage {
  const points = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    points[2 * i] = i;
    points[2 * i + 1] = (i * 7) % 5;
  }
  return {
    type: 'map', step, method: 'pca', space: 'h', points,
    indices: Int32Array.from({ length: count }, (_, i) => i),
    labels: Int32Array.from({ length: count }, (_, i) => i % 4),
  };
}

export function neighboursMessage(index: number, neighbours: number[], step = 10): NeighboursMessage {
  return {
    type: 'neighbours', step, index,
    neighbours: Int32Array.from(neighbours),
    scores: Float32Array.from(neighbours.map((_, i) => 0.9 - i * 0.1)),
  };
}

export function ablationRow(setting: string, seed: number, knnH: number, pair?: [string, string]): AblationRow {
  return {
    kind: pair ? 'augment-pairs' : 'colour-strength', setting, ...(pair ? { pair } : {}),
    dataset: 'shapes', seed, steps: 50,
    h: { knn: knnH, probe: knnH + 0.02 }, z: { knn: knnH - 0.1, probe: knnH - 0.08 },
    finalLoss: 3.2, seconds: 4.5,
  };
}

/** A store whose worker is ready with a labelled dataset; the port's log is empty. */
export function readyStore(count = 8) {
  const made = makeStore();
  made.store.getState().start();
  made.store.getState().receive(readyMessage());
  made.store.getState().receive(labelledDataset(count));
  made.port.take();
  return made;
}
