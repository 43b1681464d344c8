import * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../random';
import { batchNorm, conv2d, createBatchNorm, createConv2D, globalAveragePool, type BatchNormLayer, type Conv2DLayer } from './layers';
import type { ForwardContext } from './movingStats';
import type { ParamStore } from './params';
import type { Encoder } from './types';

/** Residual blocks per stage for each supported depth (He et al. 2016, Table 1; depth 10 is the usual small variant). */
export const RESNET_BLOCKS: Record<10 | 18 | 34, readonly [number, number, number, number]> = {
  10: [1, 1, 1, 1],
  18: [2, 2, 2, 2],
  34: [3, 4, 6, 3],
};

/** Stride of the first block of each stage. */
const STAGE_STRIDES = [1, 2, 2, 2] as const;

/** conv -> batch norm, the unit every part of the ResNet is built from. */
interface ConvBn {
  conv: Conv2DLayer;
  bn: BatchNormLayer;
}

/** BasicBlock: conv3x3(stride) BN ReLU, conv3x3 BN, plus the shortcut, then ReLU. */
interface BasicBlock {
  first: ConvBn;
  second: ConvBn;
  /** 1x1 conv (stride) + BN when the shape changes; null for the identity. */
  projection: ConvBn | null;
}

/**
 * A small ResNet with the CIFAR stem the SimCLR paper uses for 32 px images
 * (Appendix B.9): the first conv is 3x3 stride 1 (+ BN + ReLU) and there is no
 * max-pool. Four stages of BasicBlocks with widths w, 2w, 4w, 8w and strides
 * 1, 2, 2, 2, then global average pooling: h has 8w entries.
 *
 * Convs have no bias (batch norm follows each one). 3x3 convs pad 1 pixel on
 * every side as PyTorch's `padding=1` (tfjs 'same' with stride 2 would pad only
 * bottom/right and shift the sampling grid away from the 1x1 shortcut's).
 * Parameters are named `${prefix}/stem/conv/kernel`, `${prefix}/stage2/block0/conv1/conv/kernel`,
 * `${prefix}/stage2/block0/shortcut/bn/gamma`, ...
 */
export function createResNet(
  store: ParamStore,
  spec: { inChannels: number; width: number; depth: 10 | 18 | 34 },
  rng: Rng,
  prefix = 'encoder',
): Encoder {
  const blocksPerStage = RESNET_BLOCKS[spec.depth];
  if (blocksPerStage === undefined) throw new Error(`createResNet: depth must be 10, 18 or 34, got ${spec.depth}`);
  const stem = createConvBn(store, `${prefix}/stem`, spec.inChannels, spec.width, 3, 1, rng);
  const blocks: BasicBlock[] = [];
  let channels = spec.width;
  blocksPerStage.forEach((count, stage) => {
    const out = spec.width * 2 ** stage;
    for (let b = 0; b < count; b++) {
      const stride = b === 0 ? STAGE_STRIDES[stage]! : 1;
      blocks.push(createBlock(store, `${prefix}/stage${stage + 1}/block${b}`, channels, out, stride, rng));
      channels = out;
    }
  });
  return {
    outDim: channels,
    /** images [B, H, W, C] -> h [B, 8 width] */
    apply(images, ctx) {
      return tf.tidy(() => {
        let x = tf.relu(applyConvBn(images, stem, ctx));
        for (const block of blocks) x = applyBlock(x, block, ctx);
        return globalAveragePool(x);
      });
    },
  };
}

function createConvBn(
  store: ParamStore, name: string, inChannels: number, outChannels: number, size: number, stride: number, rng: Rng,
): ConvBn {
  const pad = (size - 1) / 2;
  const conv = createConv2D(store, `${name}/conv`, { size, inChannels, outChannels, stride, pad, bias: false }, rng);
  return { conv, bn: createBatchNorm(store, `${name}/bn`, outChannels) };
}

function createBlock(store: ParamStore, name: string, inChannels: number, outChannels: number, stride: number, rng: Rng): BasicBlock {
  const needsProjection = stride !== 1 || inChannels !== outChannels;
  return {
    first: createConvBn(store, `${name}/conv1`, inChannels, outChannels, 3, stride, rng),
    second: createConvBn(store, `${name}/conv2`, outChannels, outChannels, 3, 1, rng),
    projection: needsProjection ? createConvBn(store, `${name}/shortcut`, inChannels, outChannels, 1, stride, rng) : null,
  };
}

function applyConvBn(x: tf.Tensor4D, unit: ConvBn, ctx: ForwardContext): tf.Tensor4D {
  return batchNorm(conv2d(x, unit.conv), unit.bn, ctx);
}

/** [B, H, W, Cin] -> [B, H / stride, W / stride, Cout] */
function applyBlock(x: tf.Tensor4D, block: BasicBlock, ctx: ForwardContext): tf.Tensor4D {
  return tf.tidy(() => {
    const main = applyConvBn(tf.relu(applyConvBn(x, block.first, ctx)), block.second, ctx);
    const shortcut = block.projection === null ? x : applyConvBn(x, block.projection, ctx);
    return tf.relu(tf.add<tf.Tensor4D>(main, shortcut));
  });
}
