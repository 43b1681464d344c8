/** Encoders f (bench-cnn, small ResNet), projection heads g, and their parameters. */
export { createSimclrModel, type SimclrModel, type ApplyOptions } from './simclrModel';
export { ParamStore, isDecayedRole, type Param, type ParamRole, type Stat, type NamedArray, type NamedWeights } from './params';
export { MovingStatUpdates, type ForwardContext } from './movingStats';
export { createBenchCnn } from './benchCnn';
export { createResNet, RESNET_BLOCKS } from './resnet';
export { createHead } from './head';
export type { Encoder, Head } from './types';
export { heNormal, glorotUniform, constant, fans } from './init';
export {
  conv2d, dense, batchNorm, maxPool2, globalAveragePool, createConv2D, createDense, createBatchNorm,
  type Conv2DLayer, type Conv2DSpec, type DenseLayer, type BatchNormLayer, type KernelInit,
} from './layers';
