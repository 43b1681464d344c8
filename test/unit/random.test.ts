import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/random';

describe('Rng', () => {
  it('the same seed gives the same stream, another seed another', () => {
    const a = new Rng(42), b = new Rng(42), c = new Rng(43);
    const sa = Array.from({ length: 50 }, () => a.nextUint32());
    expect(Array.from({ length: 50 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 50 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('uniform, int and logUniform stay in range with the right mean', () => {
    const rng = new Rng(1);
    let sum = 0;
    for (let i = 0; i < 20000; i++) {
      const u = rng.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
      const k = rng.int(3, 7);
      expect(Number.isInteger(k) && k >= 3 && k < 7).toBe(true);
      const r = rng.logUniform(0.75, 4 / 3);
      expect(r >= 0.75 && r <= 4 / 3).toBe(true);
    }
    // mean of U(0,1) over 20000 draws: standard error 0.002
    expect(Math.abs(sum / 20000 - 0.5)).toBeLessThan(0.01);
  });

  it('normal has mean 0 and variance 1', () => {
    const rng = new Rng(5);
    const xs = Array.from({ length: 20000 }, () => rng.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
  });

  it('permutation is a permutation', () => {
    const p = new Rng(2).permutation(100);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('a saved state resumes the exact stream; a fork does not shift the parent', () => {
    const rng = new Rng(9);
    rng.uniform();
    const state = rng.getState();
    const next = [rng.uniform(), rng.uniform()];
    rng.setState(state);
    expect([rng.uniform(), rng.uniform()]).toEqual(next);

    const a = new Rng(3), b = new Rng(3);
    a.fork();
    b.nextUint32();
    expect(a.uniform()).toBe(b.uniform());
  });

  it('rejects a non-finite seed', () => {
    expect(() => new Rng(Number.NaN)).toThrow(/seed/);
  });

  it('src/core never calls Math.random', () => {
    const root = fileURLToPath(new URL('../../src/core', import.meta.url));
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && /Math\.random\s*\(/.test(readFileSync(path, 'utf8'))) offenders.push(path);
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
