import { describe, expect, it } from 'vitest';
import { pickSettings } from '../../../src/cli/pickSettings';

const queue = [
  { setting: 'NT-Xent', seed: 0 }, { setting: 'NT-Logistic', seed: 0 }, { setting: 'Margin triplet', seed: 0 },
  { setting: 'NT-Xent', seed: 1 }, { setting: 'NT-Logistic', seed: 1 }, { setting: 'Margin triplet', seed: 1 },
];

describe('reproduce --settings with a plan', () => {
  it('keeps every run without the flag', () => {
    expect(pickSettings(queue, undefined)).toEqual(queue);
  });

  it('keeps the named rows of every seed, in the queue order', () => {
    expect(pickSettings(queue, 'Margin triplet, NT-Xent')).toEqual([queue[0], queue[2], queue[3], queue[5]]);
  });

  it('names the unknown setting and lists the plan rows', () => {
    expect(() => pickSettings(queue, 'NT-Xent,NT-Xnet')).toThrow('--settings: this plan has no "NT-Xnet"; its rows are "NT-Xent", "NT-Logistic", "Margin triplet"');
    expect(() => pickSettings(queue, ' , ')).toThrow(/no empty setting/);
  });
});
