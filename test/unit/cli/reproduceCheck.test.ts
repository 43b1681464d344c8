import { describe, expect, it } from 'vitest';
import { checkAboveRandomInit, type CheckRow } from '../../../src/cli/reproduceCheck';

const row = (dataset: string, setting: string, knn: number, probe = knn): CheckRow => ({ dataset, setting, knn, probe, knn_z: knn, probe_z: probe });

describe('reproduce --check', () => {
  it('passes when every trained setting beats random init by more than the margin, on the mean over seeds', () => {
    const rows = [row('shapes', 'random-init', 0.2), row('shapes', 'random-init', 0.22), row('shapes', 'crop+colour', 0.3), row('shapes', 'crop+colour', 0.28)];
    const verdict = checkAboveRandomInit(rows, 'knn', 0.05);
    expect(verdict.ok).toBe(true);
    expect(verdict.lines).toEqual(['check passed: shapes crop+colour knn 29.0% vs random-init 21.0% (needs more than +5.0 points)']);
  });

  it('fails when one setting does not clear the margin, naming it', () => {
    const rows = [row('shapes', 'random-init', 0.2), row('shapes', 'crop', 0.22), row('shapes', 'crop+colour', 0.4)];
    const verdict = checkAboveRandomInit(rows, 'knn', 0.05);
    expect(verdict.ok).toBe(false);
    expect(verdict.lines.find((l) => l.includes(' crop '))).toMatch(/^check FAILED/);
  });

  it('reads the chosen metric and checks each dataset against its own baseline', () => {
    const rows = [row('shapes', 'random-init', 0.2, 0.25), row('shapes', 'crop+colour', 0.21, 0.45), row('mnist', 'random-init', 0.8, 0.8), row('mnist', 'crop+colour', 0.7, 0.9)];
    expect(checkAboveRandomInit(rows, 'probe', 0.05).ok).toBe(true);
    expect(checkAboveRandomInit(rows, 'knn', 0).ok).toBe(false);
  });

  it('fails without a random-init baseline and ignores ablation-plan rows', () => {
    expect(checkAboveRandomInit([row('shapes', 'crop+colour', 0.9)], 'knn', 0).ok).toBe(false);
    const rows = [row('shapes', 'random-init', 0.2), row('shapes', 'crop+colour', 0.3), { ...row('shapes', 'tau = 0.1', 0.1), plan: 'temperature' }];
    expect(checkAboveRandomInit(rows, 'knn', 0.05).ok).toBe(true);
  });
});
