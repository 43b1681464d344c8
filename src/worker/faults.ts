/**
 * Turns what went wrong during training into a sentence a user can act on, and
 * sorts errors into the kinds the trainer recovers from differently.
 */
import type { TrainConfig } from '../core/config';
import { scaledLearningRate } from '../core/train/schedule';

export type FaultKind = 'device-lost' | 'out-of-memory' | 'other';

/** Which kind of failure an error thrown by a training step is. */
export function classifyError(error: unknown): FaultKind {
  const text = errorText(error);
  if (/device (is |was |has been )?lost|GPUDevice.*(lost|destroyed)|instance of GPUDevice|context (was )?lost|CONTEXT_LOST|lost the (gpu|webgl)/i.test(text)) return 'device-lost';
  if (/out of memory|\bOOM\b|allocation failed|failed to allocate|Array buffer allocation failed|exceeds the maximum|memory access out of bounds|Cannot enlarge memory/i.test(text)) return 'out-of-memory';
  return 'other';
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * The sentence shown when a step's loss is NaN or infinite: what happened, what
 * was kept, and the setting most likely at fault.
 */
export function nonFiniteLossMessage(config: TrainConfig, step: number, loss: number, gradNorm: number): { message: string; fields: string[] } {
  const lr = scaledLearningRate(config.optimizer, config.batchSize);
  const hints: { field: string; text: string }[] = [];
  const highLr = config.optimizer.kind === 'adam' ? lr > 0.01 : lr > 5;
  if (highLr) hints.push({ field: 'optimizer.learningRate', text: `the learning rate ${fmt(lr)} is high for ${config.optimizer.kind}; try ${config.optimizer.kind === 'adam' ? '1e-3' : 'a tenth of it'}` });
  if (!config.loss.normalize) hints.push({ field: 'loss.normalize', text: 'without l2 normalisation the logits can grow without bound; switch normalisation back on' });
  if (config.loss.temperature < 0.05) hints.push({ field: 'loss.temperature', text: `the temperature ${config.loss.temperature} is very low, so logits are large; try 0.1 or more` });
  const cause = hints.length > 0
    ? `Most likely ${hints.map((h) => h.text).join('; and ')}.`
    : 'No setting looks extreme: check the images (a corrupt or constant image can cause it), or lower the learning rate.';
  return {
    message: `Training paused at step ${step}: ${whatBroke(loss, gradNorm)}. The weights from the last good step are kept. ${cause}`,
    fields: hints.map((h) => h.field),
  };
}

/** "the loss became NaN", or the gradient when the loss itself stayed finite. */
function whatBroke(loss: number, gradNorm: number): string {
  if (!Number.isFinite(loss)) return `the loss became ${Number.isNaN(loss) ? 'NaN' : 'infinite'}`;
  return `the gradient became ${Number.isNaN(gradNorm) ? 'NaN' : 'infinite'} (the loss was ${loss.toFixed(4)})`;
}

export function outOfMemoryMessage(config: TrainConfig, backend: string): string {
  return `The ${backend} backend ran out of memory with batch size ${config.batchSize} at ${config.imageSize} px. `
    + `Training is paused and your run is kept; try a smaller batch size${config.imageSize > 32 ? ', a smaller image size' : ''} or a narrower encoder.`;
}

function fmt(x: number): string {
  return x >= 0.01 ? String(Number(x.toPrecision(3))) : x.toExponential(1);
}
