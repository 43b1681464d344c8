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

/** A cosine similarity: "0.93". */
export function cosine(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : '–';
}
