/**
 * The sentence under an ablation table that says whether its winner won by
 * more than chance: the best setting's kNN lead over the runner-up, with the
 * margin that sampling the held-out images alone can give (core/eval/margin.ts).
 * With 200 held-out images, two settings near 70% need to differ by about 9
 * points before the table can tell them apart.
 */
import { differenceTerms, samplingMargin } from '../../core/eval/margin';
import type { AblationSummary } from '../../state/ablationResults';
import { noiseClause, signedPoints } from '../eval/format';

/**
 * "NT-Xent leads Margin triplet by +1.3 points of kNN on h, within the ±9.0
 * that sampling 200 held-out images alone can give (95%), so at this size it
 * may be noise." "" with fewer than two scored settings.
 */
export function leadSentence(summaries: readonly AblationSummary[]): string {
  const ranked = summaries.filter((s) => Number.isFinite(s.h.knn.mean)).sort((a, b) => b.h.knn.mean - a.h.knn.mean);
  const [best, next] = ranked;
  if (!best || !next) return '';
  const lead = best.h.knn.mean - next.h.knn.mean;
  const margin = samplingMargin(differenceTerms(best.knnRuns, next.knnRuns));
  return `${best.setting} leads ${next.setting} by ${signedPoints(lead)} points of kNN on h${noiseClause(lead, margin, [...best.knnRuns, ...next.knnRuns])}.`;
}
