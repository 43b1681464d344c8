/** Evaluation on frozen features: kNN, the linear probe, held-out splits and PCA. */
export { knnPredict, accuracy, type KnnOptions } from './knn';
export { linearProbe, DEFAULT_PROBE, type ProbeOptions } from './linearProbe';
export { stratifiedSplit, type Split } from './split';
export { pca, type PcaResult } from './pca';
export { evaluateFeatures, type FeatureScores } from './evaluate';
