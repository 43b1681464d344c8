/**
 * The worker's side of model files: the run's encoder and head as a tfjs
 * `model.json` plus weights, and reading such a pair back (every refusal a
 * `ModelFileError` with a sentence saying why).
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { TrainConfig } from '../core/config';
import {
  ModelFileError, artifactsFromModelJson, describeArchitecture, loadSimclrModel, modelJsonAndWeights,
} from '../core/export/tfjsModel';
import { TrainingSession } from '../core/train/session';
import { prepareDataset, type DatasetDeps, type PreparedDataset } from './dataset/prepare';
import type { ModelExportMessage } from './protocol';

/** Name the model.json's manifest gives the weights file (what `tf.io.browserDownloads('downloads://simclr-model')` writes). */
export const WEIGHTS_FILE_NAME = 'simclr-model.weights.bin';

export async function exportModel(session: TrainingSession): Promise<ModelExportMessage> {
  const { modelJson, weights } = modelJsonAndWeights(await session.modelArtifacts(), WEIGHTS_FILE_NAME);
  return { type: 'modelExport', step: session.step, modelJson: JSON.stringify(modelJson), weights };
}

/** A checked model file: the artifacts to load and what they hold. */
export interface ModelFile {
  artifacts: tf.io.ModelArtifacts;
  config: TrainConfig;
  step: number | undefined;
}

/**
 * Parses and checks a model.json text and its weights: the whole file is
 * validated (by building its model once and loading every weight) before the
 * caller touches its run.
 * @throws ModelFileError naming what is wrong.
 */
export function readModelFile(modelJsonText: string, weights: ArrayBuffer): ModelFile {
  if (typeof modelJsonText !== 'string') throw new ModelFileError('The model file is missing: expected the text of model.json');
  if (Object.prototype.toString.call(weights) !== '[object ArrayBuffer]') throw new ModelFileError('The weights file is missing: expected the bytes of the .bin file saved with model.json');
  let json: unknown;
  try {
    json = JSON.parse(modelJsonText);
  } catch (err) {
    throw new ModelFileError(`model.json is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = artifactsFromModelJson(json as tf.io.ModelJSON, weights);
  } catch (err) {
    if (err instanceof ModelFileError) throw err;
    throw new ModelFileError(`model.json could not be read as a tfjs model (${err instanceof Error ? err.message : String(err)})`);
  }
  const loaded = loadSimclrModel(artifacts);
  loaded.model.dispose();
  return { artifacts, config: loaded.config, step: loaded.step };
}

/** "bench-cnn width 16, mlp head (...), 3 channels, 32 px, trained 500 steps, seed 0". */
export function describeModelFile(file: ModelFile): string {
  const c = file.config;
  const steps = file.step === undefined ? 'steps unknown' : `trained ${file.step} step${file.step === 1 ? '' : 's'}`;
  return `${describeArchitecture(c)}, ${c.imageSize} px, ${steps}, seed ${c.seed}`;
}

/**
 * A new session of the file's config holding the file's weights, on `dataset`
 * or, when the file's image size or channels differ, on the same source
 * prepared again (`data`, owned by the caller from then on). Nothing is kept
 * when it fails.
 * @throws ModelFileError when the weights do not fit; other errors as they come.
 */
export async function sessionFromModelFile(
  file: ModelFile, dataset: PreparedDataset, deps: Omit<DatasetDeps, 'progress'>,
): Promise<{ session: TrainingSession; data?: PreparedDataset }> {
  const { config } = file;
  const resized = config.imageSize !== dataset.images.shape[1] || config.channels !== dataset.images.shape[3];
  let data: PreparedDataset | undefined;
  let session: TrainingSession | undefined;
  try {
    if (resized) data = await prepareDataset(dataset.source, config.imageSize, config.channels, deps);
    session = TrainingSession.create(config, data ?? dataset);
    session.loadModelArtifacts(file.artifacts);
    return data ? { session, data } : { session };
  } catch (err) {
    session?.dispose();
    data?.images.dispose();
    throw err;
  }
}
