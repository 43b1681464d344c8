/** Evaluation on frozen features: kNN, the linear probe, held-out splits, neighbours, maps, short runs and ablations. */
export { knnPredict, accuracy, type KnnOptions } from './knn';
export { linearProbe, DEFAULT_PROBE, type ProbeOptions } from './linearProbe';
export { stratifiedSplit, type Split } from './split';
export { pca, type PcaResult } from './pca';
export {
  evaluateFeatures, evaluateRepresentation, labelledSplit, unscorableReason, DEFAULT_EVAL,
  type FeatureScores, type EvalOptions, type RepresentationScores,
} from './evaluate';
export { nearestNeighbours, type Neighbours } from './neighbours';
export { umap2d, umap2dAsync, createUmap, type UmapOptions } from './umap';
export { embeddingMap, samplePoints, DEFAULT_MAP_POINTS, type EmbeddingMap, type MapMethod, type MapOptions } from './map';
export { shortRun, shortRunConfig, scoreSession, randomInitScores, type LabelledData, type ShortRunHooks, type ShortRunResult } from './shortRun';
export { runEpochs } from './epochs';
export { samplingMargin, meanTerms, differenceTerms, changeTerms, Z95, type MeasuredAccuracy, type WeightedAccuracy } from './margin';
export {
  ablationQueue, ablationSettings, runAblationQueue, ABLATION_KINDS, PAIR_OPS, COLOUR_STRENGTHS, TEMPERATURES, HEADS,
  type AblationKind, type AblationOptions, type AblationResult, type AblationRunOptions, type AblationRunSpec, type AblationSetting,
} from './ablation';
export {
  finetuneAccuracy, pretrainForFinetune, pretrainedRecipe, labelledSubset, finetuneSplit, DEFAULT_FINETUNE, FINETUNE_AUGMENT, type FinetuneOptions,
} from './finetune';
export {
  LOSS_STUDY, FINETUNE_FRACTIONS, studyBatchSizes, studyLengths, studyOptimizer, largestStudyBatch, stepBytesPerImage,
  finetuneSetting, batchStudySetting, studyRunsPerSeed, lossStudyConfig, type StudyLrScaling, type LossStudySetting,
} from './studyPlans';
