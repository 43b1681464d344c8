/**
 * SimCLR's loss and what is read off it: NT-Xent in the masked form and in the
 * positive-first form, NT-Logistic and the margin triplet loss (paper Table 4)
 * with optional semi-hard negative mining, the similarity matrix, contrastive
 * accuracy and entropy.
 */
export { ntXentLoss, maskedLogits, MASKED_LOGIT } from './ntXent';
export { ntXentLossPositiveFirst, positiveFirstLogits, positiveFirstIndices } from './positiveFirst';
export { ntLogisticLoss, marginTripletLoss, DEFAULT_MARGIN, type PairwiseLossOptions } from './pairwise';
export { negativeMask } from './mining';
export { contrastiveLoss, LOSS_KINDS } from './contrastive';
export { resolveLoss, chanceLoss, LOSS_NAMES } from './chance';
export { contrastiveDiagnostics, type ContrastiveDiagnostics } from './diagnostics';
export { similarityMatrix, l2NormalizeRows, positiveIndex, swapViews } from './similarity';
