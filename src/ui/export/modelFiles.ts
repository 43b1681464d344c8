/**
 * The two files of a saved model, named for the download, and picked back out
 * of what the user chooses to load. tfjs finds the weights file through the
 * model.json's `weightsManifest` paths, so the page writes the weights file's
 * own name there (whatever the worker called it), as one group.
 */
export const MODEL_JSON_NAME = 'simclr-model.json';
export const MODEL_WEIGHTS_NAME = 'simclr-model.weights.bin';

interface ManifestGroup {
  paths: string[];
  weights: unknown[];
}

/** `modelJson` with one weights group whose only path is `./${weightsName}`. */
export function withWeightsPath(modelJson: string, weightsName = MODEL_WEIGHTS_NAME): string {
  const parsed = JSON.parse(modelJson) as { weightsManifest?: ManifestGroup[] };
  if (!parsed || typeof parsed !== 'object' || !Array.isArray(parsed.weightsManifest)) {
    throw new Error('the worker\'s model.json has no weightsManifest');
  }
  const weights = parsed.weightsManifest.flatMap((g) => (Array.isArray(g.weights) ? g.weights : []));
  return JSON.stringify({ ...parsed, weightsManifest: [{ paths: [`./${weightsName}`], weights }] });
}

export interface PickedModel {
  json: File;
  weights: File;
}

const isJson = (f: File) => f.name.toLowerCase().endsWith('.json');

/** The model.json and the weights file among `files`, or a sentence saying what is missing. */
export function pickModelFiles(files: readonly File[]): PickedModel | string {
  const json = files.filter(isJson);
  const other = files.filter((f) => !isJson(f));
  if (json.length !== 1 || other.length !== 1) {
    return `Choose both files of a saved model at once: ${MODEL_JSON_NAME} and ${MODEL_WEIGHTS_NAME} (you chose ${
      files.length === 0 ? 'none' : files.map((f) => f.name).join(', ')
    }).`;
  }
  return { json: json[0]!, weights: other[0]! };
}
