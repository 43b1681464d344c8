/**
 * The paper's ablations in miniature as queues of short runs, shared by the
 * worker's ablation runner and `npm run reproduce -- --plan <kind>`:
 *
 * - 'augment-pairs' (Figure 5): random crop always on; every unordered pair of
 *   colour jitter, colour drop, blur, rotation, cutout, noise and Sobel, the op
 *   alone on the diagonal (7 x 8 / 2 = 28 settings). Flip stays as in the base.
 * - 'colour-strength' (Table 1): crop + colour jitter (strength s) + colour
 *   drop for s = 1/8, 1/4, 1/2, 1, and s = 1 with blur.
 * - 'temperature' (Table 5): tau = 0.05, 0.1, 0.5, 1.0.
 * - 'head' (Figure 8): projection head none / linear / MLP; every row has h and z.
 *
 * Each run starts from fresh weights under its seed; the queue goes seed by
 * seed, so the first seed's whole grid is finished before the second's begins.
 */
import type { AugmentConfig, AugmentOpName, HeadKind, TrainConfig } from '../config';
import type { EvalOptions, RepresentationScores } from './evaluate';
import { shortRun, shortRunConfig, type LabelledData, type ShortRunHooks } from './shortRun';

export type AblationKind = 'augment-pairs' | 'colour-strength' | 'temperature' | 'head';
export const ABLATION_KINDS: readonly AblationKind[] = ['augment-pairs', 'colour-strength', 'temperature', 'head'];

/** The ops of Figure 5 besides crop, with the names rows use. */
export const PAIR_OPS: readonly { name: string; op: AugmentOpName }[] = [
  { name: 'colour jitter', op: 'colorJitter' },
  { name: 'colour drop', op: 'colorDrop' },
  { name: 'blur', op: 'blur' },
  { name: 'rotation', op: 'rotate' },
  { name: 'cutout', op: 'cutout' },
  { name: 'noise', op: 'noise' },
  { name: 'Sobel', op: 'sobel' },
];

export const COLOUR_STRENGTHS: readonly number[] = [0.125, 0.25, 0.5, 1];
export const TEMPERATURES: readonly number[] = [0.05, 0.1, 0.5, 1.0];
export const HEADS: readonly HeadKind[] = ['none', 'linear', 'mlp'];

/** One setting of an ablation: what it changes, and the config it trains. */
export interface AblationSetting {
  /** e.g. "crop + colour jitter + blur", "s = 0.5", "tau = 0.1", "head mlp". */
  setting: string;
  /** 'augment-pairs': the two ops (the same op twice on the diagonal). */
  pair?: [string, string];
  /** The base config with this setting's change (seed and schedule still the base's). */
  config: TrainConfig;
}

/** One run of a queue. */
export interface AblationRunSpec extends AblationSetting {
  seed: number;
}

/** The settings of an ablation `kind` applied to `base`, in the order a table or heatmap lists them. */
export function ablationSettings(kind: AblationKind, base: TrainConfig): AblationSetting[] {
  switch (kind) {
    case 'augment-pairs': {
      const out: AblationSetting[] = [];
      for (let i = 0; i < PAIR_OPS.length; i++) {
        for (let j = i; j < PAIR_OPS.length; j++) {
          const a = PAIR_OPS[i]!;
          const b = PAIR_OPS[j]!;
          const augment = onlyCropAnd(base.augment, i === j ? [a.op] : [a.op, b.op]);
          out.push({
            setting: i === j ? `crop + ${a.name}` : `crop + ${a.name} + ${b.name}`,
            pair: [a.name, b.name],
            config: { ...base, augment },
          });
        }
      }
      return out;
    }
    case 'colour-strength': {
      const colour = (s: number, blur: boolean): TrainConfig => {
        const augment = onlyCropAnd(base.augment, blur ? ['colorJitter', 'colorDrop', 'blur'] : ['colorJitter', 'colorDrop']);
        return { ...base, augment: { ...augment, colorJitter: { ...augment.colorJitter, strength: s } } };
      };
      return [
        ...COLOUR_STRENGTHS.map((s) => ({ setting: `s = ${s}`, config: colour(s, false) })),
        { setting: 's = 1 + blur', config: colour(1, true) },
      ];
    }
    case 'temperature':
      return TEMPERATURES.map((t) => ({ setting: `tau = ${t}`, config: { ...base, loss: { ...base.loss, temperature: t } } }));
    case 'head':
      return HEADS.map((kind) => ({ setting: `head ${kind}`, config: { ...base, head: { ...base.head, kind } } }));
    default: {
      const never: never = kind;
      throw new Error(`unknown ablation ${String(never)}`);
    }
  }
}

/**
 * Every run of an ablation: each setting under each seed, seed by seed, with the
 * schedule fitted to `steps` (see `shortRunConfig`).
 */
export function ablationQueue(kind: AblationKind, base: TrainConfig, seeds: readonly number[], steps: number): AblationRunSpec[] {
  const settings = ablationSettings(kind, base);
  return seeds.flatMap((seed) => settings.map((s) => ({ ...s, seed, config: shortRunConfig(s.config, steps, seed) })));
}

/** One finished run (the shape of the worker's `AblationRow`). */
export interface AblationResult {
  kind: AblationKind;
  setting: string;
  pair?: [string, string];
  dataset: string;
  seed: number;
  steps: number;
  h: RepresentationScores['h'];
  z: RepresentationScores['z'];
  finalLoss: number;
  seconds: number;
}

export interface AblationRunOptions {
  kind: AblationKind;
  /** Name of the dataset, for the rows. */
  dataset: string;
  steps: number;
  evaluation?: Partial<EvalOptions>;
  hooks?: ShortRunHooks;
  /** Before run `done` (0-based) of `total` starts. */
  onStart?: (done: number, total: number, run: AblationRunSpec) => void;
  onResult?: (row: AblationResult, done: number, total: number) => void;
}

/**
 * Runs `queue` one short run after another on `data`.
 * @returns the finished rows, and whether `hooks.stopped` cut the queue short.
 */
export async function runAblationQueue(
  queue: readonly AblationRunSpec[], data: LabelledData, options: AblationRunOptions,
): Promise<{ rows: AblationResult[]; cancelled: boolean }> {
  const rows: AblationResult[] = [];
  for (let i = 0; i < queue.length; i++) {
    if (options.hooks?.stopped?.()) return { rows, cancelled: true };
    const run = queue[i]!;
    options.onStart?.(i, queue.length, run);
    const result = await shortRun(run.config, data, options.steps, options.evaluation, options.hooks);
    if (!result) return { rows, cancelled: true };
    const row: AblationResult = {
      kind: options.kind, setting: run.setting, dataset: options.dataset, seed: run.seed, steps: result.steps,
      h: result.h, z: result.z, finalLoss: result.finalLoss, seconds: result.seconds,
    };
    if (run.pair) row.pair = run.pair;
    rows.push(row);
    options.onResult?.(row, i + 1, queue.length);
  }
  return { rows, cancelled: false };
}

/** `augment` with crop on and, of the Figure 5 ops, only `ops` on (flip as it was). */
function onlyCropAnd(augment: AugmentConfig, ops: readonly AugmentOpName[]): AugmentConfig {
  const out: AugmentConfig = { ...augment, crop: { ...augment.crop, enabled: true } };
  for (const { op } of PAIR_OPS) (out as unknown as Record<string, { enabled: boolean }>)[op] = { ...augment[op], enabled: ops.includes(op) };
  return out;
}
