/**
 * The loss chart's title and chance line for the configured loss: what the
 * loss is when every view looks alike (all z equal), so a curve at the line
 * has learned nothing. No tfjs (core/loss/chance is pure).
 */
import type { LossConfig } from '../../core/config';
import { chanceLoss, LOSS_NAMES, resolveLoss } from '../../core/loss/chance';

export interface LossChance {
  /** Chart title naming the loss, e.g. "Loss (NT-Xent)". */
  title: string;
  /** The dashed line's value, or undefined where the loss has no fixed chance level. */
  y: number | undefined;
  /** The line's label (and the CSV column), naming the loss. */
  label: string;
  /** One sentence under the chart. */
  note: string;
}

const round = (v: number) => Number(v.toFixed(2)).toString();

export function lossChance(config: LossConfig, batchSize: number): LossChance {
  const loss = resolveLoss(config);
  const name = LOSS_NAMES[loss.kind];
  const title = `Loss (${name})`;
  switch (loss.kind) {
    case 'nt-xent': {
      const y = chanceLoss(loss, batchSize);
      return { title, y, label: `${name} chance ln(${2 * batchSize - 1})`, note: `${name} chance: ln(2N − 1) = ${y.toFixed(2)} nats` };
    }
    case 'nt-logistic': {
      if (!loss.normalize) {
        return { title, y: undefined, label: `${name} chance`, note: `${name} without l2 normalisation has no fixed chance level: all-alike views score by their length` };
      }
      const y = chanceLoss(loss, batchSize);
      return {
        title, y,
        label: `${name} chance ${round(y)}`,
        note: `${name} chance: softplus(−1/τ) + softplus(1/τ) = ${y.toFixed(2)} nats at τ = ${loss.temperature}`,
      };
    }
    case 'margin-triplet': {
      const y = chanceLoss(loss, batchSize);
      return { title, y, label: `${name} chance m = ${round(y)}`, note: `${name} chance: all-alike views score the margin m = ${round(y)}; 0 once every positive leads by m` };
    }
  }
}
