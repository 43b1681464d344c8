/**
 * `npm run reproduce`: the paper's central comparison in miniature, in Node:
 * a random-init encoder against SimCLR trained with crop only and with crop +
 * colour distortion, scored by kNN and a linear probe on h and on z
 * (held-out split). With `--plan`, one of the paper's ablations instead, run by
 * the same code as the page's ablation runner (core/eval/ablation).
 * Prints a markdown table; `--json` prints one JSON object per result.
 *
 *   npm run reproduce -- [--datasets shapes,fashion-mnist] [--steps 300] [--seeds 0,1,2] [--json]
 *   npm run reproduce -- --plan augment-pairs|colour-strength|temperature|head [--steps 200] [--seeds 0,1,2]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_CONFIG, SMALL_IMAGE_AUGMENT, mergeConfig, type AugmentConfig, type TrainConfig } from '../core/config';
import { setupNodeBackend } from '../core/backend/node';
import { PRESET_NAMES, loadPreset, type PresetData, type PresetName } from '../core/data/presets';
import {
  ABLATION_KINDS, ablationQueue, meanTerms, runAblationQueue, samplingMargin, shortRun, type AblationKind, type AblationResult, type MeasuredAccuracy,
} from '../core/eval';
import { AUGMENT_PRESETS } from './augmentPresets';
import { readPublic } from './nodeFiles';
import { CHECK_METRICS, checkAboveRandomInit, type CheckMetric } from './reproduceCheck';
import { leadLines } from './leadLines';
import { pickSettings } from './pickSettings';
import { finetuneRows, studyOptions, studyRowFields, type FinetuneRow } from './finetuneRows';

const { values } = parseArgs({
  options: {
    datasets: { type: 'string', default: 'shapes' },
    /** Without --plan: the settings to run (default random-init,crop,crop+colour). With --plan: which of the plan's rows to run (default all). */
    settings: { type: 'string' },
    plan: { type: 'string' },
    'max-batch': { type: 'string', default: '256' },
    'lr-scaling': { type: 'string', default: 'sqrt' },
    'finetune-steps': { type: 'string' },
    steps: { type: 'string', default: '300' },
    seeds: { type: 'string', default: '0' },
    count: { type: 'string', default: '1000' },
    batch: { type: 'string', default: '64' },
    tau: { type: 'string', default: '0.2' },
    margin: { type: 'string', default: '0.5' },
    hits: { type: 'boolean', default: false },
    size: { type: 'string', default: '32' },
    backend: { type: 'string', default: 'wasm' },
    json: { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    'check-margin': { type: 'string', default: '0' },
    'check-metric': { type: 'string', default: 'knn' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('Usage: npm run reproduce -- [--datasets shapes,mnist,fashion-mnist] [--settings random-init,crop,crop+colour] [--plan augment-pairs|colour-strength|temperature|head|loss|batch-size|finetune [--max-batch 256] [--lr-scaling sqrt|linear] [--finetune-steps 200]] [--steps 300] [--seeds 0,1,2] [--count 1000] [--batch 64] [--tau 0.2] [--margin 0.5] [--size 32] [--backend wasm|cpu] [--json [--hits]] [--check [--check-margin 0.05] [--check-metric knn|probe|knn_z|probe_z]]');
  console.log('  --settings with --plan: run only these rows of the plan, by name (e.g. "NT-Xent,Margin triplet")');
  console.log('  --tau: the temperature of NT-Xent and NT-Logistic; --margin: the margin of margin triplet and of the semi-hard window');
  console.log('  --hits: JSON rows also carry `hits`, which held-out images kNN on h got right (\'1\' or \'0\' in split order)');
  console.log('  --check: exit 1 unless, per dataset, every trained setting beats random-init in the mean of --check-metric (default knn: kNN accuracy on h) by more than --check-margin (a fraction; 0.05 = 5 points)');
  process.exit(0);
}

export interface ReproduceRow {
  dataset: PresetName;
  setting: string;
  /** Accuracy on h (the representation). */
  knn: number;
  probe: number;
  /** Accuracy on z (the projection the loss sees). */
  knn_z: number;
  probe_z: number;
  steps: number;
  seed: number;
  final_loss: number | null;
  seconds: number;
  /** Held-out images the four accuracies were measured on (src/core/eval/margin.ts: what that count allows). */
  tested: number;
  /** With --plan: the ablation, and for augment-pairs the two ops. */
  plan?: AblationKind;
  pair?: [string, string];
  /** With --plan batch-size: the run's N and its scaled learning rate. */
  batch_size?: number;
  learning_rate?: number;
  /** With --plan batch-size: the run's length in epochs, N x steps / images. */
  epochs?: number;
  /** With --plan: which held-out images kNN on h got right, '1' or '0' in split order (core/eval/hits.ts); in the JSON with --hits only. */
  hits?: string;
}

/**
 * The command line's base run, tuned for minutes on a laptop's CPU (README,
 * "Does it learn?"): bench-cnn width 32, MLP head to 64-d, tau 0.2, Adam 3e-3,
 * and the setting's ops with the parameters of `SMALL_IMAGE_AUGMENT` (the
 * paper's CIFAR recipe, s = 0.5 and no blur, with crops of 35% to 100% of the
 * image and colour drop at p = 0.5; why, in its doc comment).
 * Measured on the shapes: at s = 1 the loss stalls near its chance level for
 * the first few hundred steps; at Adam 1e-3 it barely moves in 200 steps.
 */
function configFor(dataset: PresetName, setting: string, seed: number, steps: number): TrainConfig {
  const preset = AUGMENT_PRESETS[setting === 'random-init' ? 'crop+colour' : setting];
  if (!preset) throw new Error(`unknown setting ${setting}: use random-init or one of ${Object.keys(AUGMENT_PRESETS).join(', ')}`);
  const augment: AugmentConfig = {
    ...preset,
    crop: { ...preset.crop, areaMin: SMALL_IMAGE_AUGMENT.crop.areaMin },
    colorJitter: { ...preset.colorJitter, strength: SMALL_IMAGE_AUGMENT.colorJitter.strength },
    colorDrop: { ...preset.colorDrop, p: SMALL_IMAGE_AUGMENT.colorDrop.p },
    blur: { ...preset.blur, enabled: false },
  };
  return mergeConfig(DEFAULT_CONFIG, {
    seed,
    imageSize: Number(values.size),
    channels: dataset === 'shapes' ? 3 : 1,
    batchSize: Number(values.batch),
    augment,
    encoder: { kind: 'bench-cnn', width: 32 },
    head: { kind: 'mlp', layers: 2, hiddenDim: 128, outDim: 64 },
    loss: { temperature: positive(values.tau!, '--tau'), margin: positive(values.margin!, '--margin') },
    optimizer: { kind: 'adam', learningRate: 3e-3, lrScaling: 'none', weightDecay: 0, warmupSteps: 0, schedule: 'constant', totalSteps: Math.max(1, steps) },
  });
}

async function load(dataset: PresetName, config: TrainConfig): Promise<PresetData> {
  return loadPreset(dataset, Number(values.count), config.imageSize, config.channels, readPublic);
}

async function run(dataset: PresetName, setting: string, seed: number, steps: number): Promise<ReproduceRow> {
  const config = configFor(dataset, setting, seed, steps);
  const data = await load(dataset, config);
  try {
    const trainSteps = setting === 'random-init' ? 0 : steps;
    const r = (await shortRun(config, data, trainSteps))!;
    return {
      dataset, setting, knn: round(r.h.knn), probe: round(r.h.probe), knn_z: round(r.z.knn), probe_z: round(r.z.probe),
      steps: r.steps, seed, final_loss: Number.isFinite(r.finalLoss) ? round(r.finalLoss) : null, seconds: round(r.seconds, 1),
      tested: r.tested,
    };
  } finally {
    tf.dispose(data.images);
  }
}

function fromAblation(r: AblationResult): ReproduceRow {
  const row: ReproduceRow = {
    dataset: r.dataset as PresetName, setting: r.setting,
    knn: round(r.h.knn), probe: round(r.h.probe), knn_z: round(r.z.knn), probe_z: round(r.z.probe),
    steps: r.steps, seed: r.seed, final_loss: Number.isFinite(r.finalLoss) ? round(r.finalLoss) : null, seconds: round(r.seconds, 1),
    tested: r.tested ?? 0, plan: r.kind,
  };
  if (r.pair) row.pair = r.pair;
  Object.assign(row, studyRowFields(r));
  if (r.hits !== undefined) row.hits = r.hits;
  return row;
}

/** A number above 0 from a flag, or an error that names the flag. */
function positive(text: string, flag: string): number {
  const x = Number(text);
  if (!(x > 0) || !Number.isFinite(x)) throw new Error(`${flag} must be a number above 0, got ${text}`);
  return x;
}

function round(x: number, digits = 4): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

function report(row: ReproduceRow): void {
  if (values.json) {
    const { hits: _hits, ...withoutHits } = row;
    console.log(JSON.stringify(values.hits ? row : withoutHits));
  }
  else console.error(`  ${row.dataset} ${row.setting} seed ${row.seed}: kNN ${row.knn} / ${row.knn_z} (h / z), probe ${row.probe} / ${row.probe_z} (${row.seconds} s)`);
}

async function main(): Promise<void> {
  await setupNodeBackend(values.backend === 'cpu' ? 'cpu' : 'wasm');
  const datasets = values.datasets!.split(',') as PresetName[];
  for (const d of datasets) if (!PRESET_NAMES.includes(d)) throw new Error(`unknown dataset ${d}`);
  const plan = values.plan as AblationKind | undefined;
  if (plan !== undefined && !ABLATION_KINDS.includes(plan)) throw new Error(`unknown plan ${plan}: use one of ${ABLATION_KINDS.join(', ')}`);
  // The fine-tuning study's four rows come from one pre-training each; it has no rows to pick from.
  if (plan === 'finetune' && values.settings !== undefined) throw new Error('--settings does not apply to --plan finetune: it always runs finetune-1pct, scratch-1pct, finetune-10pct and scratch-10pct');
  const steps = Number(values.steps);
  const seeds = values.seeds!.split(',').map(Number);
  const rows: ReproduceRow[] = [];
  const finetune: FinetuneRow[] = [];
  for (const dataset of datasets) {
    if (plan === 'finetune') {
      for (const seed of seeds) {
        await finetuneRows(dataset, seed, steps, {
          base: configFor(dataset, 'crop+colour', seed, steps),
          count: Number(values.count),
          ...(values['finetune-steps'] ? { finetuneSteps: Number(values['finetune-steps']) } : {}),
          onStart: (done, total, setting) => { if (!values.json) console.error(`[${done + 1}/${total}] ${setting}, seed ${seed}`); },
          onRow: (r) => {
            finetune.push(r);
            if (values.json) console.log(JSON.stringify(r));
            else console.error(`  ${r.dataset} ${r.setting} seed ${r.seed}: accuracy ${r.accuracy} (${r.labelled} labels, ${r.seconds} s)`);
          },
        });
      }
      continue;
    }
    if (plan) {
      const base = configFor(dataset, 'crop+colour', seeds[0]!, steps);
      const data = await load(dataset, base);
      try {
        const options = plan === 'batch-size' ? studyOptions(values, base, Number(values.count)) : {};
        await runAblationQueue(pickSettings(ablationQueue(plan, base, seeds, steps, options), values.settings), data, {
          kind: plan, dataset, steps,
          onStart: (done, total, r) => { if (!values.json) console.error(`[${done + 1}/${total}] ${r.setting}, seed ${r.seed}`); },
          onResult: (r) => {
            const row = fromAblation(r);
            rows.push(row);
            report(row);
          },
        });
      } finally {
        tf.dispose(data.images);
      }
      continue;
    }
    for (const setting of (values.settings ?? 'random-init,crop,crop+colour').split(',')) {
      for (const seed of seeds) {
        const row = await run(dataset, setting, seed, steps);
        rows.push(row);
        report(row);
      }
    }
  }
  if (!values.json && rows.length > 0) printTable(rows);
  // A lead over N x steps rows would mix batch sizes and lengths; the page's batch-size sentence covers that study.
  if (!values.json && plan !== undefined && plan !== 'batch-size') for (const line of leadLines(rows)) console.log(line);
  if (!values.json && finetune.length > 0) printFinetuneTable(finetune);
  if (values.check) {
    const metric = values['check-metric'] as CheckMetric;
    if (!CHECK_METRICS.includes(metric)) throw new Error(`unknown --check-metric ${metric}: use one of ${CHECK_METRICS.join(', ')}`);
    const failures = checkAboveRandomInit(rows, metric, Number(values['check-margin']));
    for (const line of failures.lines) console.error(line);
    if (!failures.ok) process.exitCode = 1;
  }
}


function printTable(rows: ReproduceRow[]): void {
  // The batch-size study's rows also say their length in epochs.
  const epochs = rows.some((r) => r.epochs !== undefined);
  console.log(`| dataset | setting | steps |${epochs ? ' epochs |' : ''} kNN (h) | probe (h) | kNN (z) | probe (z) | seeds | held out (kNN (h) ± from sampling them, 95%) |`);
  console.log(`|---|---|---|${epochs ? '---|' : ''}---|---|---|---|---|---|`);
  const keys = [...new Set(rows.map((r) => `${r.dataset}|${r.setting}`))];
  for (const key of keys) {
    const group = rows.filter((r) => `${r.dataset}|${r.setting}` === key);
    const stat = (f: (r: ReproduceRow) => number) => {
      const xs = group.map(f);
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      const spread = xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) : 0;
      return xs.length > 1 ? `${(100 * mean).toFixed(1)} ± ${(100 * spread).toFixed(1)}` : (100 * mean).toFixed(1);
    };
    const [dataset, setting] = key.split('|');
    console.log(`| ${dataset} | ${setting} | ${group[0]!.steps} |${epochs ? ` ${group[0]!.epochs ?? ''} |` : ''} ${stat((r) => r.knn)} | ${stat((r) => r.probe)} | ${stat((r) => r.knn_z)} | ${stat((r) => r.probe_z)} | ${group.map((r) => r.seed).join(',')} | ${heldOut(group.map((r) => ({ accuracy: r.knn, tested: r.tested })))} |`);
  }
}

await main();

/** The fine-tuning study (paper Table 7 in miniature): mean held-out accuracy per setting. */
function printFinetuneTable(rows: FinetuneRow[]): void {
  console.log('| dataset | setting | accuracy | labelled images | seeds | held out (accuracy ± from sampling them, 95%) |');
  console.log('|---|---|---|---|---|---|');
  for (const key of [...new Set(rows.map((r) => `${r.dataset}|${r.setting}`))]) {
    const group = rows.filter((r) => `${r.dataset}|${r.setting}` === key);
    const mean = group.reduce((s, r) => s + r.accuracy, 0) / group.length;
    console.log(`| ${group[0]!.dataset} | ${group[0]!.setting} | ${(100 * mean).toFixed(1)} | ${group[0]!.labelled} | ${group.map((r) => r.seed).join(',')} | ${heldOut(group)} |`);
  }
}

/** "200 (± 6.4)": the held-out images of each run, and the 95% sampling margin of the runs' mean accuracy (core/eval/margin.ts). */
function heldOut(runs: readonly MeasuredAccuracy[]): string {
  const counts = [...new Set(runs.map((r) => r.tested))];
  const margin = samplingMargin(meanTerms(runs));
  return `${counts.join(' / ')}${Number.isFinite(margin) ? ` (± ${(100 * margin).toFixed(1)})` : ''}`;
}
