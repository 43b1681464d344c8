import { describe, expect, it } from 'vitest';
import { mergeConfig } from '../../../src/core/config';
import { PLAYGROUND_DEFAULT } from '../../../src/state/pagePresets';
import { parseHash, serializeHash } from '../../../src/state/urlHash';

describe('URL hash', () => {
  it('is empty when everything is at its default', () => {
    expect(serializeHash({ config: PLAYGROUND_DEFAULT, preset: 'shapes', backend: 'auto' })).toBe('');
    const parsed = parseHash('');
    expect(parsed).toEqual({ config: PLAYGROUND_DEFAULT, preset: 'shapes', backend: 'auto', ignored: [] });
  });

  it('round-trips config, augmentations, seed, preset and backend', () => {
    const config = mergeConfig(PLAYGROUND_DEFAULT, {
      seed: 1234567,
      batchSize: 64,
      imageSize: 48,
      augment: { blur: { enabled: true }, colorJitter: { strength: 1, randomOrder: false }, rotate: { enabled: true, p: 0.25 } },
      encoder: { kind: 'resnet', depth: 10 },
      head: { kind: 'linear' },
      loss: { temperature: 0.1 },
      optimizer: { kind: 'lars', learningRate: 0.3, lrScaling: 'linear', schedule: 'cosine' },
    });
    const hash = serializeHash({ config, preset: 'fashion-mnist', backend: 'wasm' });
    expect(hash).toContain('preset=fashion-mnist');
    expect(hash).toContain('augment.blur.enabled=true');
    expect(hash).toContain('augment.colorJitter.strength=1');
    expect(hash).toContain('loss.temperature=0.1');
    expect(hash).toContain('seed=1234567');
    const parsed = parseHash(`#${hash}`);
    expect(parsed.ignored).toEqual([]);
    expect(parsed.config).toEqual(config);
    expect(parsed.preset).toBe('fashion-mnist');
    expect(parsed.backend).toBe('wasm');
  });

  it('round-trips numbers exactly', () => {
    const config = mergeConfig(PLAYGROUND_DEFAULT, { augment: { crop: { ratioMin: 3 / 4, ratioMax: 4 / 3 } }, optimizer: { learningRate: 0.075 * Math.sqrt(32) } });
    const parsed = parseHash(serializeHash({ config, preset: 'shapes', backend: 'auto' }));
    expect(parsed.config.optimizer.learningRate).toBe(config.optimizer.learningRate);
    expect(parsed.config.augment.crop.ratioMin).toBe(3 / 4);
  });

  it('omits the preset for the user\'s own images', () => {
    expect(serializeHash({ config: PLAYGROUND_DEFAULT, preset: undefined, backend: 'auto' })).toBe('');
  });

  it('ignores what it cannot use, says why, and keeps the rest', () => {
    const parsed = parseHash('#batchSize=16&loss.temperature=abc&augment.blur.enabled=maybe&nonsense=1&preset=imagenet&backend=tpu&augment.crop.areaMin=0.9&augment.crop.areaMax=0.5&encoder.kind=vit');
    expect(parsed.config.batchSize).toBe(16);
    expect(parsed.config.loss.temperature).toBe(PLAYGROUND_DEFAULT.loss.temperature);
    expect(parsed.config.augment.blur.enabled).toBe(PLAYGROUND_DEFAULT.augment.blur.enabled);
    expect(parsed.config.encoder.kind).toBe(PLAYGROUND_DEFAULT.encoder.kind);
    expect(parsed.preset).toBe('shapes');
    expect(parsed.backend).toBe('auto');
    expect(parsed.ignored.join('\n')).toMatch(/loss.temperature must be a number/);
    expect(parsed.ignored.join('\n')).toMatch(/"nonsense" is not a setting/);
    expect(parsed.ignored.join('\n')).toMatch(/encoder.kind must be one of/);
    expect(parsed.ignored.join('\n')).toMatch(/areaMin must not exceed/);
    expect(parsed.ignored).toHaveLength(7);
  });

  it('refuses a batch size that is not an integer', () => {
    const parsed = parseHash('batchSize=12.5');
    expect(parsed.config.batchSize).toBe(PLAYGROUND_DEFAULT.batchSize);
    expect(parsed.ignored[0]).toMatch(/batchSize must be an integer/);
  });
});
