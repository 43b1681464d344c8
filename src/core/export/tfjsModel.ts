/**
 * The trained encoder f and projection head g in TensorFlow.js's model format:
 * a `model.json` (topology, metadata and a `weightsManifest`) and one binary
 * weights file of little-endian float32 values, written through any
 * `tf.io` save handler (`tf.io.browserDownloads`, `tf.io.withSaveHandler`, or
 * `modelJsonAndWeights` for a Node file writer) and read back from any
 * `ModelArtifacts` (`tf.io.browserFiles`, `tf.io.fromMemory`, a test's handler).
 *
 * The model is not a tfjs LayersModel: `modelTopology` describes this project's
 * architecture (encoder, head, channels, every tensor's name, role and shape) and
 * `userDefinedMetadata.simclr` carries the whole `TrainConfig` of the run, so a
 * loaded file rebuilds the same model with `createSimclrModel(config, rng)` and
 * overwrites every weight with `params.importWeights`.
 *
 * DOM-free: importable from Node, the worker and the page.
 */
import * as tf from '@tensorflow/tfjs-core';
import { validateConfig, type EncoderConfig, type HeadConfig, type TrainConfig } from '../config';
import { createSimclrModel, type SimclrModel } from '../model/simclrModel';
import type { NamedWeights, ParamRole } from '../model/params';
import { Rng } from '../random';

/** `ModelArtifacts.format` of this project's files. */
export const SIMCLR_MODEL_FORMAT = 'simclr-playground';
/** `modelTopology.kind`: encoder f plus projection head g. */
export const SIMCLR_MODEL_KIND = 'simclr-encoder-head';
/** Version of the layout written here; loading refuses newer versions. */
export const SIMCLR_MODEL_VERSION = 1;

/** What a saved tensor is for: a trainable role, or a batch-norm moving statistic. */
export type SavedTensorRole = ParamRole | 'moving-stat';

/** One tensor of the file as the topology lists it. */
export interface SavedTensorInfo {
  /** Project-wide name, e.g. `encoder/stage2/block0/conv1/conv/kernel`. */
  name: string;
  role: SavedTensorRole;
  /** Shape; conv kernels are [kh, kw, cin, cout], dense kernels [in, out] (tfjs layouts). */
  shape: number[];
}

/** `modelTopology` of a saved SimCLR model: enough to rebuild its architecture. */
export interface SimclrTopology {
  kind: typeof SIMCLR_MODEL_KIND;
  version: number;
  encoder: EncoderConfig;
  head: HeadConfig;
  /** Channels of the input images (1 or 3). */
  channels: number;
  /** Side of the training images in pixels (the encoder itself accepts any side). */
  imageSize: number;
  /** Size of h = f(x). */
  hDim: number;
  /** Size of z = g(h). */
  zDim: number;
  /** Layout of the input: [batch, height, width, channels] float32 in [0, 1]. */
  input: 'NHWC float32 [0, 1]';
  /** Every tensor in the order of the weights file: trainable parameters, then moving statistics. */
  tensors: SavedTensorInfo[];
}

/** `userDefinedMetadata.simclr` of a saved model. */
export interface SimclrMetadata {
  version: number;
  /** The run's whole configuration (augmentations, optimiser and all). */
  config: TrainConfig;
  /** Training steps taken when saved, when known. */
  step?: number;
}

/** Options of `simclrModelArtifacts`. */
export interface SaveOptions {
  /** Training steps taken, recorded in the metadata. */
  step?: number;
}

/** A model rebuilt from a file, with what the file said about it. */
export interface LoadedSimclrModel {
  model: SimclrModel;
  config: TrainConfig;
  step: number | undefined;
  topology: SimclrTopology;
}

/** Options of `loadSimclrModel`. */
export interface LoadOptions {
  /**
   * The architecture the caller needs (e.g. the page's current model). When
   * given, a file whose encoder, head or channels differ is refused.
   */
  expect?: Architecture;
}

/** Thrown when a file is not a usable SimCLR model; the message says why in words. */
export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}

/**
 * Copies every weight of `model` to the host and packs it as `ModelArtifacts`:
 * `weightSpecs` (name, shape, float32) in the order of `weightData`, one
 * contiguous little-endian float32 buffer (4 bytes per value).
 *
 * @param model the trained model; not changed.
 * @param config the run's configuration; its encoder, head and channels must be the model's.
 */
export async function simclrModelArtifacts(model: SimclrModel, config: TrainConfig, opts: SaveOptions = {}): Promise<tf.io.ModelArtifacts> {
  assertSameArchitecture(
    { encoder: model.encoder, head: model.head, channels: model.channels },
    config,
    'simclrModelArtifacts: the config does not describe this model',
  );
  const weights = await model.params.exportWeights();
  const tensors: SavedTensorInfo[] = [
    ...model.params.trainable().map((p) => ({ name: p.name, role: p.role as SavedTensorRole, shape: [...p.variable.shape] })),
    ...model.params.statistics().map((s) => ({ name: s.name, role: 'moving-stat' as const, shape: [...s.variable.shape] })),
  ];
  const total = tensors.reduce((n, t) => n + sizeOf(t.shape), 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const t of tensors) {
    const values = weights[t.name]!.values;
    data.set(values, offset);
    offset += values.length;
  }
  const topology: SimclrTopology = {
    kind: SIMCLR_MODEL_KIND,
    version: SIMCLR_MODEL_VERSION,
    encoder: { ...config.encoder },
    head: { ...config.head },
    channels: config.channels,
    imageSize: config.imageSize,
    hDim: model.hDim,
    zDim: model.zDim,
    input: 'NHWC float32 [0, 1]',
    tensors,
  };
  const metadata: SimclrMetadata = { version: SIMCLR_MODEL_VERSION, config: JSON.parse(JSON.stringify(config)) as TrainConfig };
  if (opts.step !== undefined) metadata.step = opts.step;
  return {
    format: SIMCLR_MODEL_FORMAT,
    generatedBy: `simclr-playground (TensorFlow.js ${tf.version_core})`,
    convertedBy: null,
    modelTopology: topology as unknown as object,
    userDefinedMetadata: { simclr: metadata as unknown as object },
    weightSpecs: tensors.map((t) => ({ name: t.name, shape: [...t.shape], dtype: 'float32' as const })),
    weightData: data.buffer,
  };
}

/**
 * Saves the model through a tfjs save handler or URL-like string
 * (`'downloads://simclr-model'` in a browser writes `simclr-model.json` and
 * `simclr-model.weights.bin`; `tf.io.withSaveHandler(fn)` hands the artifacts to `fn`).
 */
export async function saveSimclrModel(
  model: SimclrModel,
  config: TrainConfig,
  destination: tf.io.IOHandler | string,
  opts: SaveOptions = {},
): Promise<tf.io.SaveResult> {
  const handler = typeof destination === 'string' ? resolveSaveHandler(destination) : destination;
  if (handler.save === undefined) throw new Error('saveSimclrModel: the IO handler cannot save');
  return handler.save(await simclrModelArtifacts(model, config, opts));
}

function resolveSaveHandler(url: string): tf.io.IOHandler {
  const handlers = tf.io.getSaveHandlers(url);
  if (handlers.length === 0) throw new Error(`saveSimclrModel: no tfjs save handler for "${url}" in this environment`);
  return handlers[0]!;
}

/**
 * The two files of the tfjs format, for writers that are not tfjs handlers
 * (Node's `fs`, a zip): the `model.json` object (serialise it with
 * `JSON.stringify`) whose `weightsManifest` points at `weightsFileName`, and the
 * weights file's bytes.
 */
export function modelJsonAndWeights(
  artifacts: tf.io.ModelArtifacts,
  weightsFileName = 'weights.bin',
): { modelJson: tf.io.ModelJSON; weights: ArrayBuffer } {
  if (artifacts.modelTopology === undefined || artifacts.modelTopology instanceof ArrayBuffer) {
    throw new Error('modelJsonAndWeights: the artifacts need a JSON modelTopology');
  }
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [`./${weightsFileName}`], weights: artifacts.weightSpecs ?? [] }],
  };
  if (artifacts.userDefinedMetadata !== undefined) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
  return { modelJson, weights: joinWeightData(artifacts.weightData) };
}

/**
 * The inverse of `modelJsonAndWeights`: `ModelArtifacts` from a parsed
 * `model.json` and the bytes of its weights file(s), in manifest order.
 */
export function artifactsFromModelJson(modelJson: tf.io.ModelJSON, weights: ArrayBuffer | ArrayBuffer[]): tf.io.ModelArtifacts {
  if (typeof modelJson !== 'object' || modelJson === null || !Array.isArray(modelJson.weightsManifest)) {
    throw new ModelFileError('model.json has no weightsManifest: it is not a tfjs model file');
  }
  return tf.io.getModelArtifactsForJSONSync(modelJson, tf.io.getWeightSpecs(modelJson.weightsManifest), weights);
}

/**
 * Rebuilds the model a file describes and loads its weights.
 *
 * The architecture comes from `userDefinedMetadata.simclr.config` (checked
 * against `modelTopology`); the weights must cover every parameter and moving
 * statistic with the right shapes, hold no other tensors, be float32 and finite,
 * and `weightData` must have exactly 4 bytes per value. Anything else is refused
 * with a `ModelFileError` naming the problem, before a model is kept.
 *
 * @returns a new model owned by the caller (dispose it), with the file's config.
 */
export function loadSimclrModel(artifacts: tf.io.ModelArtifacts, opts: LoadOptions = {}): LoadedSimclrModel {
  const { topology, metadata } = readHeader(artifacts);
  const config = metadata.config;
  if (opts.expect !== undefined) {
    assertSameArchitecture(
      opts.expect,
      config,
      'This model file was saved from a different architecture than the one expected',
    );
  }
  const model = createSimclrModel(config, new Rng(config.seed));
  try {
    checkTopologyAgainstModel(topology, model);
    model.params.importWeights(decodeWeights(artifacts, model));
  } catch (err) {
    model.dispose();
    throw err;
  }
  return { model, config, step: metadata.step, topology };
}

/**
 * Loads the weights of a file into an existing model (e.g. the page's), refusing
 * a file whose architecture (encoder, head, channels) differs from the model's.
 * Nothing is changed when it refuses.
 * @returns the file's config and step.
 */
export function importSimclrWeights(artifacts: tf.io.ModelArtifacts, model: SimclrModel): { config: TrainConfig; step: number | undefined } {
  const { topology, metadata } = readHeader(artifacts);
  assertSameArchitecture(
    { encoder: model.encoder, head: model.head, channels: model.channels },
    metadata.config,
    'This model file was saved from a different architecture than the current model',
  );
  checkTopologyAgainstModel(topology, model);
  model.params.importWeights(decodeWeights(artifacts, model));
  return { config: metadata.config, step: metadata.step };
}

/** Loads artifacts through a tfjs load handler (`tf.io.browserFiles([json, bin])`, `tf.io.fromMemory(...)`), then `loadSimclrModel`. */
export async function loadSimclrModelFrom(handler: tf.io.IOHandler, opts: LoadOptions = {}): Promise<LoadedSimclrModel> {
  if (handler.load === undefined) throw new Error('loadSimclrModelFrom: the IO handler cannot load');
  return loadSimclrModel(await handler.load(), opts);
}

/** What decides the parameter set of a model: encoder, head and input channels. */
export interface Architecture {
  encoder: EncoderConfig;
  head: HeadConfig;
  channels: number;
}

/** One line naming an architecture, for messages: "ResNet-18 width 16, mlp head (2 layers, 128-d z), 3 channels". */
export function describeArchitecture(a: Architecture): string {
  const enc = a.encoder.kind === 'resnet' ? `ResNet-${a.encoder.depth} width ${a.encoder.width}` : `bench-cnn width ${a.encoder.width}`;
  const head = a.head.kind === 'none'
    ? 'no head'
    : a.head.kind === 'linear'
      ? `linear head (${a.head.outDim}-d z)`
      : `mlp head (${a.head.layers} layers, hidden ${a.head.hiddenDim > 0 ? a.head.hiddenDim : 'h'}, ${a.head.outDim}-d z)`;
  return `${enc}, ${head}, ${a.channels} channel${a.channels === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------------------

function readHeader(artifacts: tf.io.ModelArtifacts): { topology: SimclrTopology; metadata: SimclrMetadata } {
  if (typeof artifacts !== 'object' || artifacts === null) throw new ModelFileError('Not a model file: no artifacts');
  if (artifacts.format !== SIMCLR_MODEL_FORMAT) {
    throw new ModelFileError(
      `Not a SimCLR playground model: its format is ${JSON.stringify(artifacts.format ?? null)}, expected "${SIMCLR_MODEL_FORMAT}"`
      + ' (a tfjs LayersModel or GraphModel cannot be loaded here)',
    );
  }
  const topology = artifacts.modelTopology as Partial<SimclrTopology> | ArrayBuffer | undefined;
  if (topology === undefined || topology === null || topology instanceof ArrayBuffer || typeof topology !== 'object') {
    throw new ModelFileError('Corrupt model file: modelTopology is missing or not JSON');
  }
  if (topology.kind !== SIMCLR_MODEL_KIND) {
    throw new ModelFileError(`Corrupt model file: modelTopology.kind is ${JSON.stringify(topology.kind ?? null)}, expected "${SIMCLR_MODEL_KIND}"`);
  }
  if (typeof topology.version !== 'number' || topology.version > SIMCLR_MODEL_VERSION) {
    throw new ModelFileError(
      `This model file has layout version ${String(topology.version)}; this page reads version ${SIMCLR_MODEL_VERSION} and older`,
    );
  }
  const meta = (artifacts.userDefinedMetadata as { simclr?: Partial<SimclrMetadata> } | undefined)?.simclr;
  if (meta === undefined || typeof meta !== 'object' || meta === null || typeof meta.config !== 'object' || meta.config === null) {
    throw new ModelFileError('Corrupt model file: userDefinedMetadata.simclr.config (the run configuration) is missing');
  }
  const config = meta.config;
  let issues;
  try {
    issues = validateConfig(config);
  } catch {
    issues = [{ field: 'config', message: 'the configuration is incomplete' }];
  }
  if (issues.length > 0) {
    throw new ModelFileError(`Corrupt model file: its run configuration is not valid: ${issues.map((i) => i.message).join('; ')}`);
  }
  if (!Array.isArray(topology.tensors) || topology.encoder === undefined || topology.head === undefined || topology.channels === undefined) {
    throw new ModelFileError('Corrupt model file: modelTopology lacks encoder, head, channels or tensors');
  }
  assertSameArchitecture(
    { encoder: topology.encoder, head: topology.head, channels: topology.channels },
    config,
    'Corrupt model file: modelTopology and the stored configuration disagree',
  );
  const step = meta.step;
  return {
    topology: topology as SimclrTopology,
    metadata: { version: meta.version ?? topology.version, config, ...(typeof step === 'number' ? { step } : {}) },
  };
}

/** Throws `${lead}: <file> vs <needed>` unless encoder, head and channels agree (hiddenDim and outDim compared as the model uses them). */
function assertSameArchitecture(
  needed: Architecture,
  file: Architecture,
  lead: string,
): void {
  if (architectureKey(needed) !== architectureKey(file)) {
    throw new ModelFileError(`${lead}: the file holds ${describeArchitecture(file)}; expected ${describeArchitecture(needed)}`);
  }
}

/** A string equal for two configs exactly when they build the same parameter set. */
function architectureKey(a: Architecture): string {
  const e = a.encoder;
  const h = a.head;
  const enc = e.kind === 'resnet' ? ['resnet', e.width, e.depth] : [e.kind, e.width];
  const head = h.kind === 'none' ? ['none'] : h.kind === 'linear' ? ['linear', h.outDim] : ['mlp', h.layers, h.hiddenDim, h.outDim];
  return JSON.stringify([enc, head, a.channels]);
}

/** The topology's tensor list must be the rebuilt model's, name by name, with the same roles and shapes. */
function checkTopologyAgainstModel(topology: SimclrTopology, model: SimclrModel): void {
  const expected = new Map<string, SavedTensorRole>([
    ...model.params.trainable().map((p) => [p.name, p.role] as [string, SavedTensorRole]),
    ...model.params.statistics().map((s) => [s.name, 'moving-stat'] as [string, SavedTensorRole]),
  ]);
  for (const t of topology.tensors) {
    const role = expected.get(t.name);
    if (role === undefined) {
      throw new ModelFileError(`This model file lists a tensor "${t.name}" that the ${describeArchitecture(model)} model does not have (a different architecture or version)`);
    }
    if (role !== t.role) {
      throw new ModelFileError(`Corrupt model file: tensor "${t.name}" has role "${t.role}", the model's is "${role}"`);
    }
  }
}

/**
 * Splits `weightData` by `weightSpecs` into named float32 arrays for `model`,
 * after checking names, dtypes, shapes, byte length and finiteness.
 */
function decodeWeights(artifacts: tf.io.ModelArtifacts, model: SimclrModel): NamedWeights {
  const specs = artifacts.weightSpecs;
  if (!Array.isArray(specs)) throw new ModelFileError('Corrupt model file: the weights manifest (weightSpecs) is missing');
  if (artifacts.weightData === undefined) throw new ModelFileError('Corrupt model file: the weights file (weightData) is missing');
  const buffer = joinWeightData(artifacts.weightData);

  const needed = new Map<string, readonly number[]>([
    ...model.params.trainable().map((p) => [p.name, p.variable.shape] as [string, readonly number[]]),
    ...model.params.statistics().map((s) => [s.name, s.variable.shape] as [string, readonly number[]]),
  ]);
  const seen = new Set<string>();
  let bytesNeeded = 0;
  for (const spec of specs) {
    if (typeof spec?.name !== 'string' || !Array.isArray(spec.shape)) {
      throw new ModelFileError('Corrupt model file: a weightsManifest entry lacks a name or shape');
    }
    if (seen.has(spec.name)) throw new ModelFileError(`Corrupt model file: tensor "${spec.name}" appears twice in the manifest`);
    seen.add(spec.name);
    if (spec.dtype !== 'float32' || spec.quantization !== undefined) {
      throw new ModelFileError(
        `Model file tensor "${spec.name}" is stored as ${spec.quantization !== undefined ? 'quantized ' : ''}${spec.dtype}; only plain float32 is supported`,
      );
    }
    if (!spec.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new ModelFileError(`Corrupt model file: tensor "${spec.name}" has an invalid shape [${spec.shape.join(', ')}]`);
    }
    const shape = needed.get(spec.name);
    if (shape === undefined) {
      throw new ModelFileError(
        `This model file holds a tensor "${spec.name}" that the ${describeArchitecture(model)} model does not have (a different architecture)`,
      );
    }
    if (!sameShape(spec.shape, shape)) {
      throw new ModelFileError(
        `This model file does not fit the ${describeArchitecture(model)} model: tensor "${spec.name}" has shape [${spec.shape.join(', ')}] in the file, the model needs [${shape.join(', ')}]`,
      );
    }
    bytesNeeded += 4 * sizeOf(spec.shape);
  }
  const missing = [...needed.keys()].filter((name) => !seen.has(name));
  if (missing.length > 0) {
    throw new ModelFileError(
      `This model file lacks ${missing.length} tensor${missing.length === 1 ? '' : 's'} of the ${describeArchitecture(model)} model, e.g. "${missing[0]}" (a different architecture or a damaged file)`,
    );
  }
  if (buffer.byteLength !== bytesNeeded) {
    throw new ModelFileError(
      `Corrupt model file: the weights file has ${buffer.byteLength} bytes but its manifest needs ${bytesNeeded} `
      + `(${bytesNeeded / 4} float32 values)${buffer.byteLength < bytesNeeded ? '; it is truncated' : ''}`,
    );
  }

  const out: NamedWeights = {};
  let offset = 0;
  for (const spec of specs) {
    const n = sizeOf(spec.shape);
    // Copy (the buffer may be shared with the caller, and its offsets need not suit a view).
    const values = new Float32Array(buffer.slice(offset, offset + 4 * n));
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(values[i]!)) {
        throw new ModelFileError(`Corrupt model file: tensor "${spec.name}" contains ${String(values[i])} at index ${i}`);
      }
    }
    out[spec.name] = { shape: [...spec.shape], values };
    offset += 4 * n;
  }
  return out;
}

/** One ArrayBuffer from tfjs's `WeightData` (a buffer or a list of them). */
function joinWeightData(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  return Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data;
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
