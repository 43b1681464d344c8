/**
 * Exports of a run: the trained encoder and head in the tfjs model format (and
 * back), embeddings and labels for the TensorFlow Embedding Projector, the
 * metrics history as CSV, and the configuration as a runnable PyTorch
 * Lightning + lightly script. DOM-free.
 */
export {
  simclrModelArtifacts, saveSimclrModel, loadSimclrModel, loadSimclrModelFrom, importSimclrWeights,
  modelJsonAndWeights, artifactsFromModelJson, describeArchitecture, ModelFileError,
  SIMCLR_MODEL_FORMAT, SIMCLR_MODEL_KIND, SIMCLR_MODEL_VERSION,
  type Architecture, type SavedTensorRole, type SavedTensorInfo, type SimclrTopology, type SimclrMetadata,
  type SaveOptions, type LoadOptions, type LoadedSimclrModel,
} from './tfjsModel';
export {
  projectorTsv, vectorsTsv, metadataTsv, escapeTsvField, unescapeTsvField,
  type ProjectorTsv, type EmbeddingsInput,
} from './embeddingsTsv';
export { metricsCsv, parseMetricsCsv, METRICS_CSV_COLUMNS } from './metricsCsv';
export {
  pytorchScript, CONFIG_BEGIN_MARKER, CONFIG_END_MARKER, PYTORCH_DATASETS, type PytorchScriptOptions,
} from './pytorchScript';
