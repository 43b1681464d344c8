/**
 * Colours of classes on the map: Tableau's 10 categorical colours (readable on
 * light and dark panels), then evenly spaced hues; grey for an unknown label.
 */
const TABLEAU10 = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export const UNLABELLED_COLOUR = '#8c959f';

export function classColour(label: number): string {
  if (label < 0 || !Number.isInteger(label)) return UNLABELLED_COLOUR;
  if (label < TABLEAU10.length) return TABLEAU10[label]!;
  const hue = Math.round((label * 137.508) % 360);
  return `hsl(${hue} 65% 55%)`;
}
