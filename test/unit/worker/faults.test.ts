import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, mergeConfig } from '../../../src/core/config';
import { classifyError, nonFiniteLossMessage, outOfMemoryMessage } from '../../../src/worker/faults';

describe('faults', () => {
  it('sorts errors into device lost, out of memory and other', () => {
    expect(classifyError(new Error('Device is lost'))).toBe('device-lost');
    expect(classifyError(new Error('WebGL context lost'))).toBe('device-lost');
    expect(classifyError(new Error('Failed to allocate buffer: out of memory'))).toBe('out-of-memory');
    expect(classifyError(new RangeError('Array buffer allocation failed'))).toBe('out-of-memory');
    expect(classifyError(new Error('Cannot read properties of undefined'))).toBe('other');
  });

  it('names the likely setting when the loss breaks', () => {
    const hot = mergeConfig(DEFAULT_CONFIG, { optimizer: { kind: 'adam', learningRate: 0.5, lrScaling: 'none' }, loss: { temperature: 0.01 } });
    const m = nonFiniteLossMessage(hot, 12, Number.NaN, Number.NaN);
    expect(m.message).toMatch(/^Training paused at step 12: the loss became NaN\. The weights from the last good step are kept\./);
    expect(m.message).toMatch(/learning rate 0\.5 is high for adam/);
    expect(m.message).toMatch(/temperature 0\.01 is very low/);
    expect(m.fields).toEqual(['optimizer.learningRate', 'loss.temperature']);
    const calm = nonFiniteLossMessage(DEFAULT_CONFIG, 3, 2.5, Number.POSITIVE_INFINITY);
    expect(calm.message).toMatch(/the gradient became infinite \(the loss was 2\.5000\)/);
    expect(calm.message).toMatch(/No setting looks extreme/);
    expect(calm.fields).toEqual([]);
  });

  it('suggests a smaller batch after running out of memory', () => {
    expect(outOfMemoryMessage(mergeConfig(DEFAULT_CONFIG, { batchSize: 256, imageSize: 96 }), 'webgpu'))
      .toMatch(/webgpu backend ran out of memory with batch size 256 at 96 px.*smaller batch size, a smaller image size/);
  });
});
