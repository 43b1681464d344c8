/**
 * The paper's own numbers and claims for each ablation (shared/SIMCLR.md), to
 * show beside the miniature's: Table 1 (colour strength), Table 5
 * (temperature), Figure 8 (projection head), Figure 5 (pairs of augmentations),
 * Table 4 (losses), Figure 9 / Table B.1 (batch size and training length),
 * Table 7 (fine-tuning with 1% and 10% of the labels). Table 4's and Table 7's
 * numbers are the paper's (arXiv:2002.05709v3); shared/SIMCLR.md states only
 * Table B.1's claim in words.
 */
import type { AblationKind } from '../../worker/protocol';

/** What the paper measured, in one line per kind. */
export const PAPER_SOURCE: Record<AblationKind, string> = {
  'augment-pairs': 'Figure 5 (ImageNet top-1, linear evaluation, ResNet-50): no single transform is enough; crop + colour distortion stands out.',
  'colour-strength': 'Table 1 (ImageNet top-1, linear evaluation, ResNet-50): stronger colour distortion helps contrastive learning, not supervised learning.',
  temperature: 'Table 5 (ImageNet top-1, linear evaluation, with ℓ2 normalisation): τ = 0.1 is best, too low or too high hurts.',
  head: 'Figure 8: a nonlinear (MLP) head beats a linear one by about 3 points and no head by over 10; h beats z by over 10 points.',
  loss: 'Table 4 (ImageNet top-1, linear evaluation, ResNet-50, hyper-parameters tuned per loss): NT-Xent 63.9%; NT-Logistic 51.6% (57.9% with semi-hard negatives); margin triplet 50.9% (57.5%). NT-Xent weighs each negative by how hard it is through the softmax; the others need semi-hard mining to come close, and still do not.',
  'batch-size': 'Figure 9 and Table B.1 (ImageNet top-1, linear evaluation): bigger batches help most when training is short (more negatives per step, and more images seen per step); the gap closes as training gets longer. Square-root learning-rate scaling works better than linear for small batches.',
  finetune: 'Table 7 (ImageNet, ResNet-50): fine-tuning the SimCLR encoder on 1% of the labels gives 48.3% top-1 against 25.4% for the same network trained from scratch on them; on 10%, 65.6% against 56.4%. Pre-training helps most when labels are fewest.',
};

/** Table 4: top-1 of each loss, without and with semi-hard negative mining. */
const LOSSES: { key: RegExp; top1: number; sh: number | null }[] = [
  { key: /nt-?xent/, top1: 63.9, sh: null },
  { key: /nt-?logistic/, top1: 51.6, sh: 57.9 },
  { key: /margin|triplet/, top1: 50.9, sh: 57.5 },
];

/** Table 7: top-1 (top-5) with 1% and 10% of ImageNet's labels. */
export const FINETUNE_PAPER: Record<'finetune' | 'scratch', Record<1 | 10, { top1: number; top5: number }>> = {
  finetune: { 1: { top1: 48.3, top5: 75.5 }, 10: { top1: 65.6, top5: 87.8 } },
  scratch: { 1: { top1: 25.4, top5: 48.4 }, 10: { top1: 56.4, top5: 80.4 } },
};

const STRENGTH: { s: number | 'blur'; simclr: number; supervised: number }[] = [
  { s: 1 / 8, simclr: 59.6, supervised: 77.0 },
  { s: 1 / 4, simclr: 61.0, supervised: 76.7 },
  { s: 1 / 2, simclr: 62.6, supervised: 76.5 },
  { s: 1, simclr: 63.2, supervised: 75.7 },
  { s: 'blur', simclr: 64.5, supervised: 75.4 },
];

const TEMPERATURE: { tau: number; top1: number }[] = [
  { tau: 0.05, top1: 59.7 },
  { tau: 0.1, top1: 64.4 },
  { tau: 0.5, top1: 60.7 },
  { tau: 1.0, top1: 58.0 },
];

/** The first number in `text`, reading "1/8" as 0.125; undefined when there is none. */
export function numberIn(text: string): number | undefined {
  const fraction = /(\d+)\s*\/\s*(\d+)/.exec(text);
  if (fraction) return Number(fraction[1]) / Number(fraction[2]);
  const plain = /(\d*\.\d+|\d+)/.exec(text);
  return plain ? Number(plain[1]) : undefined;
}

const near = (a: number, b: number) => Math.abs(a - b) < 1e-6;

/** The paper's figure for one setting of a kind ("SimCLR 62.6%, supervised 76.5%"), or undefined. */
export function paperFor(kind: AblationKind, setting: string): string | undefined {
  const text = setting.toLowerCase();
  if (kind === 'colour-strength') {
    const row = text.includes('blur') ? STRENGTH[4] : STRENGTH.find((r) => typeof r.s === 'number' && near(r.s, numberIn(text) ?? NaN));
    return row ? `SimCLR ${row.simclr}%, supervised ${row.supervised}%` : undefined;
  }
  if (kind === 'temperature') {
    const tau = numberIn(text);
    const row = TEMPERATURE.find((r) => tau !== undefined && near(r.tau, tau));
    return row ? `${row.top1}%` : undefined;
  }
  if (kind === 'head') {
    if (/none|no head|identity/.test(text)) return 'over 10 points below the MLP head';
    if (/linear/.test(text) && !/non-?linear/.test(text)) return 'about 3 points below the MLP head';
    if (/mlp|non-?linear/.test(text)) return 'best head; h beats z by over 10 points';
    return undefined;
  }
  if (kind === 'loss') {
    const row = LOSSES.find((r) => r.key.test(text));
    if (!row) return undefined;
    const semiHard = /\(sh\)|semi-?hard/.test(text);
    if (semiHard) return row.sh === null ? undefined : `${row.sh}%`;
    return `${row.top1}%`;
  }
  if (kind === 'finetune') {
    const m = /(finetune|scratch)-(1|10)pct/.exec(text);
    if (!m) return undefined;
    const r = FINETUNE_PAPER[m[1] as 'finetune' | 'scratch'][Number(m[2]) as 1 | 10];
    return `${r.top1}% (top-5 ${r.top5}%)`;
  }
  return undefined;
}

/** The paper's column title for each kind that has one. */
export const PAPER_COLUMN: Partial<Record<AblationKind, string>> = {
  'colour-strength': 'Paper (Table 1, ImageNet top-1)',
  temperature: 'Paper (Table 5, ImageNet top-1)',
  head: 'Paper (Figure 8)',
  loss: 'Paper (Table 4, ImageNet top-1)',
  finetune: 'Paper (Table 7, ImageNet top-1)',
};
