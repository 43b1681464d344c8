/**
 * The loss chart's chance line follows the configured loss (core/loss/chance),
 * and the page reaches it without importing tfjs.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chanceLoss as coreChanceLoss } from '../../../src/core/loss';
import { chanceLoss, LOSS_NAMES, resolveLoss } from '../../../src/core/loss/chance';
import { lossChance } from '../../../src/ui/charts/lossChance';

const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

describe('the loss chart\'s chance line', () => {
  it('NT-Xent: ln(2N - 1), labelled with the loss', () => {
    const c = lossChance({ kind: 'nt-xent', temperature: 0.2, normalize: true }, 32);
    expect(c.y).toBeCloseTo(Math.log(63), 12);
    expect(c.title).toBe('Loss (NT-Xent)');
    expect(c.label).toBe('NT-Xent chance ln(63)');
    expect(c.note).toBe('NT-Xent chance: ln(2N − 1) = 4.14 nats');
    // A config saved before loss.kind existed is NT-Xent.
    expect(lossChance({ temperature: 0.5, normalize: true }, 8)).toMatchObject({ y: Math.log(15), label: 'NT-Xent chance ln(15)' });
  });

  it('NT-Logistic: softplus(-1/tau) + softplus(1/tau), whatever N', () => {
    for (const n of [4, 32, 256]) {
      const c = lossChance({ kind: 'nt-logistic', temperature: 0.2, normalize: true }, n);
      expect(c.y).toBeCloseTo(softplus(-5) + softplus(5), 12);
      expect(c.title).toBe('Loss (NT-Logistic)');
      expect(c.label).toBe('NT-Logistic chance 5.01');
      expect(c.note).toMatch(/= 5\.01 nats at τ = 0\.2$/);
    }
    // Without normalisation all-alike views score by their length: no line.
    const raw = lossChance({ kind: 'nt-logistic', temperature: 0.2, normalize: false }, 32);
    expect(raw.y).toBeUndefined();
    expect(raw.note).toMatch(/no fixed chance level/);
  });

  it('margin triplet: the margin, the default 0.5 when none is set', () => {
    expect(lossChance({ kind: 'margin-triplet', temperature: 0.5, normalize: true, margin: 0.8 }, 32)).toMatchObject({
      y: 0.8, title: 'Loss (Margin triplet)', label: 'Margin triplet chance m = 0.8',
    });
    expect(lossChance({ kind: 'margin-triplet', temperature: 0.5, normalize: true }, 32).y).toBe(0.5);
  });

  it('core/loss re-exports the same pure functions', () => {
    expect(coreChanceLoss).toBe(chanceLoss);
    expect(resolveLoss({ temperature: 0.3, normalize: true })).toEqual({ kind: 'nt-xent', temperature: 0.3, normalize: true, margin: 0.5, semiHard: false });
    expect(Object.keys(LOSS_NAMES).sort()).toEqual(['margin-triplet', 'nt-logistic', 'nt-xent']);
  });
});

/** Every module `entry` imports at run time (type-only imports are erased), following relative paths. */
function runtimeImports(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    const re = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
    for (const m of source.matchAll(re)) {
      if (m[1]) continue;
      const spec = m[2]!;
      if (!spec.startsWith('.')) {
        packages.add(spec);
        continue;
      }
      const base = resolve(dirname(file), spec);
      const found = ['.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((p) => {
        try {
          readFileSync(p);
          return true;
        } catch {
          return false;
        }
      });
      if (found) visit(found);
    }
  };
  visit(resolve(entry));
  return { files: [...files], packages: [...packages] };
}

describe('no tfjs on the page\'s side', () => {
  it('the charts and the model text reach the chance level without tfjs', () => {
    for (const entry of ['src/core/loss/chance.ts', 'src/ui/charts/lossChance.ts', 'src/ui/charts/Charts.tsx', 'src/ui/model/modelText.ts']) {
      const { files, packages } = runtimeImports(entry);
      expect(packages.filter((p) => p.includes('tensorflow')), entry).toEqual([]);
      expect(files.some((f) => f.endsWith('src/core/loss/contrastive.ts')), entry).toBe(false);
    }
    // The walk does see tfjs where it is.
    expect(runtimeImports('src/core/loss/contrastive.ts').packages).toContain('@tensorflow/tfjs-core');
  });
});
