import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerKind } from '../config';
import type { NamedWeights, Param, ParamStore } from '../model/params';

/** Gradients keyed by the model's parameter names (`ParamStore` names, not tfjs engine names). */
export type GradientMap = Map<string, tf.Tensor> | tf.NamedTensorMap;

/** An optimiser's saved state: its step count and every slot (moment, velocity) by `${param}/${slot}`. */
export interface OptimizerState {
  kind: OptimizerKind;
  /** Updates applied so far. */
  iterations: number;
  slots: NamedWeights;
}

/**
 * Updates a model's parameters from their gradients. Implementations keep
 * their slots as non-trainable variables, update inside `tf.tidy` with
 * `variable.assign`, and leave no tensors behind.
 */
export interface Optimizer {
  readonly kind: OptimizerKind;
  /** Updates applied so far. */
  readonly iterations: number;
  /**
   * One update of every parameter that has a gradient in `grads` (others are
   * left alone). The gradients are read, not disposed.
   * @param lr learning rate of this step (from `learningRateAt`).
   */
  applyGradients(grads: GradientMap, lr: number): void;
  /** Copies the state to the host (asynchronously, safe on GPU backends). */
  exportState(): Promise<OptimizerState>;
  /** Restores a state from `exportState` of an optimiser of the same kind on the same model. */
  importState(state: OptimizerState): void;
  /** Frees the slots. */
  dispose(): void;
}

/**
 * Each parameter of `params` paired with its gradient, in the store's order;
 * parameters without a gradient are skipped. Throws on a gradient whose name
 * is not a parameter (for example a tfjs engine name that was not translated).
 */
export function pairGradients(params: ParamStore, grads: GradientMap): Array<{ param: Param; grad: tf.Tensor }> {
  const lookup = grads instanceof Map ? (n: string) => grads.get(n) : (n: string) => grads[n];
  const names = grads instanceof Map ? [...grads.keys()] : Object.keys(grads);
  const known = new Set(params.trainable().map((p) => p.name));
  for (const n of names) if (!known.has(n)) throw new Error(`applyGradients: "${n}" is not a parameter of this model`);
  const out: Array<{ param: Param; grad: tf.Tensor }> = [];
  for (const param of params.trainable()) {
    const grad = lookup(param.name);
    if (grad !== undefined && grad !== null) out.push({ param, grad });
  }
  return out;
}

/**
 * Per-parameter state tensors (Adam's moments, momentum buffers), one zero
 * variable per parameter and slot name, created up front so the tensor count
 * does not change after construction.
 */
export class SlotStore {
  private readonly slots = new Map<string, tf.Variable>();

  constructor(params: ParamStore, readonly slotNames: readonly string[]) {
    for (const p of params.trainable()) {
      for (const s of slotNames) {
        const zeros = tf.zerosLike(p.variable);
        this.slots.set(key(p.name, s), tf.variable(zeros, false));
        zeros.dispose();
      }
    }
  }

  /** The `slot` variable of parameter `param`. */
  get(param: string, slot: string): tf.Variable {
    const v = this.slots.get(key(param, slot));
    if (v === undefined) throw new Error(`SlotStore: no slot "${slot}" for "${param}"`);
    return v;
  }

  async export(): Promise<NamedWeights> {
    const entries = [...this.slots.entries()];
    const arrays = await Promise.all(entries.map(([, v]) => v.data()));
    const out: NamedWeights = {};
    entries.forEach(([name, v], i) => {
      out[name] = { shape: [...v.shape], values: Float32Array.from(arrays[i] as Float32Array) };
    });
    return out;
  }

  /** Overwrites every slot; throws before changing anything if one is missing or has the wrong size. */
  import(saved: NamedWeights): void {
    for (const [name, v] of this.slots) {
      const s = saved[name];
      if (s === undefined) throw new Error(`importState: missing slot "${name}"`);
      if (s.values.length !== v.size) throw new Error(`importState: slot "${name}" has ${s.values.length} values, expected ${v.size}`);
    }
    for (const [name, v] of this.slots) {
      const s = saved[name]!;
      tf.tidy(() => v.assign(tf.tensor(s.values, v.shape, 'float32')));
    }
  }

  dispose(): void {
    for (const v of this.slots.values()) v.dispose();
    this.slots.clear();
  }
}

/**
 * One optimiser's rule for one parameter: update `param` in place from `grad`.
 * `slot(name)` gives the parameter's state variables, `lr` the step's learning
 * rate, `t` the update count (1 on the first update). Runs inside `tf.tidy`.
 */
export type ParamUpdate = (param: Param, grad: tf.Tensor, slot: (name: string) => tf.Variable, lr: number, t: number) => void;

/**
 * The shell every optimiser here shares: zeroed slots per parameter, the update
 * count, state export and import, dispose. `update` is the optimiser's own rule.
 */
export function slotOptimizer(kind: OptimizerKind, params: ParamStore, slotNames: readonly string[], update: ParamUpdate): Optimizer {
  const slots = new SlotStore(params, slotNames);
  let t = 0;
  return {
    kind,
    get iterations() {
      return t;
    },
    applyGradients(grads, lr) {
      const pairs = pairGradients(params, grads);
      t += 1;
      tf.tidy(() => {
        for (const { param, grad } of pairs) update(param, grad, (name) => slots.get(param.name, name), lr, t);
      });
    },
    async exportState() {
      return { kind, iterations: t, slots: await slots.export() };
    },
    importState(state) {
      assertStateKind(state, kind);
      slots.import(state.slots);
      t = state.iterations;
    },
    dispose: () => slots.dispose(),
  };
}

/** Checks a state's kind before importing it. */
export function assertStateKind(state: OptimizerState, kind: OptimizerKind): void {
  if (state.kind !== kind) throw new Error(`importState: state is for '${state.kind}', this optimiser is '${kind}'`);
  if (!Number.isInteger(state.iterations) || state.iterations < 0) {
    throw new Error(`importState: iterations must be an integer >= 0, got ${state.iterations}`);
  }
}

function key(param: string, slot: string): string {
  return `${param}/${slot}`;
}
