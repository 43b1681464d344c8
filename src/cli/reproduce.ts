/**
 * `npm run reproduce`: the paper's central comparison in miniature, in Node:
 * a random-init encoder against SimCLR trained with crop only and with crop +
 * colour distortion, scored by kNN and a linear probe on h (held-out split).
 * Prints a markdown table; `--json` prints one JSON object per result.
 *
 *   npm run reproduce -- [--datasets shapes,fashion-mnist] [--steps 300] [--seeds 0,1,2] [--json]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_CONFIG, mergeConfig, type TrainConfig } from '../core/config';
import { setupNodeBackend } from '../core/backend/node';
import { PRESET_NAMES, loadPreset, type PresetName } from '../core/data/presets';
import { evaluateFeatures } from '../core/eval';
import { TrainingSession } from '../core/train/session';
import { AUGMENT_PRESETS } from './augmentPresets';
import { readPublic } from './nodeFiles';

const { values } = parseArgs({
  options: {
    datasets: { type: 'string', default: 'shapes' },
    settings: { type: 'string', default: 'random-init,crop,crop+colour' },
    steps: { type: 'string', default: '300' },
    seeds: { type: 'string', default: '0' },
    count: { type: 'string', default: '1000' },
    batch: { type: 'string', default: '64' },
    size: { type: 'string', default: '32' },
    backend: { type: 'string', default: 'wasm' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log('Usage: npm run reproduce -- [--datasets shapes,mnist,fashion-mnist] [--settings random-init,crop,crop+colour] [--steps 300] [--seeds 0,1,2] [--count 1000] [--batch 64] [--size 32] [--backend wasm|cpu] [--json]');
  process.exit(0);
}

export interface ReproduceRow {
  dataset: PresetName;
  setting: string;
  knn: number;
  probe: number;
  steps: number;
  seed: number;
  final_loss: number | null;
  seconds: number;
}

function configFor(dataset: PresetName, setting: string, seed: number, steps: number): TrainConfig {
  const augment = AUGMENT_PRESETS[setting === 'random-init' ? 'crop+colour' : setting];
  if (!augment) throw new Error(`unknown setting ${setting}: use random-init or one of ${Object.keys(AUGMENT_PRESETS).join(', ')}`);
  return mergeConfig(DEFAULT_CONFIG, {
    seed,
    imageSize: Number(values.size),
    channels: dataset === 'shapes' ? 3 : 1,
    batchSize: Number(values.batch),
    augment: { ...augment, blur: { ...augment.blur, enabled: false } },
    encoder: { kind: 'bench-cnn', width: 32 },
    head: { kind: 'mlp', layers: 2, hiddenDim: 128, outDim: 64 },
    loss: { temperature: 0.5 },
    optimizer: { kind: 'adam', learningRate: 1e-3, lrScaling: 'none', weightDecay: 0, warmupSteps: 0, schedule: 'constant', totalSteps: Math.max(1, steps) },
  });
}

async function run(dataset: PresetName, setting: string, seed: number, steps: number): Promise<ReproduceRow> {
  const t0 = performance.now();
  const config = configFor(dataset, setting, seed, steps);
  const data = await loadPreset(dataset, Number(values.count), config.imageSize, config.channels, readPublic);
  const session = TrainingSession.create(config, data);
  const trainSteps = setting === 'random-init' ? 0 : steps;
  let loss: number | null = null;
  for (let i = 0; i < trainSteps; i++) loss = (await session.trainStep()).loss;
  const { h, z } = session.embed();
  const scores = await evaluateFeatures(h, data.labels, data.classNames.length, seed);
  tf.dispose([h, z, data.images]);
  session.dispose();
  return { dataset, setting, knn: round(scores.knn), probe: round(scores.probe), steps: trainSteps, seed, final_loss: loss === null ? null : round(loss), seconds: round((performance.now() - t0) / 1000, 1) };
}

function round(x: number, digits = 4): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

async function main(): Promise<void> {
  await setupNodeBackend(values.backend === 'cpu' ? 'cpu' : 'wasm');
  const datasets = values.datasets!.split(',') as PresetName[];
  for (const d of datasets) if (!PRESET_NAMES.includes(d)) throw new Error(`unknown dataset ${d}`);
  const rows: ReproduceRow[] = [];
  for (const dataset of datasets) {
    for (const setting of values.settings!.split(',')) {
      for (const seed of values.seeds!.split(',').map(Number)) {
        const row = await run(dataset, setting, seed, Number(values.steps));
        rows.push(row);
        if (values.json) console.log(JSON.stringify(row));
        else console.error(`  ${dataset} ${setting} seed ${seed}: kNN ${row.knn}, probe ${row.probe} (${row.seconds} s)`);
      }
    }
  }
  if (!values.json) {
    console.log('| dataset | setting | steps | kNN (h) | probe (h) | seeds |');
    console.log('|---|---|---|---|---|---|');
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
      console.log(`| ${dataset} | ${setting} | ${group[0]!.steps} | ${stat((r) => r.knn)} | ${stat((r) => r.probe)} | ${group.map((r) => r.seed).join(',')} |`);
    }
  }
}

await main();
