/**
 * A config seen as a flat list of leaves addressed by dotted paths
 * ("augment.colorJitter.strength"). The URL hash, the diff sent to the worker
 * and field-level error messages all use these paths.
 */
import type { ConfigPatch, TrainConfig } from '../core/config';

export type Leaf = number | string | boolean;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every leaf of `value` with its dotted path, in key order. */
export function flattenLeaves(value: unknown, prefix = ''): [string, Leaf][] {
  const out: [string, Leaf][] = [];
  if (!isRecord(value)) return out;
  for (const [key, child] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isRecord(child)) out.push(...flattenLeaves(child, path));
    else if (typeof child === 'number' || typeof child === 'string' || typeof child === 'boolean') out.push([path, child]);
  }
  return out;
}

/** The leaf at `path`, or undefined when there is none. */
export function leafAt(value: unknown, path: string): Leaf | undefined {
  let node: unknown = value;
  for (const key of path.split('.')) {
    if (!isRecord(node) || !(key in node)) return undefined;
    node = node[key];
  }
  return typeof node === 'number' || typeof node === 'string' || typeof node === 'boolean' ? node : undefined;
}

/** A patch holding the given leaves, nested by path. */
export function patchFromLeaves(entries: Iterable<[string, Leaf]>): ConfigPatch {
  const root: Record<string, unknown> = {};
  for (const [path, leaf] of entries) {
    const keys = path.split('.');
    let node = root;
    keys.forEach((key, i) => {
      if (i === keys.length - 1) {
        node[key] = leaf;
        return;
      }
      const next = node[key];
      if (isRecord(next)) node = next;
      else {
        const created: Record<string, unknown> = {};
        node[key] = created;
        node = created;
      }
    });
  }
  return root as ConfigPatch;
}

/** The leaves of `next` that differ from `base`, as a patch (empty object when equal). */
export function diffConfig(base: TrainConfig, next: TrainConfig): ConfigPatch {
  return patchFromLeaves(flattenLeaves(next).filter(([path, leaf]) => leafAt(base, path) !== leaf));
}

export function isEmptyPatch(patch: ConfigPatch): boolean {
  return flattenLeaves(patch).length === 0;
}

/** True when both have the same leaves with the same values. */
export function leavesEqual(a: unknown, b: unknown): boolean {
  const la = flattenLeaves(a);
  const lb = flattenLeaves(b);
  return la.length === lb.length && la.every(([path, leaf]) => leafAt(b, path) === leaf);
}
