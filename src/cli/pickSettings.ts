/**
 * `reproduce --plan ... --settings A,B`: run only the named rows of a plan
 * (say NT-Xent and margin triplet of the loss study, at a temperature or
 * margin of one's choosing), instead of all of them.
 */

/** The runs of `queue` whose setting `names` lists (a comma-separated list; all runs when undefined), or an error naming the plan's rows. */
export function pickSettings<T extends { setting: string }>(queue: readonly T[], names: string | undefined): T[] {
  if (names === undefined) return [...queue];
  const wanted = names.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const known = [...new Set(queue.map((r) => r.setting))];
  const unknown = wanted.filter((s) => !known.includes(s));
  if (unknown.length > 0 || wanted.length === 0) {
    throw new Error(`--settings: this plan has no ${unknown.length > 0 ? unknown.map((s) => `"${s}"`).join(', ') : 'empty setting'}; its rows are ${known.map((s) => `"${s}"`).join(', ')}`);
  }
  return queue.filter((r) => wanted.includes(r.setting));
}
