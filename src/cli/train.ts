/**
 * `npm run train`: SimCLR from the command line, in Node, on the same core code
 * (TrainingSession) the browser worker uses. Prints progress and final metrics;
 * `--json` prints one JSON object per line instead.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { DEFAULT_CONFIG, mergeConfig, validateConfig, type LossKind, type TrainConfig } from '../core/config';
import { setupNodeBackend } from '../core/backend/node';
import { PRESET_NAMES, loadPreset, type PresetName } from '../core/data/presets';
import { TrainingSession } from '../core/train/session';
import { LOSS_NAMES, chanceLoss, resolveLoss } from '../core/loss/chance';
import { AUGMENT_PRESETS } from './augmentPresets';
import { readPublic } from './nodeFiles';

const HELP = `Usage: npm run train -- [options]

Trains SimCLR on a built-in dataset in Node and prints the loss as it goes.

  --dataset NAME      shapes | mnist | fashion-mnist           (default shapes)
  --count N           images to train on                       (default 1200)
  --steps N           training steps                            (default 200)
  --batch N           images per step (2N views)                (default 32)
  --size PX           image side                                (default 32)
  --backend NAME      wasm | cpu                                (default wasm)
  --seed N            seed of every random choice               (default 0)
  --encoder NAME      bench-cnn | resnet                        (default bench-cnn)
  --width N           encoder width                             (default 32 bench-cnn, 16 resnet)
  --depth N           ResNet depth 10 | 18 | 34                 (default 18)
  --head NAME         none | linear | mlp                       (default mlp)
  --optimizer NAME    adam | sgd | lars                         (default adam)
  --lr X              base learning rate                        (default 1e-3 adam, 0.3 lars, 0.05 sgd)
  --temperature X     NT-Xent / NT-Logistic temperature         (default 0.5)
  --loss NAME         nt-xent | nt-logistic | margin-triplet    (default nt-xent)
  --margin X          margin of the triplet loss and of semi-hard mining (default 0.5)
  --semi-hard         train on semi-hard negatives only (NT-Logistic, margin triplet)
  --augment NAME      ${Object.keys(AUGMENT_PRESETS).join(' | ')}   (default crop+colour)
  --log-every N       print every N steps                       (default 10)
  --json              one JSON object per line
  --help              this text
`;

interface Options {
  dataset: PresetName;
  count: number;
  steps: number;
  logEvery: number;
  json: boolean;
  backend: 'cpu' | 'wasm';
  config: TrainConfig;
}

function parse(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      dataset: { type: 'string', default: 'shapes' },
      count: { type: 'string', default: '1200' },
      steps: { type: 'string', default: '200' },
      batch: { type: 'string', default: '32' },
      size: { type: 'string', default: '32' },
      backend: { type: 'string', default: 'wasm' },
      seed: { type: 'string', default: '0' },
      encoder: { type: 'string', default: 'bench-cnn' },
      width: { type: 'string' },
      depth: { type: 'string', default: '18' },
      head: { type: 'string', default: 'mlp' },
      optimizer: { type: 'string', default: 'adam' },
      lr: { type: 'string' },
      temperature: { type: 'string', default: '0.5' },
      loss: { type: 'string', default: 'nt-xent' },
      margin: { type: 'string', default: '0.5' },
      'semi-hard': { type: 'boolean', default: false },
      augment: { type: 'string', default: 'crop+colour' },
      'log-every': { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return undefined;
  const dataset = values.dataset as PresetName;
  if (!PRESET_NAMES.includes(dataset)) throw new Error(`--dataset must be one of ${PRESET_NAMES.join(', ')}, got ${values.dataset}`);
  if (values.backend !== 'cpu' && values.backend !== 'wasm') throw new Error(`--backend must be wasm or cpu in Node, got ${values.backend}`);
  const augment = AUGMENT_PRESETS[values.augment!];
  if (!augment) throw new Error(`--augment must be one of ${Object.keys(AUGMENT_PRESETS).join(', ')}, got ${values.augment}`);
  const optimizer = values.optimizer as TrainConfig['optimizer']['kind'];
  const defaultLr = { adam: 1e-3, lars: 0.3, sgd: 0.05 }[optimizer] ?? 1e-3;
  const encoder = values.encoder as TrainConfig['encoder']['kind'];
  const config = mergeConfig(DEFAULT_CONFIG, {
    seed: int(values.seed!, '--seed'),
    imageSize: int(values.size!, '--size'),
    channels: dataset === 'shapes' ? 3 : 1,
    batchSize: int(values.batch!, '--batch'),
    augment,
    encoder: { kind: encoder, width: values.width ? int(values.width, '--width') : encoder === 'resnet' ? 16 : 32, depth: int(values.depth!, '--depth') as 10 | 18 | 34 },
    head: { kind: values.head as TrainConfig['head']['kind'], outDim: 64 },
    loss: {
      kind: values.loss as LossKind,
      temperature: Number(values.temperature),
      margin: Number(values.margin),
      semiHard: values['semi-hard']!,
    },
    optimizer: {
      kind: optimizer,
      learningRate: values.lr ? Number(values.lr) : defaultLr,
      lrScaling: optimizer === 'lars' ? 'linear' : 'none',
      warmupSteps: optimizer === 'adam' ? 0 : 10,
      schedule: optimizer === 'adam' ? 'constant' : 'cosine',
      totalSteps: Math.max(1, int(values.steps!, '--steps')),
    },
  });
  const issues = validateConfig(config);
  if (issues.length > 0) throw new Error(issues.map((i) => i.message).join('\n'));
  return {
    dataset, config, backend: values.backend,
    count: int(values.count!, '--count'), steps: int(values.steps!, '--steps'),
    logEvery: Math.max(1, int(values['log-every']!, '--log-every')), json: values.json!,
  };
}

function int(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n)) throw new Error(`${flag} must be an integer, got ${text}`);
  return n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  let options: Options | undefined;
  try {
    options = parse(process.argv.slice(2));
  } catch (err) {
    console.error(`train: ${(err as Error).message}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  if (!options) {
    console.log(HELP);
    return;
  }
  const { config, json } = options;
  await setupNodeBackend(options.backend);
  const data = await loadPreset(options.dataset, options.count, config.imageSize, config.channels, readPublic);
  const session = TrainingSession.create(config, data);
  // What all-equal embeddings score under the configured loss (ln(2N-1) for NT-Xent).
  const chance = chanceLoss(config.loss, session.effectiveBatchSize);
  const lossName = LOSS_NAMES[resolveLoss(config.loss).kind];
  const say = (record: Record<string, unknown>, text: string) => console.log(json ? JSON.stringify(record) : text);
  say(
    { event: 'start', dataset: options.dataset, images: data.images.shape[0], backend: tf.getBackend(), parameters: session.parameterCount, chance_loss: chance, config },
    `SimCLR on ${options.dataset} (${data.images.shape[0]} images, ${config.imageSize}px), ${config.encoder.kind} + ${config.head.kind} head, ${session.parameterCount.toLocaleString('en')} parameters, backend ${tf.getBackend()}; ${lossName} chance loss ${chance.toFixed(3)}`,
  );
  const times: number[] = [];
  const recent: number[] = [];
  let last;
  for (let i = 0; i < options.steps; i++) {
    last = await session.trainStep();
    if (!last.applied) {
      say({ event: 'error', step: last.step, loss: last.loss }, `step ${last.step}: the loss is ${last.loss}; stopping (try a lower learning rate)`);
      process.exitCode = 1;
      break;
    }
    times.push(last.msPerStep);
    recent.push(last.loss);
    if (recent.length > 10) recent.shift();
    if (i % options.logEvery === 0 || i === options.steps - 1) {
      say(
        { event: 'step', step: last.step, loss: last.loss, accuracy: last.accuracy, entropy: last.entropy, lr: last.learningRate, ms: last.msPerStep },
        `step ${String(last.step).padStart(5)}  loss ${last.loss.toFixed(4)}  acc ${last.accuracy.toFixed(3)}  pos ${last.meanPositive.toFixed(3)}  neg ${last.meanNegative.toFixed(3)}  lr ${last.learningRate.toExponential(2)}  ${last.msPerStep.toFixed(0)} ms`,
      );
    }
  }
  const summary = {
    event: 'done',
    steps: session.step,
    final_loss_mean10: recent.reduce((s, v) => s + v, 0) / Math.max(1, recent.length),
    chance_loss: chance,
    final_accuracy: last?.accuracy,
    ms_per_step_median: median(times),
    backend: tf.getBackend(),
  };
  say(summary, `done: ${summary.steps} steps, loss (mean of last 10) ${summary.final_loss_mean10.toFixed(4)} vs chance ${chance.toFixed(4)}, ${summary.ms_per_step_median.toFixed(0)} ms/step median`);
  session.dispose();
  data.images.dispose();
}

await main();
