/** Optimisers (Adam / AdamW, SGD momentum, LARS), the learning-rate schedule and one training step. */
export { trainStep, type StepResult, type TrainStepOptions } from './trainStep';
export { learningRateAt, scaledLearningRate } from './schedule';
export { createOptimizer } from './createOptimizer';
export { createAdam, type AdamOptions } from './adam';
export { createSgd, type SgdOptions } from './sgd';
export { createLars, trustRatio, type LarsOptions } from './lars';
export { pairGradients, slotOptimizer, SlotStore, type Optimizer, type OptimizerState, type GradientMap, type ParamUpdate } from './optimizer';
