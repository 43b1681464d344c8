/**
 * Compares the project's NT-Xent, its gradient and diagnostics with one case of
 * the PyTorch golden file. Returns a list of mismatches (empty when the case
 * matches) so a test can assert both that the real vectors pass and that
 * corrupted vectors are caught.
 *
 * Tolerances (shared/golden/README.md): loss, accuracy, entropy 1e-4 relative;
 * similarity and logits 1e-5 absolute; gradient with respect to z 1e-4 absolute.
 */
import * as tf from '@tensorflow/tfjs-core';
import { contrastiveDiagnostics, ntXentLoss, ntXentLossPositiveFirst, positiveFirstLogits } from '../../../src/core/loss';
import type { GoldenNtXentCase } from './load-golden';

export async function checkNtXentCase(c: GoldenNtXentCase): Promise<string[]> {
  const problems: string[] = [];
  const label = `n=${c.n} d=${c.d} tau=${c.temperature}${c.note ? ` (${c.note})` : ''}`;
  const z = tf.tensor2d(c.z, [2 * c.n, c.d]);
  try {
    const lossT = ntXentLoss(z, c.temperature);
    const loss = (await lossT.data())[0]!;
    lossT.dispose();
    relative(problems, `${label} loss`, loss, c.loss, 1e-4);

    const pfT = ntXentLossPositiveFirst(z, c.temperature);
    relative(problems, `${label} positive-first loss`, (await pfT.data())[0]!, c.loss, 1e-4);
    pfT.dispose();

    const d = contrastiveDiagnostics(z, c.temperature);
    relative(problems, `${label} entropy`, (await d.entropy.data())[0]!, c.entropy, 1e-4);
    if (c.contrastive_accuracy !== undefined) {
      relative(problems, `${label} contrastive accuracy`, (await d.accuracy.data())[0]!, c.contrastive_accuracy, 1e-4);
    }
    if (c.similarity) absolute(problems, `${label} similarity`, await d.similarity.data(), c.similarity, 1e-5);
    tf.dispose(d as unknown as tf.TensorContainer);

    if (c.positive_first_logits) {
      const logits = positiveFirstLogits(z, c.temperature);
      absolute(problems, `${label} positive-first logits`, await logits.data(), c.positive_first_logits, 1e-5);
      logits.dispose();
    }
    if (c.grad_z) {
      const grad = tf.grad((x: tf.Tensor) => ntXentLoss(x as tf.Tensor2D, c.temperature))(z);
      absolute(problems, `${label} grad_z`, await grad.data(), c.grad_z, 1e-4);
      grad.dispose();
    }
  } finally {
    z.dispose();
  }
  return problems;
}

function relative(problems: string[], what: string, got: number, want: number, tol: number): void {
  const err = Math.abs(got - want) / Math.max(Math.abs(want), 1e-12);
  if (!(err <= tol) && !(Math.abs(got - want) <= 1e-7)) problems.push(`${what}: got ${got}, want ${want} (relative error ${err.toExponential(2)} > ${tol})`);
}

function absolute(problems: string[], what: string, got: ArrayLike<number>, want: readonly number[], tol: number): void {
  if (got.length !== want.length) {
    problems.push(`${what}: length ${got.length}, want ${want.length}`);
    return;
  }
  let worst = 0;
  let at = 0;
  for (let i = 0; i < want.length; i++) {
    const err = Math.abs(got[i]! - want[i]!);
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  if (!(worst <= tol)) problems.push(`${what}: element ${at} got ${got[at]}, want ${want[at]} (error ${worst.toExponential(2)} > ${tol})`);
}
