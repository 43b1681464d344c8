/** How the evaluation panels write accuracies and similarities. */

/** 0.834 -> "83%"; "–" for a missing value. */
export function percent(x: number | null | undefined, digits = 0): string {
  return x !== null && x !== undefined && Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '–';
}

/** The difference of two accuracies in percentage points: "+23 pts", "−4 pts". */
export function points(a: number, b: number): string {
  const d = (a - b) * 100;
  if (!Number.isFinite(d)) return '–';
  const r = Math.round(d);
  return `${r > 0 ? '+' : r < 0 ? '−' : '±'}${Math.abs(r)} pts`;
}

/** A difference of two accuracies (fractions), in points with its sign and one decimal: 0.058 -> "+5.8", -0.012 -> "−1.2". */
export function signedPoints(difference: number): string {
  return `${difference >= 0 ? '+' : '−'}${Math.abs(difference * 100).toFixed(1)}`;
}

/** A margin (fraction) as " ± 9.1" points; "" when it is not known (NaN). */
export function plusMinus(margin: number): string {
  return Number.isFinite(margin) ? ` ± ${(margin * 100).toFixed(1)}` : '';
}

/** "200 held-out images", or "180 to 200 held-out images" when the runs held out different counts; "" when a run did not say. */
export function heldOutImages(runs: readonly { tested?: number | undefined }[]): string {
  const counts = runs.map((r) => r.tested);
  if (counts.length === 0 || counts.some((n) => n === undefined)) return '';
  const lo = Math.min(...(counts as number[]));
  const hi = Math.max(...(counts as number[]));
  return `${lo === hi ? lo : `${lo} to ${hi}`} held-out images`;
}

/**
 * How a difference (fraction) compares with its 95% margin from held-out
 * sampling (core/eval/margin.ts), as a clause to end a sentence with:
 * ", within the ±12.6 that sampling 200 held-out images alone can give (95%),
 * so at this size it may be noise", or ", more than the ±3.1 that ...".
 * "" when the margin is not known.
 */
export function noiseClause(difference: number, margin: number, runs: readonly { tested?: number | undefined }[]): string {
  const images = heldOutImages(runs);
  if (!Number.isFinite(margin) || !Number.isFinite(difference) || images === '') return '';
  const what = `the ±${(margin * 100).toFixed(1)} that sampling ${images} alone can give (95%)`;
  return Math.abs(difference) <= margin ? `, within ${what}, so at this size it may be noise` : `, more than ${what}`;
}

/** A cosine similarity: "0.93". */
export function cosine(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : '–';
}
