import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { TrainConfig } from '../../../src/core/config';
import {
  artifactsFromModelJson, importSimclrWeights, loadSimclrModel, loadSimclrModelFrom, ModelFileError, modelJsonAndWeights,
  saveSimclrModel, simclrModelArtifacts, SIMCLR_MODEL_FORMAT, type SimclrTopology,
} from '../../../src/core/export';
import { createSimclrModel, type SimclrModel } from '../../../src/core/model';
import { Rng } from '../../../src/core/random';
import { randomImages, snapshot, tinyConfig } from '../model/tinyConfig';

/** ResNet-10 width 2 with a 3-layer head (batch norm everywhere): every role and moving statistics. */
const resnetConfig = tinyConfig({ seed: 3, encoder: { kind: 'resnet', width: 2, depth: 10 }, head: { kind: 'mlp', layers: 3, hiddenDim: 6, outDim: 4 } });
/** bench-cnn width 4 with a linear head. */
const benchConfig = tinyConfig({ seed: 4, head: { kind: 'linear', outDim: 5 } });

/** A model whose batch-norm moving statistics have moved away from 0 and 1 (one training-mode pass). */
function trainedModel(config: TrainConfig, seed: number): SimclrModel {
  const model = createSimclrModel(config, new Rng(seed));
  const images = randomImages(new Rng(seed + 100), 4, config.imageSize, config.channels);
  const { h, z } = model.apply(images, { training: true });
  tf.dispose([images, h, z]);
  return model;
}

/** Saves through tf.io.withSaveHandler and returns the artifacts the handler received. */
async function saveInMemory(model: SimclrModel, config: TrainConfig, step?: number): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  const result = await saveSimclrModel(model, config, tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }), { step });
  expect(result.modelArtifactsInfo.modelTopologyType).toBe('JSON');
  return saved!;
}

async function embedBoth(model: SimclrModel, images: tf.Tensor4D): Promise<{ h: Float32Array; z: Float32Array }> {
  const { h, z } = model.apply(images, { training: false });
  const out = { h: (await h.data()) as Float32Array, z: (await z.data()) as Float32Array };
  tf.dispose([h, z]);
  return out;
}

function withWeightData(artifacts: tf.io.ModelArtifacts, weightData: ArrayBuffer): tf.io.ModelArtifacts {
  return { ...artifacts, weightData };
}

function weightBuffer(artifacts: tf.io.ModelArtifacts): ArrayBuffer {
  return artifacts.weightData as ArrayBuffer;
}

describe('tfjs model export', () => {
  it('save -> load gives bit-identical weights and the same h and z on the same images', async () => {
    const model = trainedModel(resnetConfig, 1);
    const artifacts = await saveInMemory(model, resnetConfig, 17);
    const loaded = await loadSimclrModelFrom(tf.io.fromMemory(artifacts));
    expect(loaded.config).toEqual(resnetConfig);
    expect(loaded.step).toBe(17);
    expect(loaded.model.hDim).toBe(model.hDim);
    expect(loaded.model.zDim).toBe(model.zDim);

    const [before, after] = await Promise.all([snapshot(model.params), snapshot(loaded.model.params)]);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, values] of before) {
      const got = after.get(name)!;
      // Bit-identical: compare the raw bytes, not the numbers.
      expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(values.buffer, values.byteOffset, values.byteLength)), name).toBe(true);
    }
    expect(before.get('encoder/stem/bn/moving_mean')!.some((v) => v !== 0)).toBe(true);

    const images = randomImages(new Rng(9), 3, resnetConfig.imageSize, resnetConfig.channels);
    const [a, b] = await Promise.all([embedBoth(model, images), embedBoth(loaded.model, images)]);
    expect(b.h).toEqual(a.h);
    expect(b.z).toEqual(a.z);
    images.dispose();
    model.dispose();
    loaded.model.dispose();
  });

  it('writes tfjs artifacts: float32 weightSpecs, 4 bytes per value, topology with roles, the TrainConfig in the metadata', async () => {
    const model = trainedModel(resnetConfig, 2);
    const artifacts = await simclrModelArtifacts(model, resnetConfig, { step: 5 });
    expect(artifacts.format).toBe(SIMCLR_MODEL_FORMAT);
    const specs = artifacts.weightSpecs!;
    const topology = artifacts.modelTopology as SimclrTopology;
    expect(specs.map((s) => s.name)).toEqual(topology.tensors.map((t) => t.name));
    expect(specs.every((s) => s.dtype === 'float32')).toBe(true);
    const values = specs.reduce((n, s) => n + s.shape.reduce((m, d) => m * d, 1), 0);
    expect(values).toBe(model.params.countTrainable() + model.params.countStats());
    expect(weightBuffer(artifacts).byteLength).toBe(4 * values);
    const roles = Object.fromEntries(topology.tensors.map((t) => [t.name, t.role]));
    expect(roles['encoder/stem/conv/kernel']).toBe('kernel');
    expect(roles['encoder/stem/bn/gamma']).toBe('bn-gamma');
    expect(roles['encoder/stem/bn/beta']).toBe('bn-beta');
    expect(roles['encoder/stem/bn/moving_mean']).toBe('moving-stat');
    expect(roles['head/fc3/bias']).toBe('bias');
    expect(topology).toMatchObject({ encoder: resnetConfig.encoder, head: resnetConfig.head, channels: 3, hDim: model.hDim, zDim: model.zDim });
    expect((artifacts.userDefinedMetadata as { simclr: { config: TrainConfig; step: number } }).simclr).toMatchObject({ config: resnetConfig, step: 5 });
    model.dispose();
  });

  it('round-trips through model.json + weights.bin files (JSON text and bytes)', async () => {
    const model = trainedModel(benchConfig, 3);
    const { modelJson, weights } = modelJsonAndWeights(await simclrModelArtifacts(model, benchConfig), 'weights.bin');
    expect(modelJson.weightsManifest).toEqual([{ paths: ['./weights.bin'], weights: expect.any(Array) }]);
    const text = JSON.stringify(modelJson);
    const copy = weights.slice(0);
    const loaded = loadSimclrModel(artifactsFromModelJson(JSON.parse(text) as tf.io.ModelJSON, copy));
    const [before, after] = await Promise.all([snapshot(model.params), snapshot(loaded.model.params)]);
    for (const [name, values] of before) expect(after.get(name), name).toEqual(values);
    expect(loaded.config).toEqual(benchConfig);
    model.dispose();
    loaded.model.dispose();
  });

  it('accepts weightData split into several buffers (tfjs WeightData as ArrayBuffer[])', async () => {
    const model = trainedModel(benchConfig, 4);
    const artifacts = await simclrModelArtifacts(model, benchConfig);
    const buf = weightBuffer(artifacts);
    const loaded = loadSimclrModel({ ...artifacts, weightData: [buf.slice(0, 12), buf.slice(12)] });
    const [before, after] = await Promise.all([snapshot(model.params), snapshot(loaded.model.params)]);
    for (const [name, values] of before) expect(after.get(name), name).toEqual(values);
    model.dispose();
    loaded.model.dispose();
  });

  it('refuses a file from another architecture, naming both, and leaves the target model unchanged', async () => {
    const model = trainedModel(benchConfig, 5);
    const artifacts = await simclrModelArtifacts(model, benchConfig);

    expect(() => loadSimclrModel(artifacts, { expect: resnetConfig })).toThrow(
      /different architecture.*bench-cnn width 4, linear head \(5-d z\), 3 channels; expected ResNet-10 width 2/,
    );

    const other = createSimclrModel(resnetConfig, new Rng(6));
    const before = await snapshot(other.params);
    expect(() => importSimclrWeights(artifacts, other)).toThrow(ModelFileError);
    expect(() => importSimclrWeights(artifacts, other)).toThrow(/different architecture than the current model/);
    const after = await snapshot(other.params);
    for (const [name, values] of before) expect(after.get(name), name).toEqual(values);

    // Same family, other width: the stored config claims width 8, the tensors are width 4.
    const wider = { ...benchConfig, encoder: { ...benchConfig.encoder, width: 8 } };
    const forged: tf.io.ModelArtifacts = {
      ...artifacts,
      modelTopology: { ...(artifacts.modelTopology as SimclrTopology), encoder: wider.encoder },
      userDefinedMetadata: { simclr: { version: 1, config: wider } },
    };
    expect(() => loadSimclrModel(forged)).toThrow(/tensor "encoder\/conv1\/kernel" has shape \[3, 3, 3, 4\] in the file, the model needs \[3, 3, 3, 8\]/);

    // A file listing a tensor this architecture does not have.
    const extraSpecs = [...artifacts.weightSpecs!, { name: 'encoder/conv4/kernel', shape: [1], dtype: 'float32' as const }];
    const extraData = new Uint8Array(weightBuffer(artifacts).byteLength + 4);
    extraData.set(new Uint8Array(weightBuffer(artifacts)));
    expect(() => loadSimclrModel({ ...artifacts, weightSpecs: extraSpecs, weightData: extraData.buffer })).toThrow(/"encoder\/conv4\/kernel" that the bench-cnn/);

    // A missing tensor (the last spec and its bytes dropped).
    const specs = artifacts.weightSpecs!;
    const last = specs[specs.length - 1]!;
    const lastBytes = 4 * last.shape.reduce((n, d) => n * d, 1);
    expect(() => loadSimclrModel({
      ...artifacts, weightSpecs: specs.slice(0, -1), weightData: weightBuffer(artifacts).slice(0, weightBuffer(artifacts).byteLength - lastBytes),
    })).toThrow(new RegExp(`lacks 1 tensor .*"${last.name}"`));

    // Not this project's format at all.
    expect(() => loadSimclrModel({ ...artifacts, format: 'layers-model' })).toThrow(/Not a SimCLR playground model: its format is "layers-model"/);
    model.dispose();
    other.dispose();
  });

  it('refuses a truncated or padded weights buffer and non-finite values, with the byte counts', async () => {
    const model = trainedModel(resnetConfig, 7);
    const artifacts = await simclrModelArtifacts(model, resnetConfig);
    const bytes = weightBuffer(artifacts).byteLength;
    expect(() => loadSimclrModel(withWeightData(artifacts, weightBuffer(artifacts).slice(0, bytes - 6)))).toThrow(
      new RegExp(`weights file has ${bytes - 6} bytes but its manifest needs ${bytes} .*truncated`),
    );
    expect(() => loadSimclrModel(withWeightData(artifacts, new ArrayBuffer(bytes + 4)))).toThrow(
      new RegExp(`weights file has ${bytes + 4} bytes but its manifest needs ${bytes}`),
    );
    const nan = new Float32Array(weightBuffer(artifacts).slice(0));
    nan[2] = Number.NaN;
    expect(() => loadSimclrModel(withWeightData(artifacts, nan.buffer))).toThrow(/contains NaN at index 2/);
    expect(() => loadSimclrModel({ ...artifacts, weightData: undefined })).toThrow(/weights file \(weightData\) is missing/);
    const badConfig = { ...artifacts, userDefinedMetadata: { simclr: { version: 1, config: { ...resnetConfig, batchSize: 0 } } } };
    expect(() => loadSimclrModel(badConfig)).toThrow(/run configuration is not valid: batchSize/);
    model.dispose();
  });

  it('leaves the tensor count flat: saving, loading, refusing and disposing', async () => {
    const model = trainedModel(resnetConfig, 8);
    const start = tf.memory().numTensors;
    const artifacts = await saveInMemory(model, resnetConfig);
    expect(tf.memory().numTensors).toBe(start);
    const loaded = loadSimclrModel(artifacts);
    loaded.model.dispose();
    expect(tf.memory().numTensors).toBe(start);
    expect(() => loadSimclrModel(withWeightData(artifacts, weightBuffer(artifacts).slice(0, 8)))).toThrow(ModelFileError);
    expect(tf.memory().numTensors).toBe(start);
    importSimclrWeights(artifacts, model);
    expect(tf.memory().numTensors).toBe(start);
    model.dispose();
  });
});
