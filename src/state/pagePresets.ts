/**
 * Settings the page starts from, and the augmentation presets of the Augment panel.
 *
 * Why the page does not start from `DEFAULT_CONFIG`: the core default is the paper's
 * method at the smallest scale that is still the paper's (ResNet-18 of width 16,
 * N = 64, LARS with warmup and cosine decay, tau = 0.1). On a laptop's GPU, or on
 * wasm, one such step takes long enough that the first minute shows little, and
 * LARS with a 100-step warmup barely moves in that minute. `PLAYGROUND_DEFAULT`
 * keeps the paper's augmentations and MLP head but uses the small ConvNet,
 * N = 32 (62 negatives per anchor), Adam at a constant 1e-3 (what the reference
 * PyTorch ports use) and tau = 0.5 (the paper's CIFAR value, forgiving for short
 * runs), so the similarity matrix visibly sharpens within a few hundred steps.
 * Every setting can be turned back to the paper's in the panels.
 */
import {
  CIFAR_PRESET,
  DEFAULT_CONFIG,
  PAPER_AUGMENT,
  mergeConfig,
  type AugmentConfig,
  type TrainConfig,
} from '../core/config';
import { leavesEqual } from './configPaths';

export const PLAYGROUND_DEFAULT: TrainConfig = mergeConfig(DEFAULT_CONFIG, {
  encoder: { kind: 'bench-cnn', width: 16 },
  batchSize: 32,
  optimizer: { kind: 'adam', learningRate: 1e-3, lrScaling: 'none', warmupSteps: 0, schedule: 'constant' },
  loss: { temperature: 0.5 },
});

export type AugmentPresetName = 'paper' | 'cifar' | 'crop-only' | 'crop-colour' | 'none';

function only(base: AugmentConfig, keep: (keyof AugmentConfig)[]): AugmentConfig {
  const out = structuredClone(base);
  for (const key of Object.keys(out) as (keyof AugmentConfig)[]) {
    out[key].enabled = keep.includes(key);
  }
  return out;
}

export interface AugmentPreset {
  name: AugmentPresetName;
  label: string;
  description: string;
  augment: AugmentConfig;
}

export const AUGMENT_PRESETS: readonly AugmentPreset[] = [
  {
    name: 'paper',
    label: 'Paper default',
    description: 'Crop + flip, colour distortion (s = 1), grayscale, blur (Appendix A).',
    augment: PAPER_AUGMENT,
  },
  {
    name: 'cifar',
    label: 'CIFAR recipe',
    description: 'As the paper trains CIFAR-10: colour strength 0.5 and no blur.',
    augment: CIFAR_PRESET.augment,
  },
  {
    name: 'crop-only',
    label: 'Crop only',
    description: 'Random resized crop and flip alone: views can be matched by colour.',
    augment: only(PAPER_AUGMENT, ['crop', 'flip']),
  },
  {
    name: 'crop-colour',
    label: 'Crop + colour',
    description: 'The pair Figure 5 singles out: crop with colour jitter and grayscale.',
    augment: only(PAPER_AUGMENT, ['crop', 'flip', 'colorJitter', 'colorDrop']),
  },
  {
    name: 'none',
    label: 'None',
    description: 'Both views are the image itself: the task is trivial and teaches nothing.',
    augment: only(PAPER_AUGMENT, []),
  },
];

/** The preset whose settings equal `augment` exactly, or undefined for a custom mix. */
export function matchAugmentPreset(augment: AugmentConfig): AugmentPresetName | undefined {
  return AUGMENT_PRESETS.find((p) => leavesEqual(p.augment, augment))?.name;
}

export function augmentPreset(name: AugmentPresetName): AugmentPreset {
  const preset = AUGMENT_PRESETS.find((p) => p.name === name);
  if (!preset) throw new Error(`unknown augmentation preset ${name}`);
  return preset;
}
