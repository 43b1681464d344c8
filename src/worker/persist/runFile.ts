/**
 * One training run as bytes: the dataset at training size, and the state
 * (config, weights, optimiser slots, random streams, epoch order, step,
 * metrics history, evaluations). Each is a container (container.ts); a run
 * file is a container of kind 'run' holding the two. IndexedDB keeps the two
 * parts as separate records, so a save rewrites the dataset only when it
 * changed. No IndexedDB or tfjs here: Node tests cover it.
 */
import type { TrainConfig } from '../../core/config';
import type { NamedWeights } from '../../core/model/params';
import type { SessionSnapshot } from '../../core/train/session';
import type { StepMetrics } from '../../core/train/stepMetrics';
import type { EvaluationMessage, PresetName } from '../protocol';
import { decodeContainer, encodeContainer, RunFileError, section, type Container } from './container';
import { columnsToMetrics, METRIC_FIELDS, metricsToColumns } from './metricColumns';

export { RunFileError };

/** Where the saved images came from: a built-in preset (re-preparable at another size) or the user's files. */
export type SavedSource = { kind: 'preset'; name: PresetName; count: number } | { kind: 'images'; names: string[] };

/** The dataset at training size. */
export interface SavedDataset {
  /** Names this dataset; the state records the id of the dataset it trained on. */
  id: string;
  /** [M, S, S, C]. */
  shape: [number, number, number, number];
  /** M*S*S*C float32 in [0, 1], row-major (the training tensor's values). */
  images: Float32Array;
  /** Class index per image, or undefined when unlabelled. */
  labels?: Int32Array;
  classNames: string[];
  source: SavedSource;
}

export type SavedEvaluation = Omit<EvaluationMessage, 'type'>;

/** Everything but the dataset. */
export interface SavedState {
  /** SavedDataset.id of the dataset this state trained on. */
  datasetId: string;
  /** Milliseconds since 1970 (Date.now()). */
  savedAt: number;
  /** Backend that trained it (a note: the run restores on any backend). */
  backend: string;
  /** Config, step, weights, optimiser state, random streams, epoch order. */
  session: SessionSnapshot;
  /** Every step's metrics, oldest first (StepMetrics.step counts from 0). */
  metrics: StepMetrics[];
  evaluations: SavedEvaluation[];
}

export interface SavedRun {
  dataset: SavedDataset;
  state: SavedState;
}

/** A short description of a saved run, cheap to read (the page decides from it whether to restore). */
export interface SavedRunSummary {
  step: number;
  config: TrainConfig;
  /** The preset it trains on, or null for the user's own images. */
  preset: PresetName | null;
  images: number;
  savedAt: number;
  /** Bytes of the dataset and state records. */
  bytes: number;
}

export function summarise(run: SavedRun, bytes: number): SavedRunSummary {
  return {
    step: run.state.session.step,
    config: run.state.session.config,
    preset: run.dataset.source.kind === 'preset' ? run.dataset.source.name : null,
    images: run.dataset.shape[0],
    savedAt: run.state.savedAt,
    bytes,
  };
}

// ------------------------------------------------------------------ dataset

interface DatasetMeta {
  id: string;
  shape: [number, number, number, number];
  /** 'u8': every value is k / 255 and is stored as k; 'f32': stored as is. */
  encoding: 'u8' | 'f32';
  labelled: boolean;
  classNames: string[];
  source: SavedSource;
}

/** The bytes of `dataset`; images whose values are all k / 255 take one byte each. */
export function encodeDataset(dataset: SavedDataset): Uint8Array {
  const { shape, images } = dataset;
  if (images.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`encodeDataset: ${images.length} values for shape [${shape.join(', ')}]`);
  const bytes = asBytes(images);
  const meta: DatasetMeta = {
    id: dataset.id, shape, encoding: bytes ? 'u8' : 'f32', labelled: dataset.labels !== undefined, classNames: dataset.classNames, source: dataset.source,
  };
  const sections: Container['sections'] = { images: bytes ?? images };
  if (dataset.labels) sections.labels = dataset.labels;
  return encodeContainer({ kind: 'dataset', meta, sections });
}

export function decodeDataset(bytes: Uint8Array, what = 'the file'): SavedDataset {
  const c = decodeContainer(bytes, what);
  expectKind(c, 'dataset', what);
  const meta = c.meta as DatasetMeta;
  const shape = meta?.shape;
  if (!Array.isArray(shape) || shape.length !== 4 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new RunFileError(`${what} has no valid image shape`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const stored = meta.encoding === 'u8' ? section(c, 'images', Uint8Array, what) : section(c, 'images', Float32Array, what);
  if (stored.length !== count) throw new RunFileError(`${what} holds ${stored.length} pixel values, its shape [${shape.join(', ')}] needs ${count}`);
  const images = stored instanceof Uint8Array ? fromBytes(stored) : Float32Array.from(stored);
  const labels = meta.labelled ? Int32Array.from(section(c, 'labels', Int32Array, what)) : undefined;
  if (labels && labels.length !== shape[0]) throw new RunFileError(`${what} has ${labels.length} labels for ${shape[0]} images`);
  if (!Array.isArray(meta.classNames) || !meta.source || (meta.source.kind !== 'preset' && meta.source.kind !== 'images')) {
    throw new RunFileError(`${what} does not say where its images came from`);
  }
  const out: SavedDataset = { id: String(meta.id), shape, images, classNames: meta.classNames.map(String), source: meta.source };
  if (labels) out.labels = labels;
  return out;
}

/** The values as k (when every value is exactly k / 255 in float32), else undefined. */
function asBytes(values: Float32Array): Uint8Array | undefined {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const k = Math.round(v * 255);
    if (!(k >= 0 && k <= 255) || Math.fround(k / 255) !== v) return undefined;
    out[i] = k;
  }
  return out;
}

function fromBytes(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! / 255;
  return out;
}

// ------------------------------------------------------------------ state

interface TableEntry {
  name: string;
  shape: number[];
}

interface StateMeta {
  datasetId: string;
  savedAt: number;
  backend: string;
  config: TrainConfig;
  step: number;
  weights: TableEntry[];
  optimizer: { kind: string; iterations: number; slots: TableEntry[] };
  rngState: SessionSnapshot['rngState'];
  epochCursor: number;
  metrics: { count: number; fields: readonly string[] };
  evaluations: SavedEvaluation[];
}

export function encodeState(state: SavedState): Uint8Array {
  const s = state.session;
  const weights = packNamed(s.weights);
  const slots = packNamed(s.optimizer.slots);
  const metrics = metricsToColumns(state.metrics);
  const meta: StateMeta = {
    datasetId: state.datasetId,
    savedAt: state.savedAt,
    backend: state.backend,
    config: s.config,
    step: s.step,
    weights: weights.table,
    optimizer: { kind: s.optimizer.kind, iterations: s.optimizer.iterations, slots: slots.table },
    // The generator's words may be negative int32s: stored as unsigned (setState reads both alike).
    rngState: { batch: unsigned(s.rngState.batch), augment: unsigned(s.rngState.augment) },
    epochCursor: s.epochCursor,
    metrics: { count: metrics.count, fields: METRIC_FIELDS },
    evaluations: state.evaluations,
  };
  return encodeContainer({
    kind: 'state',
    meta,
    sections: { weights: weights.values, slots: slots.values, epochOrder: Int32Array.from(s.epochOrder), metrics: metrics.values },
  });
}

export function decodeState(bytes: Uint8Array, what = 'the file'): SavedState {
  const c = decodeContainer(bytes, what);
  expectKind(c, 'state', what);
  const meta = c.meta as StateMeta;
  if (!meta || typeof meta.config !== 'object' || meta.config === null) throw new RunFileError(`${what} has no settings`);
  if (!Number.isInteger(meta.step) || meta.step < 0) throw new RunFileError(`${what} has no valid step count`);
  if (!isRng(meta.rngState?.batch) || !isRng(meta.rngState?.augment)) throw new RunFileError(`${what} has no valid random-stream state`);
  if (!meta.optimizer || !Number.isInteger(meta.optimizer.iterations)) throw new RunFileError(`${what} has no valid optimiser state`);
  const fields = meta.metrics?.fields;
  if (!Array.isArray(fields) || fields.join() !== METRIC_FIELDS.join()) throw new RunFileError(`${what} stores metrics this playground does not know`);
  const metrics = columnsToMetrics({ count: meta.metrics.count, values: section(c, 'metrics', Float64Array, what) });
  const session: SessionSnapshot = {
    config: meta.config,
    step: meta.step,
    weights: unpackNamed(meta.weights, section(c, 'weights', Float32Array, what), 'weights', what),
    optimizer: {
      kind: meta.optimizer.kind as SessionSnapshot['optimizer']['kind'],
      iterations: meta.optimizer.iterations,
      slots: unpackNamed(meta.optimizer.slots, section(c, 'slots', Float32Array, what), 'optimiser slots', what),
    },
    rngState: { batch: [...meta.rngState.batch] as [number, number, number, number], augment: [...meta.rngState.augment] as [number, number, number, number] },
    epochOrder: Array.from(section(c, 'epochOrder', Int32Array, what)),
    epochCursor: meta.epochCursor,
  };
  return {
    datasetId: String(meta.datasetId),
    savedAt: Number(meta.savedAt),
    backend: String(meta.backend),
    session,
    metrics,
    evaluations: Array.isArray(meta.evaluations) ? meta.evaluations : [],
  };
}

function unsigned(words: readonly number[]): [number, number, number, number] {
  return words.map((w) => w >>> 0) as [number, number, number, number];
}

function isRng(s: unknown): boolean {
  return Array.isArray(s) && s.length === 4 && s.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32);
}

/** Named arrays as one Float32Array plus a table of names and shapes (offsets follow from the sizes). */
function packNamed(named: NamedWeights): { table: TableEntry[]; values: Float32Array } {
  const names = Object.keys(named);
  const total = names.reduce((n, k) => n + named[k]!.values.length, 0);
  const values = new Float32Array(total);
  let at = 0;
  const table = names.map((name) => {
    const a = named[name]!;
    values.set(a.values, at);
    at += a.values.length;
    return { name, shape: [...a.shape] };
  });
  return { table, values };
}

function unpackNamed(table: TableEntry[] | undefined, values: Float32Array, label: string, what: string): NamedWeights {
  if (!Array.isArray(table)) throw new RunFileError(`${what} has no table of ${label}`);
  const out: NamedWeights = {};
  let at = 0;
  for (const entry of table) {
    const size = Array.isArray(entry?.shape) ? entry.shape.reduce((a, b) => a * b, 1) : NaN;
    if (!Number.isInteger(size) || size < 0 || at + size > values.length) throw new RunFileError(`${what}'s ${label} do not match their table`);
    out[entry.name] = { shape: [...entry.shape], values: values.slice(at, at + size) };
    at += size;
  }
  if (at !== values.length) throw new RunFileError(`${what}'s ${label} do not match their table`);
  return out;
}

// ------------------------------------------------------------------ the run file

interface RunMeta {
  step: number;
  savedAt: number;
}

/** A whole run in one buffer (the export file), from its two encoded parts. */
export function joinRunFile(datasetBytes: Uint8Array, stateBytes: Uint8Array, meta: RunMeta): Uint8Array {
  return encodeContainer({ kind: 'run', meta, sections: { dataset: datasetBytes, state: stateBytes } });
}

export function encodeRun(run: SavedRun): Uint8Array {
  return joinRunFile(encodeDataset(run.dataset), encodeState(run.state), { step: run.state.session.step, savedAt: run.state.savedAt });
}

/** Reads a run file; throws RunFileError with a sentence when it is not one, damaged, or of another version. */
export function decodeRun(bytes: Uint8Array, what = 'the file'): SavedRun {
  const c = decodeContainer(bytes, what);
  expectKind(c, 'run', what);
  const dataset = decodeDataset(section(c, 'dataset', Uint8Array, what), what);
  const state = decodeState(section(c, 'state', Uint8Array, what), what);
  checkPair(dataset, state, what);
  return { dataset, state };
}

/** Checks that a state belongs to a dataset (ids, image shape against the config, label count). */
export function checkPair(dataset: SavedDataset, state: SavedState, what = 'the file'): void {
  if (state.datasetId !== dataset.id) throw new RunFileError(`${what} is incomplete: its training state belongs to another dataset`);
  const [, h, w, ch] = dataset.shape;
  const cfg = state.session.config;
  if (h !== cfg.imageSize || w !== cfg.imageSize || ch !== cfg.channels) {
    throw new RunFileError(`${what} is inconsistent: its images are ${h}x${w}x${ch} but its settings ask for ${cfg.imageSize} px, ${cfg.channels} channels`);
  }
}

function expectKind(c: Container, kind: string, what: string): void {
  if (c.kind !== kind) throw new RunFileError(`${what} holds a ${c.kind} record where a ${kind} was expected`);
}
