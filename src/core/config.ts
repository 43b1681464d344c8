/**
 * The one configuration of a SimCLR run: data size, augmentations, encoder f,
 * projection head g, NT-Xent, optimiser and schedule.
 *
 * Defaults follow the paper (Chen et al. 2020, Appendix A and B; see
 * `shared/SIMCLR.md`) wherever the paper's value fits in a browser. The paper's
 * ResNet-50 and batch 4096 do not, so the defaults scale those down and say so.
 * `CIFAR_PRESET` is the paper's CIFAR-10 recipe (strength 0.5, no blur, tau 0.5).
 */

/** Random resized crop: a box of area U(areaMin, areaMax) of the image and aspect ratio log-uniform in [ratioMin, ratioMax], resized back (bilinear). */
export interface CropConfig {
  enabled: boolean;
  /** Fraction of the image area, in (0, 1]. Paper: 0.08. */
  areaMin: number;
  /** Fraction of the image area, in (0, 1]. Paper: 1.0. */
  areaMax: number;
  /** Width / height. Paper: 3/4. */
  ratioMin: number;
  /** Width / height. Paper: 4/3. */
  ratioMax: number;
}

/** Horizontal flip with probability p. */
export interface FlipConfig {
  enabled: boolean;
  p: number;
}

/**
 * Colour jitter as torchvision's ColorJitter: with probability p, brightness,
 * contrast, saturation and hue are changed by factors drawn from ranges set by
 * strength s: brightness 0.8s, contrast 0.8s, saturation 0.8s, hue 0.2s.
 * On one-channel images saturation and hue are identities.
 */
export interface ColorJitterConfig {
  enabled: boolean;
  p: number;
  /** Colour distortion strength s. Paper: 1.0 (ImageNet), 0.5 (CIFAR). */
  strength: number;
  /** Brightness range multiplier: factor ~ U(max(0, 1 - b s), 1 + b s). Paper: 0.8. */
  brightness: number;
  /** Contrast range multiplier. Paper: 0.8. */
  contrast: number;
  /** Saturation range multiplier. Paper: 0.8. */
  saturation: number;
  /** Hue shift ~ U(-h s, h s) of a full turn; h s at most 0.5. Paper: 0.2. */
  hue: number;
  /** Apply the four adjustments in a random order per image (paper) or in torchvision's fixed order. */
  randomOrder: boolean;
}

/** Colour drop: luma 0.299 R + 0.587 G + 0.114 B into all channels, with probability p. */
export interface ColorDropConfig {
  enabled: boolean;
  p: number;
}

/** Gaussian blur with reflect padding; kernel side = kernelFraction of the image side (rounded to odd). */
export interface BlurConfig {
  enabled: boolean;
  p: number;
  sigmaMin: number;
  sigmaMax: number;
  /** Kernel side as a fraction of the image side. Paper: 0.1. */
  kernelFraction: number;
}

/** Rotation by 90, 180 or 270 degrees (uniformly), with probability p. */
export interface RotateConfig {
  enabled: boolean;
  p: number;
}

/** Cutout: one random square of side U(sizeMin, sizeMax) x image side set to `fill`, with probability p. */
export interface CutoutConfig {
  enabled: boolean;
  p: number;
  sizeMin: number;
  sizeMax: number;
  /** Value written into the square, in [0, 1]. */
  fill: number;
}

/** Additive Gaussian noise with standard deviation U(stdMin, stdMax) per image, then clipped to [0, 1]. */
export interface NoiseConfig {
  enabled: boolean;
  p: number;
  stdMin: number;
  stdMax: number;
}

/** Sobel filter: gradient magnitude of the grey image, scaled to [0, 1], in every channel. */
export interface SobelConfig {
  enabled: boolean;
  p: number;
}

/** Every augmentation op of the paper's Figure 4, applied in this order to each view. */
export interface AugmentConfig {
  crop: CropConfig;
  flip: FlipConfig;
  colorJitter: ColorJitterConfig;
  colorDrop: ColorDropConfig;
  blur: BlurConfig;
  rotate: RotateConfig;
  cutout: CutoutConfig;
  noise: NoiseConfig;
  sobel: SobelConfig;
}

export type AugmentOpName = keyof AugmentConfig;
export const AUGMENT_OP_NAMES: readonly AugmentOpName[] = [
  'crop', 'flip', 'colorJitter', 'colorDrop', 'blur', 'rotate', 'cutout', 'noise', 'sobel',
];

export type EncoderKind = 'bench-cnn' | 'resnet';

/** Encoder f: images [B, H, W, C] -> representation h [B, D_h]. */
export interface EncoderConfig {
  kind: EncoderKind;
  /**
   * Channels of the first stage. bench-cnn: 32 (then 2x and 4x). ResNet: the
   * CIFAR stem's width; stages have width, 2 width, 4 width, 8 width.
   */
  width: number;
  /** ResNet depth: 10 (blocks 1,1,1,1), 18 (2,2,2,2) or 34 (3,4,6,3). Ignored by bench-cnn. */
  depth: 10 | 18 | 34;
}

export type HeadKind = 'none' | 'linear' | 'mlp';

/** Projection head g: h [B, D_h] -> z [B, outDim]. */
export interface HeadConfig {
  kind: HeadKind;
  /** Layers of the MLP head: 2 (paper, Linear-ReLU-Linear) or 3 (SimCLRv2). */
  layers: 2 | 3;
  /** Hidden width of the MLP head; 0 means "the same as h". */
  hiddenDim: number;
  /** Size of z for 'linear' and 'mlp'. Paper: 128. With 'none', z = h. */
  outDim: number;
}

/**
 * The contrastive losses of the paper's Table 2 and Table 4: NT-Xent (the
 * paper's choice), NT-Logistic and the margin triplet loss.
 */
export type LossKind = 'nt-xent' | 'nt-logistic' | 'margin-triplet';

/**
 * The loss on z. `kind`, `margin` and `semiHard` came after the first release:
 * a config without them means NT-Xent with margin 0.5 and no mining
 * (`resolveLoss` in core/loss fills them in).
 */
export interface LossConfig {
  /** Which loss. Default 'nt-xent'. */
  kind?: LossKind;
  /** Temperature tau > 0 of NT-Xent and NT-Logistic (the triplet loss has none). Paper: 0.1 (ImageNet), 0.5 (CIFAR). */
  temperature: number;
  /** l2-normalise z before the dot product (cosine similarity). Table 5 shows why. */
  normalize: boolean;
  /**
   * Margin m in (0, 4] on the similarity scale: the triplet loss wants each
   * positive similarity m above each negative one; semi-hard mining (both
   * pairwise losses) keeps negatives with s_pos - m < s_neg < s_pos. Default 0.5.
   */
  margin?: number;
  /** NT-Logistic and margin triplet: only semi-hard negatives count (paper Table 4 "sh"). Default false. */
  semiHard?: boolean;
}

export type OptimizerKind = 'adam' | 'sgd' | 'lars';
export type LrScaling = 'none' | 'linear' | 'sqrt';
export type LrScheduleKind = 'constant' | 'cosine';

export interface OptimizerConfig {
  kind: OptimizerKind;
  /**
   * Base learning rate. With scaling 'linear' the rate used is base x N / 256; with
   * 'sqrt' it is base x sqrt(N); with 'none' it is base.
   * Paper: LARS, 0.3 linear or 0.075 sqrt.
   */
  learningRate: number;
  lrScaling: LrScaling;
  /** Momentum for SGD and LARS. Paper: 0.9. */
  momentum: number;
  /** L2 weight decay (decoupled for Adam). Paper: 1e-6. Biases and batch-norm parameters are excluded. */
  weightDecay: number;
  /** LARS trust coefficient eta. google-research/simclr: 0.001. */
  larsEta: number;
  /** Steps of linear warmup from 0 to the full rate. */
  warmupSteps: number;
  /** 'cosine' decays to 0 at totalSteps after warmup; 'constant' keeps the rate. */
  schedule: LrScheduleKind;
  /** Length of the schedule in steps (cosine reaches 0 here; training may go on at 0). */
  totalSteps: number;
}

export interface TrainConfig {
  /** Seed of every random choice of the run. */
  seed: number;
  /** Training image side in pixels; images are square. */
  imageSize: number;
  /** Channels of the training images: 1 (grey) or 3 (RGB). */
  channels: 1 | 3;
  /** N images per step, so 2N views, 2(N-1) negatives per anchor. */
  batchSize: number;
  augment: AugmentConfig;
  encoder: EncoderConfig;
  head: HeadConfig;
  loss: LossConfig;
  optimizer: OptimizerConfig;
}

/** The paper's augmentation policy (Appendix A): crop + flip, colour distortion s = 1, blur. */
export const PAPER_AUGMENT: AugmentConfig = {
  crop: { enabled: true, areaMin: 0.08, areaMax: 1.0, ratioMin: 3 / 4, ratioMax: 4 / 3 },
  flip: { enabled: true, p: 0.5 },
  colorJitter: {
    enabled: true, p: 0.8, strength: 1.0,
    brightness: 0.8, contrast: 0.8, saturation: 0.8, hue: 0.2, randomOrder: true,
  },
  colorDrop: { enabled: true, p: 0.2 },
  blur: { enabled: true, p: 0.5, sigmaMin: 0.1, sigmaMax: 2.0, kernelFraction: 0.1 },
  rotate: { enabled: false, p: 1.0 },
  cutout: { enabled: false, p: 1.0, sizeMin: 0.2, sizeMax: 0.5, fill: 0 },
  noise: { enabled: false, p: 1.0, stdMin: 0.0, stdMax: 0.1 },
  sobel: { enabled: false, p: 1.0 },
};

/**
 * Defaults: the paper's method at playground scale. Same augmentations, MLP head
 * to 128-d, temperature 0.1, LARS with lr 0.3 x N/256 and weight decay 1e-6,
 * linear warmup then cosine decay. Scaled down: a ResNet-18 of width 16 with the
 * CIFAR stem instead of ResNet-50, 32 px images, N = 64 instead of 4096, and
 * warmup and length in steps instead of epochs.
 */
export const DEFAULT_CONFIG: TrainConfig = {
  seed: 0,
  imageSize: 32,
  channels: 3,
  batchSize: 64,
  augment: PAPER_AUGMENT,
  encoder: { kind: 'resnet', width: 16, depth: 18 },
  head: { kind: 'mlp', layers: 2, hiddenDim: 0, outDim: 128 },
  loss: { kind: 'nt-xent', temperature: 0.1, normalize: true, margin: 0.5, semiHard: false },
  optimizer: {
    kind: 'lars', learningRate: 0.3, lrScaling: 'linear', momentum: 0.9, weightDecay: 1e-6,
    larsEta: 0.001, warmupSteps: 100, schedule: 'cosine', totalSteps: 2000,
  },
};

/** The paper's CIFAR-10 recipe (Appendix B.9): colour strength 0.5, no blur, temperature 0.5. */
export const CIFAR_PRESET: TrainConfig = {
  ...DEFAULT_CONFIG,
  imageSize: 32,
  augment: {
    ...PAPER_AUGMENT,
    colorJitter: { ...PAPER_AUGMENT.colorJitter, strength: 0.5 },
    blur: { ...PAPER_AUGMENT.blur, enabled: false },
  },
  loss: { ...DEFAULT_CONFIG.loss, temperature: 0.5, normalize: true },
  optimizer: { ...DEFAULT_CONFIG.optimizer, learningRate: 1.0, lrScaling: 'linear' },
};

/**
 * The CIFAR recipe fitted to small images whose colours carry no class, such
 * as the built-in shapes (each image's two colours are random): crops keep at
 * least 35% of the image (a shape fills a small part of the frame, so the
 * paper's 8% crops often hold none of it), and colour drop has probability 0.5
 * instead of 0.2, so the two views of an image often cannot be matched by
 * colour. Measured with `npm run reproduce` (bench-cnn width 32, N = 64, 600
 * steps on 1000 shapes, seed 0): kNN accuracy on h 27.8% with colour drop 0.2,
 * 70.2% with 0.5 (random init: 22.2%). Grey images are unchanged by colour drop.
 */
export const SMALL_IMAGE_AUGMENT: AugmentConfig = {
  ...CIFAR_PRESET.augment,
  crop: { ...CIFAR_PRESET.augment.crop, areaMin: 0.35 },
  colorDrop: { enabled: true, p: 0.5 },
};

/** A deep-partial update of a config (for presets, URL state and setConfig messages). */
export type ConfigPatch = {
  [K in keyof TrainConfig]?: TrainConfig[K] extends object ? DeepPartial<TrainConfig[K]> : TrainConfig[K];
};
type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** Returns `base` with `patch` merged in, deeply; neither argument is changed. */
export function mergeConfig(base: TrainConfig, patch: ConfigPatch): TrainConfig {
  return deepMerge(base, patch) as TrainConfig;
}

function deepMerge(base: unknown, patch: unknown): unknown {
  if (patch === undefined) return structuredCloneValue(base);
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(base)) out[key] = deepMerge(base[key], patch[key]);
  for (const key of Object.keys(patch)) if (!(key in base)) out[key] = patch[key];
  return out;
}

function structuredCloneValue(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = structuredCloneValue(value[key]);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One problem found by `validateConfig`: the dotted path of the field and a sentence naming the allowed values. */
export interface ConfigIssue {
  field: string;
  message: string;
}

/** Thrown by `assertValidConfig`; `issues` lists every bad field, not just the first. */
export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.map((i) => i.message).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Every problem with `config`, each naming its field and the allowed range; empty when valid. */
export function validateConfig(config: TrainConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const check = new Checker(issues);
  check.int('seed', config.seed, 0, 2 ** 32 - 1);
  check.int('imageSize', config.imageSize, 8, 256);
  check.oneOf('channels', config.channels, [1, 3]);
  check.int('batchSize', config.batchSize, 2, 2048);

  const a = config.augment;
  check.range('augment.crop.areaMin', a.crop.areaMin, 0.01, 1, { minOpen: false });
  check.range('augment.crop.areaMax', a.crop.areaMax, 0.01, 1);
  check.order('augment.crop.areaMin', a.crop.areaMin, 'augment.crop.areaMax', a.crop.areaMax);
  check.range('augment.crop.ratioMin', a.crop.ratioMin, 0.1, 10);
  check.range('augment.crop.ratioMax', a.crop.ratioMax, 0.1, 10);
  check.order('augment.crop.ratioMin', a.crop.ratioMin, 'augment.crop.ratioMax', a.crop.ratioMax);
  check.probability('augment.flip.p', a.flip.p);
  const j = a.colorJitter;
  check.probability('augment.colorJitter.p', j.p);
  check.range('augment.colorJitter.strength', j.strength, 0, 4);
  check.range('augment.colorJitter.brightness', j.brightness, 0, 2);
  check.range('augment.colorJitter.contrast', j.contrast, 0, 2);
  check.range('augment.colorJitter.saturation', j.saturation, 0, 2);
  check.range('augment.colorJitter.hue', j.hue, 0, 0.5);
  if (j.hue * j.strength > 0.5) {
    issues.push({
      field: 'augment.colorJitter.hue',
      message: `augment.colorJitter.hue x strength must be at most 0.5 (half a turn), got ${j.hue} x ${j.strength} = ${j.hue * j.strength}`,
    });
  }
  check.probability('augment.colorDrop.p', a.colorDrop.p);
  check.probability('augment.blur.p', a.blur.p);
  check.range('augment.blur.sigmaMin', a.blur.sigmaMin, 0.01, 10);
  check.range('augment.blur.sigmaMax', a.blur.sigmaMax, 0.01, 10);
  check.order('augment.blur.sigmaMin', a.blur.sigmaMin, 'augment.blur.sigmaMax', a.blur.sigmaMax);
  check.range('augment.blur.kernelFraction', a.blur.kernelFraction, 0.01, 0.5);
  check.probability('augment.rotate.p', a.rotate.p);
  check.probability('augment.cutout.p', a.cutout.p);
  check.range('augment.cutout.sizeMin', a.cutout.sizeMin, 0.01, 1);
  check.range('augment.cutout.sizeMax', a.cutout.sizeMax, 0.01, 1);
  check.order('augment.cutout.sizeMin', a.cutout.sizeMin, 'augment.cutout.sizeMax', a.cutout.sizeMax);
  check.range('augment.cutout.fill', a.cutout.fill, 0, 1);
  check.probability('augment.noise.p', a.noise.p);
  check.range('augment.noise.stdMin', a.noise.stdMin, 0, 1);
  check.range('augment.noise.stdMax', a.noise.stdMax, 0, 1);
  check.order('augment.noise.stdMin', a.noise.stdMin, 'augment.noise.stdMax', a.noise.stdMax);
  check.probability('augment.sobel.p', a.sobel.p);

  check.oneOf('encoder.kind', config.encoder.kind, ['bench-cnn', 'resnet']);
  check.int('encoder.width', config.encoder.width, 1, 512);
  check.oneOf('encoder.depth', config.encoder.depth, [10, 18, 34]);

  check.oneOf('head.kind', config.head.kind, ['none', 'linear', 'mlp']);
  check.oneOf('head.layers', config.head.layers, [2, 3]);
  check.int('head.hiddenDim', config.head.hiddenDim, 0, 4096);
  check.int('head.outDim', config.head.outDim, 1, 4096);

  check.range('loss.temperature', config.loss.temperature, 0.001, 100, { minOpen: false });
  check.bool('loss.normalize', config.loss.normalize);
  // Absent in configs from before these fields existed: absent means the default.
  if (config.loss.kind !== undefined) check.oneOf('loss.kind', config.loss.kind, ['nt-xent', 'nt-logistic', 'margin-triplet']);
  if (config.loss.margin !== undefined) check.range('loss.margin', config.loss.margin, 0, 4, { minOpen: true });
  if (config.loss.semiHard !== undefined) check.bool('loss.semiHard', config.loss.semiHard);

  const o = config.optimizer;
  check.oneOf('optimizer.kind', o.kind, ['adam', 'sgd', 'lars']);
  check.range('optimizer.learningRate', o.learningRate, 0, 100, { minOpen: true });
  check.oneOf('optimizer.lrScaling', o.lrScaling, ['none', 'linear', 'sqrt']);
  check.range('optimizer.momentum', o.momentum, 0, 0.9999);
  check.range('optimizer.weightDecay', o.weightDecay, 0, 1);
  check.range('optimizer.larsEta', o.larsEta, 0, 1, { minOpen: true });
  check.int('optimizer.warmupSteps', o.warmupSteps, 0, 10_000_000);
  check.oneOf('optimizer.schedule', o.schedule, ['constant', 'cosine']);
  check.int('optimizer.totalSteps', o.totalSteps, 1, 10_000_000);
  return issues;
}

/** Throws a `ConfigError` listing every bad field when `config` is not valid; returns it otherwise. */
export function assertValidConfig(config: TrainConfig): TrainConfig {
  const issues = validateConfig(config);
  if (issues.length > 0) throw new ConfigError(issues);
  return config;
}

/** Collects issues; every message names the field and what is allowed. */
class Checker {
  constructor(private readonly issues: ConfigIssue[]) {}

  private fail(field: string, message: string): void {
    this.issues.push({ field, message: `${field} ${message}` });
  }

  range(field: string, value: number, min: number, max: number, opts: { minOpen?: boolean } = {}): void {
    const low = opts.minOpen ? value > min : value >= min;
    if (typeof value !== 'number' || !Number.isFinite(value) || !low || value > max) {
      this.fail(field, `must be a number in ${opts.minOpen ? '(' : '['}${min}, ${max}], got ${String(value)}`);
    }
  }

  int(field: string, value: number, min: number, max: number): void {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(field, `must be an integer in [${min}, ${max}], got ${String(value)}`);
    }
  }

  probability(field: string, value: number): void {
    this.range(field, value, 0, 1);
  }

  bool(field: string, value: boolean): void {
    if (typeof value !== 'boolean') this.fail(field, `must be true or false, got ${String(value)}`);
  }

  oneOf<T>(field: string, value: T, allowed: readonly T[]): void {
    if (!allowed.includes(value)) {
      this.fail(field, `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`);
    }
  }

  order(minField: string, min: number, maxField: string, max: number): void {
    if (Number.isFinite(min) && Number.isFinite(max) && min > max) {
      this.fail(minField, `must not exceed ${maxField} (${min} > ${max})`);
    }
  }
}
