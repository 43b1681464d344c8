/**
 * The loss config's defaults and the loss of "nothing learned", with no tfjs
 * import, so the page (src/ui, src/state) can use them without pulling the
 * tensor library into the main thread's bundle.
 */
import type { LossConfig, LossKind } from '../config';

/** The margin m of the triplet loss and of the semi-hard window when a config has none. */
export const DEFAULT_MARGIN = 0.5;

/**
 * A loss config with the fields added after the first release filled in
 * (configs saved before then have only temperature and normalize).
 */
export function resolveLoss(loss: LossConfig): Required<LossConfig> {
  return {
    kind: loss.kind ?? 'nt-xent',
    temperature: loss.temperature,
    normalize: loss.normalize,
    margin: loss.margin ?? DEFAULT_MARGIN,
    semiHard: loss.semiHard ?? false,
  };
}

/**
 * The value of the loss when every similarity is equal (all z the same), the
 * line a chart can draw as "nothing learned": ln(2N - 1) for NT-Xent,
 * softplus(-1/tau) + softplus(1/tau) for NT-Logistic with cosine similarity,
 * the margin for the triplet loss.
 */
export function chanceLoss(config: LossConfig, batchSize: number): number {
  const loss = resolveLoss(config);
  const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
  switch (loss.kind) {
    case 'nt-xent':
      return Math.log(2 * batchSize - 1);
    case 'nt-logistic':
      return softplus(-1 / loss.temperature) + softplus(1 / loss.temperature);
    case 'margin-triplet':
      return loss.margin;
    default: {
      const never: never = loss.kind;
      throw new Error(`chanceLoss: unknown loss.kind ${JSON.stringify(never)}`);
    }
  }
}

/** The short name of each loss, as chart titles and labels print it. */
export const LOSS_NAMES: Readonly<Record<LossKind, string>> = {
  'nt-xent': 'NT-Xent',
  'nt-logistic': 'NT-Logistic',
  'margin-triplet': 'Margin triplet',
};
