/**
 * Identity, and Cast to the dtype a tensor already has, for the wasm backend
 * without copying: the result shares the input's data (one more reference on
 * its dataId), as the cpu backend's Identity and the wasm backend's own
 * Reshape do. Tensor data is never written after creation, so sharing is safe.
 *
 * tfjs 4.22's wasm kernels copy the whole buffer instead. A training step
 * runs Identity on every tensor a gradient keeps (the engine clones saved
 * inputs and outputs), and the relu gradient casts float32 to float32: in the
 * bench-cnn step (tf.profile, one thread, batch 32 x 2 views) 75
 * Identity calls took 5.4 ms and same-dtype Casts 1 ms; shared, they cost
 * nothing measurable (about 0.01 ms a call).
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo, DataType } from '@tensorflow/tfjs-core';

interface RefCountingBackend {
  incRef(dataId: object): void;
}

function share(x: TensorInfo, backend: RefCountingBackend): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/** Identity that shares the input's data (strings go to the built-in kernel). */
export function sharingIdentity(builtin: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: NamedTensorInfoMap; backend: RefCountingBackend; attrs?: NamedAttrMap }): TensorInfo => {
    const { x } = args.inputs;
    if (x == null || x.dtype === 'string') return builtin.kernelFunc(args as never) as TensorInfo;
    return share(x, args.backend);
  };
  return { ...builtin, kernelFunc: kernelFunc as unknown as KernelFunc };
}

/** Cast that shares the input's data when the dtype does not change; real conversions go to the built-in kernel. */
export function sharingCast(builtin: KernelConfig): KernelConfig {
  const kernelFunc = (args: { inputs: NamedTensorInfoMap; backend: RefCountingBackend; attrs?: NamedAttrMap }): TensorInfo => {
    const { x } = args.inputs;
    const dtype = (args.attrs as { dtype?: DataType } | undefined)?.dtype;
    if (x == null || x.dtype === 'string' || x.dtype === 'complex64' || dtype !== x.dtype) return builtin.kernelFunc(args as never) as TensorInfo;
    return share(x, args.backend);
  };
  return { ...builtin, kernelFunc: kernelFunc as unknown as KernelFunc };
}
