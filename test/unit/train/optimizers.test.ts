import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ParamStore } from '../../../src/core/model';
import { createAdam, createLars, createSgd, type Optimizer } from '../../../src/core/train';

/** kernel [2, 2] = [[3, 0], [0, 4]] (norm 5), bias [2] = [1, 2], BN gamma [2] = [1, 1], beta [2] = [0.5, -0.5]. */
function tinyStore(): ParamStore {
  const store = new ParamStore();
  store.addParam('k', 'kernel', tf.tensor2d([[3, 0], [0, 4]]));
  store.addParam('b', 'bias', tf.tensor1d([1, 2]));
  store.addParam('g', 'bn-gamma', tf.tensor1d([1, 1]));
  store.addParam('beta', 'bn-beta', tf.tensor1d([0.5, -0.5]));
  return store;
}

function grads(): Map<string, tf.Tensor> {
  return new Map<string, tf.Tensor>([
    ['k', tf.tensor2d([[0.6, 0], [0, 0.8]])], // norm 1
    ['b', tf.tensor1d([0.5, -0.5])],
    ['g', tf.tensor1d([0.2, 0.4])],
    ['beta', tf.tensor1d([-1, 1])],
  ]);
}

async function values(store: ParamStore, name: string): Promise<number[]> {
  return Array.from(await store.param(name).variable.data());
}

function expectClose(actual: number[], expected: number[], digits = 6): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(v, `index ${i}`).toBeCloseTo(expected[i]!, digits));
}

/** Applies `steps` updates with the same gradients and lr, checks no tensor is left behind. */
function run(opt: Optimizer, lr: number, steps: number): void {
  const g = grads();
  const start = tf.memory().numTensors;
  for (let i = 0; i < steps; i++) opt.applyGradients(g, lr);
  expect(tf.memory().numTensors).toBe(start);
  tf.dispose([...g.values()]);
}

describe('LARS', () => {
  it('kernel: trust = eta |w| / |g + wd w|, v = lr trust (g + wd w), w -= v; bias and BN: plain momentum, no decay', async () => {
    const store = tinyStore();
    const lars = createLars(store, { momentum: 0.9, weightDecay: 0.1, eta: 0.01 });
    run(lars, 2, 1);
    // d = g + 0.1 w = [[0.9, 0], [0, 1.2]], |d| = 1.5, |w| = 5, trust = 0.01 * 5 / 1.5 = 1/30.
    // v = 2 / 30 * d = [[0.06, 0], [0, 0.08]]; w = [[2.94, 0], [0, 3.92]].
    expectClose(await values(store, 'k'), [2.94, 0, 0, 3.92]);
    // Excluded: v = lr g, no decay, no trust ratio.
    expectClose(await values(store, 'b'), [1 - 1, 2 + 1]);
    expectClose(await values(store, 'g'), [1 - 0.4, 1 - 0.8]);
    expectClose(await values(store, 'beta'), [0.5 + 2, -0.5 - 2]);
    expect(lars.iterations).toBe(1);

    run(lars, 2, 1);
    // Step 2: w = [[2.94, 0], [0, 3.92]], |w| = 4.9; d = [[0.6 + 0.294, 0], [0, 0.8 + 0.392]] = [[0.894, 0], [0, 1.192]], |d| = 1.49;
    // trust = 0.01 * 4.9 / 1.49; v = 0.9 v_1 + 2 trust d.
    const trust = (0.01 * 4.9) / 1.49;
    const v00 = 0.9 * 0.06 + 2 * trust * 0.894;
    const v11 = 0.9 * 0.08 + 2 * trust * 1.192;
    expectClose(await values(store, 'k'), [2.94 - v00, 0, 0, 3.92 - v11]);
    // Bias: v_2 = 0.9 * [1, -1] + 2 * [0.5, -0.5] = [1.9, -1.9].
    expectClose(await values(store, 'b'), [0 - 1.9, 3 + 1.9]);
    lars.dispose();
    store.dispose();
  });

  it('uses a trust ratio of 1 when the kernel is all zeros', async () => {
    const store = new ParamStore();
    store.addParam('k', 'kernel', tf.zeros([2]));
    const lars = createLars(store, { momentum: 0, weightDecay: 0, eta: 0.001 });
    const g = new Map([['k', tf.tensor1d([0.5, -1])]]);
    lars.applyGradients(g, 0.1);
    expectClose(await values(store, 'k'), [-0.05, 0.1]);
    tf.dispose([...g.values()]);
    lars.dispose();
    store.dispose();
  });

  it('leaves a parameter without a gradient alone and refuses unknown names', async () => {
    const store = tinyStore();
    const lars = createLars(store, { momentum: 0.9, weightDecay: 0.1, eta: 0.01 });
    const only = new Map([['b', tf.tensor1d([1, 1])]]);
    lars.applyGradients(only, 1);
    expectClose(await values(store, 'k'), [3, 0, 0, 4]);
    expectClose(await values(store, 'b'), [0, 1]);
    const unknown = new Map([['nope', tf.tensor1d([1])]]);
    expect(() => lars.applyGradients(unknown, 1)).toThrow(/nope/);
    tf.dispose([...only.values(), ...unknown.values()]);
    lars.dispose();
    store.dispose();
  });
});

describe('SGD with momentum', () => {
  it('g + wd w on kernels only, b = mu b + g, w -= lr b (two steps by hand)', async () => {
    const store = tinyStore();
    const sgd = createSgd(store, { momentum: 0.9, weightDecay: 0.1 });
    run(sgd, 0.5, 1);
    // kernel: g' = [[0.9, 0], [0, 1.2]], b = g', w = w - 0.5 b.
    expectClose(await values(store, 'k'), [3 - 0.45, 0, 0, 4 - 0.6]);
    expectClose(await values(store, 'b'), [1 - 0.25, 2 + 0.25]);
    expectClose(await values(store, 'g'), [1 - 0.1, 1 - 0.2]);
    run(sgd, 0.5, 1);
    // kernel[0][0]: w = 2.55, g' = 0.6 + 0.255 = 0.855, b = 0.81 + 0.855 = 1.665, w = 2.55 - 0.8325.
    expectClose(await values(store, 'k'), [2.55 - 0.8325, 0, 0, 3.4 - 0.5 * (0.9 * 1.2 + 0.8 + 0.34)]);
    // bias: b = 0.9 * 0.5 + 0.5 = 0.95, w = 0.75 - 0.475.
    expectClose(await values(store, 'b'), [0.75 - 0.475, 2.25 + 0.475]);
    sgd.dispose();
    store.dispose();
  });
});

describe('Adam', () => {
  it('first step moves every parameter by lr sign(g) (bias correction); decay is decoupled and on kernels only', async () => {
    const store = tinyStore();
    const adam = createAdam(store, { weightDecay: 0.1 });
    run(adam, 0.01, 1);
    // m_hat = g, v_hat = g^2, so the step is lr g / (|g| + 1e-8); kernel zeros (g = 0) do not move by Adam.
    // kernel: w (1 - 0.01 * 0.1) - 0.01 sign(g).
    expectClose(await values(store, 'k'), [3 * 0.999 - 0.01, 0, 0, 4 * 0.999 - 0.01]);
    expectClose(await values(store, 'b'), [1 - 0.01, 2 + 0.01]);
    expectClose(await values(store, 'beta'), [0.5 + 0.01, -0.5 - 0.01]);
    adam.dispose();
    store.dispose();
  });

  it('second step with a different gradient matches the bias-corrected formula', async () => {
    const store = new ParamStore();
    store.addParam('b', 'bias', tf.tensor1d([1]));
    const adam = createAdam(store);
    const g1 = new Map([['b', tf.tensor1d([0.5])]]);
    const g2 = new Map([['b', tf.tensor1d([-0.2])]]);
    adam.applyGradients(g1, 0.1);
    adam.applyGradients(g2, 0.1);
    // By hand: m1 = 0.05, v1 = 0.00025; w1 = 1 - 0.1.
    // m2 = 0.9 * 0.05 + 0.1 * -0.2 = 0.025; v2 = 0.999 * 0.00025 + 0.001 * 0.04 = 0.00028975.
    // step = 0.1 / (1 - 0.81) * m2 / (sqrt(v2) / sqrt(1 - 0.998001) + 1e-8).
    const m2 = 0.025;
    const v2 = 0.00028975;
    const expected = 0.9 - (0.1 / 0.19) * (m2 / (Math.sqrt(v2) / Math.sqrt(1 - 0.999 ** 2) + 1e-8));
    expectClose(await values(store, 'b'), [expected], 5);
    expect(adam.iterations).toBe(2);
    tf.dispose([...g1.values(), ...g2.values()]);
    adam.dispose();
    store.dispose();
  });

  it('without weight decay kernels are not shrunk', async () => {
    const store = tinyStore();
    const adam = createAdam(store);
    run(adam, 0.01, 1);
    expectClose(await values(store, 'k'), [3 - 0.01, 0, 0, 4 - 0.01]);
    adam.dispose();
    store.dispose();
  });
});

describe('optimiser state', () => {
  it('export / import restores the slots and step count, so a resumed run takes the same step', async () => {
    for (const make of [createAdam, createSgd, createLars]) {
      const a = tinyStore();
      const b = tinyStore();
      const optA = make(a, { weightDecay: 0.1 });
      const optB = make(b, { weightDecay: 0.1 });
      run(optA, 0.1, 2);
      b.importWeights(await a.exportWeights());
      optB.importState(await optA.exportState());
      expect(optB.iterations).toBe(2);
      run(optA, 0.1, 1);
      run(optB, 0.1, 1);
      for (const name of ['k', 'b', 'g', 'beta']) expectClose(await values(b, name), await values(a, name), 6);
      const wrongKind = { ...(await optA.exportState()), kind: optA.kind === 'adam' ? ('sgd' as const) : ('adam' as const) };
      expect(() => optB.importState(wrongKind)).toThrow(/state is for/);
      optA.dispose();
      optB.dispose();
      a.dispose();
      b.dispose();
    }
  });

  it('dispose frees every slot', () => {
    const store = tinyStore();
    const start = tf.memory().numTensors;
    for (const make of [createAdam, createSgd, createLars]) make(store).dispose();
    expect(tf.memory().numTensors).toBe(start);
    store.dispose();
  });
});
