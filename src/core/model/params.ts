import * as tf from '@tensorflow/tfjs-core';

/**
 * What a trainable parameter is for. Optimisers read it: weight decay and LARS
 * layer adaptation apply to 'kernel' only; biases and batch-norm gamma / beta are
 * excluded (as google-research/simclr excludes 'bias' and 'batch_normalization').
 */
export type ParamRole = 'kernel' | 'bias' | 'bn-gamma' | 'bn-beta';

/** One trainable tensor of the model with its project-wide name, e.g. `encoder/stage2/block0/conv1/kernel`. */
export interface Param {
  readonly name: string;
  readonly role: ParamRole;
  readonly variable: tf.Variable;
}

/** A non-trainable tensor of the model (batch-norm moving mean or variance). */
export interface Stat {
  readonly name: string;
  readonly variable: tf.Variable;
}

/** One saved tensor: its shape and its float32 values in row-major order. */
export interface NamedArray {
  shape: number[];
  values: Float32Array;
}

/** Saved weights of a model: parameter and statistic names to values. */
export type NamedWeights = Record<string, NamedArray>;

/** True for the roles that get weight decay and LARS trust ratios. */
export function isDecayedRole(role: ParamRole): boolean {
  return role === 'kernel';
}

/**
 * The named parameter store of one model: trainable `tf.Variable`s with a name
 * and a role, and the non-trainable batch-norm moving statistics.
 *
 * Names are ours (`encoder/stem/conv/kernel`); tfjs gives each variable its own
 * unique engine name, so two models may live side by side. `paramNameOf` maps an
 * engine name (the key `tf.variableGrads` returns) back to ours.
 */
export class ParamStore {
  private readonly params = new Map<string, Param>();
  private readonly stats = new Map<string, Stat>();
  private readonly byEngineName = new Map<string, string>();

  /** Adds a trainable variable initialised from `initial` (which the store takes over and disposes). */
  addParam(name: string, role: ParamRole, initial: tf.Tensor): tf.Variable {
    this.assertNew(name);
    const variable = tf.variable(initial, true);
    initial.dispose();
    this.params.set(name, { name, role, variable });
    this.byEngineName.set(variable.name, name);
    return variable;
  }

  /** Adds a non-trainable variable (a moving statistic) initialised from `initial` (taken over). */
  addStat(name: string, initial: tf.Tensor): tf.Variable {
    this.assertNew(name);
    const variable = tf.variable(initial, false);
    initial.dispose();
    this.stats.set(name, { name, variable });
    return variable;
  }

  /** The trainable parameter called `name`; throws if there is none. */
  param(name: string): Param {
    const p = this.params.get(name);
    if (p === undefined) throw new Error(`ParamStore: no parameter named "${name}"`);
    return p;
  }

  /** The statistic called `name`; throws if there is none. */
  stat(name: string): Stat {
    const s = this.stats.get(name);
    if (s === undefined) throw new Error(`ParamStore: no statistic named "${name}"`);
    return s;
  }

  /** Our name of the variable whose tfjs engine name is `engineName`, or undefined. */
  paramNameOf(engineName: string): string | undefined {
    return this.byEngineName.get(engineName);
  }

  /** Trainable parameters in creation order. */
  trainable(): Param[] {
    return [...this.params.values()];
  }

  /** Moving statistics in creation order. */
  statistics(): Stat[] {
    return [...this.stats.values()];
  }

  /** The trainable variables, in creation order (the var list for `tf.variableGrads`). */
  trainableVariables(): tf.Variable[] {
    return this.trainable().map((p) => p.variable);
  }

  /** Number of trainable scalars (what PyTorch's `sum(p.numel())` counts). */
  countTrainable(): number {
    return this.trainable().reduce((n, p) => n + p.variable.size, 0);
  }

  /** Number of non-trainable scalars (batch-norm moving statistics). */
  countStats(): number {
    return this.statistics().reduce((n, s) => n + s.variable.size, 0);
  }

  /** Copies every parameter and statistic to the host (asynchronously, safe on GPU backends). */
  async exportWeights(): Promise<NamedWeights> {
    const out: NamedWeights = {};
    const all: Array<{ name: string; variable: tf.Variable }> = [...this.trainable(), ...this.statistics()];
    const arrays = await Promise.all(all.map((e) => e.variable.data()));
    all.forEach((e, i) => {
      out[e.name] = { shape: [...e.variable.shape], values: Float32Array.from(arrays[i] as Float32Array) };
    });
    return out;
  }

  /**
   * Overwrites every parameter and statistic with the saved values. All names
   * must be present with the same shapes; throws naming the first mismatch
   * before anything is changed.
   */
  importWeights(weights: NamedWeights): void {
    const all: Array<{ name: string; variable: tf.Variable }> = [...this.trainable(), ...this.statistics()];
    for (const e of all) {
      const w = weights[e.name];
      if (w === undefined) throw new Error(`importWeights: missing "${e.name}"`);
      const expected = e.variable.shape;
      if (w.shape.length !== expected.length || w.shape.some((d, i) => d !== expected[i])) {
        throw new Error(`importWeights: "${e.name}" has shape [${w.shape.join(', ')}], expected [${expected.join(', ')}]`);
      }
      if (w.values.length !== e.variable.size) {
        throw new Error(`importWeights: "${e.name}" has ${w.values.length} values, expected ${e.variable.size}`);
      }
    }
    for (const e of all) {
      const w = weights[e.name]!;
      tf.tidy(() => e.variable.assign(tf.tensor(w.values, w.shape, 'float32')));
    }
  }

  /** Disposes every variable; the store is empty afterwards. */
  dispose(): void {
    for (const p of this.params.values()) p.variable.dispose();
    for (const s of this.stats.values()) s.variable.dispose();
    this.params.clear();
    this.stats.clear();
    this.byEngineName.clear();
  }

  private assertNew(name: string): void {
    if (this.params.has(name) || this.stats.has(name)) throw new Error(`ParamStore: "${name}" already exists`);
  }
}
