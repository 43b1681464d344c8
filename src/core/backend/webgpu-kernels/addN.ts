/**
 * AddN on WebGPU with any number of inputs.
 *
 * tfjs 4.22's WebGPU AddN binds every input as its own storage buffer. With 8
 * or more inputs that exceeds `maxStorageBuffersPerShaderStage` on adapters that
 * allow only 8 (SwiftShader's default limit, seen here): the pipeline is invalid,
 * and the whole command buffer it is in is dropped, so unrelated results of the
 * same step silently read as zeros. This wrapper sums in chunks that fit the
 * device's limit and then sums the partial results, with the backend's own
 * kernel doing every addition.
 */
import * as tf from '@tensorflow/tfjs-core';

let registered = false;

/** Replaces the webgpu AddN kernel with the chunked one. Idempotent; a no-op when webgpu is not registered. */
export function registerWebGpuSafeAddN(): void {
  if (registered) return;
  const original = tf.getKernel('AddN', 'webgpu');
  if (!original) return;
  registered = true;
  const inner = original.kernelFunc;
  tf.unregisterKernel('AddN', 'webgpu');
  tf.registerKernel({
    kernelName: 'AddN',
    backendName: 'webgpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const tensors = inputs as unknown as tf.TensorInfo[];
      const limits = (backend as unknown as { device?: { limits?: { maxStorageBuffersPerShaderStage?: number } } }).device?.limits;
      // One storage buffer is the output.
      const perCall = Math.max(2, (limits?.maxStorageBuffersPerShaderStage ?? 8) - 1);
      const run = (xs: tf.TensorInfo[]) => inner({ inputs: xs as unknown as tf.NamedTensorInfoMap, backend, attrs }) as tf.TensorInfo;
      let level = tensors;
      const temporaries: tf.TensorInfo[] = [];
      while (level.length > perCall) {
        const next: tf.TensorInfo[] = [];
        for (let i = 0; i < level.length; i += perCall) {
          const chunk = level.slice(i, i + perCall);
          if (chunk.length === 1) {
            next.push(chunk[0]!);
          } else {
            const partial = run(chunk);
            temporaries.push(partial);
            next.push(partial);
          }
        }
        level = next;
      }
      const result = run(level);
      for (const t of temporaries) (backend as tf.KernelBackend).disposeData(t.dataId);
      return result;
    },
  });
}
