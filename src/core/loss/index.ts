/**
 * SimCLR's loss and what is read off it: NT-Xent in the masked form and in the
 * positive-first form, the similarity matrix, contrastive accuracy and entropy.
 */
export { ntXentLoss, maskedLogits, MASKED_LOGIT } from './ntXent';
export { ntXentLossPositiveFirst, positiveFirstLogits, positiveFirstIndices } from './positiveFirst';
export { contrastiveDiagnostics, type ContrastiveDiagnostics } from './diagnostics';
export { similarityMatrix, l2NormalizeRows, positiveIndex, swapViews } from './similarity';
