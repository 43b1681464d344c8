/**
 * The paper's own numbers and claims for each ablation (shared/SIMCLR.md), to
 * show beside the miniature's: Table 1 (colour strength), Table 5
 * (temperature), Figure 8 (projection head), Figure 5 (pairs of augmentations).
 */
import type { AblationKind } from '../../worker/protocol';

/** What the paper measured, in one line per kind. */
export const PAPER_SOURCE: Record<AblationKind, string> = {
  'augment-pairs': 'Figure 5 (ImageNet top-1, linear evaluation, ResNet-50): no single transform is enough; crop + colour distortion stands out.',
  'colour-strength': 'Table 1 (ImageNet top-1, linear evaluation, ResNet-50): stronger colour distortion helps contrastive learning, not supervised learning.',
  temperature: 'Table 5 (ImageNet top-1, linear evaluation, with ℓ2 normalisation): τ = 0.1 is best, too low or too high hurts.',
  head: 'Figure 8: a nonlinear (MLP) head beats a linear one by about 3 points and no head by over 10; h beats z by over 10 points.',
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
  return undefined;
}

/** The paper's column title for each kind that has one. */
export const PAPER_COLUMN: Partial<Record<AblationKind, string>> = {
  'colour-strength': 'Paper (Table 1, ImageNet top-1)',
  temperature: 'Paper (Table 5, ImageNet top-1)',
  head: 'Paper (Figure 8)',
};
