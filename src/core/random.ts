/**
 * Seeded pseudo-random numbers for everything in `src/core` that is random.
 *
 * One generator is created from the run's seed and passed explicitly to whatever
 * needs randomness (augmentation parameters, weight initialisation, batch
 * sampling), so the same config and seed replay the same run. `Math.random` is
 * never used in core.
 *
 * The algorithm is xoshiro128** (Blackman and Vigna), seeded through splitmix32:
 * 128 bits of state, 32-bit outputs, fast in JavaScript's 32-bit integer maths.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** @param seed any finite number; its integer part (mod 2^32) picks the stream. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Rng: seed must be a finite number, got ${seed}`);
    let x = (Math.trunc(seed) >>> 0) ^ 0x9e3779b9;
    const next = (): number => {
      // splitmix32 step
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next raw 32-bit unsigned integer in [0, 2^32). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform float in [lo, hi); [0, 1) by default. 32 bits of resolution. */
  uniform(lo = 0, hi = 1): number {
    return lo + (hi - lo) * (this.nextUint32() / 4294967296);
  }

  /** Uniform integer in [lo, hiExclusive). */
  int(lo: number, hiExclusive: number): number {
    if (!(hiExclusive > lo)) throw new Error(`Rng.int: empty range [${lo}, ${hiExclusive})`);
    return lo + Math.floor(this.uniform() * (hiExclusive - lo));
  }

  /** True with probability p (p is clamped to [0, 1]). */
  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** exp(U(ln lo, ln hi)): uniform on a log scale, as for crop aspect ratios. */
  logUniform(lo: number, hi: number): number {
    return Math.exp(this.uniform(Math.log(lo), Math.log(hi)));
  }

  /** Standard normal sample (Box-Muller), scaled: mean + std * N(0, 1). */
  normal(mean = 0, std = 1): number {
    let u = this.uniform();
    while (u <= 0) u = this.uniform();
    const v = this.uniform();
    return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A random permutation of 0..n-1 (Fisher-Yates). */
  permutation(n: number): number[] {
    const out = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      const tmp = out[i]!;
      out[i] = out[j]!;
      out[j] = tmp;
    }
    return out;
  }

  /**
   * An integer seed for tfjs's own seeded ops (`tf.randomNormal(shape, 0, 1, 'float32', seed)`),
   * drawn from this stream so those ops are reproducible too.
   */
  tfSeed(): number {
    return this.nextUint32() % 2147483647;
  }

  /** A new independent generator seeded from this one (for a sub-task that must not shift this stream). */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }

  /** The full internal state, to save a run and resume it exactly. */
  getState(): [number, number, number, number] {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  /** Restores a state returned by `getState`. */
  setState(state: readonly [number, number, number, number]): void {
    [this.s0, this.s1, this.s2, this.s3] = state.map((v) => v >>> 0) as [number, number, number, number];
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
