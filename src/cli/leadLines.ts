/**
 * What `npm run reproduce -- --plan ...` prints under its table: the best
 * setting's kNN accuracy on h against each other setting's, per dataset, with
 * the 95% margin that sampling the held-out images alone allows
 * (core/eval/margin.ts). Rows of one seed share the held-out split, so where
 * they carry `hits` the margins pair them image by image; otherwise they are
 * the independent (wider) ones.
 */
import { differenceTerms, measuredRun, samplingMargin, type MeasuredAccuracy } from '../core/eval/margin';

/** The fields of a reproduce row the lines read (kNN in [0, 1]). */
export interface LeadRow {
  dataset: string;
  setting: string;
  seed: number;
  knn: number;
  tested: number;
  hits?: string;
}

/**
 * One block per dataset with two or more settings, e.g. (the loss study,
 * seed 0, 800 steps on 4000 Fashion-MNIST images; README):
 *
 *     fashion-mnist: Margin triplet (kNN on h 79.6%) against each other setting, in points (± 95% from sampling 1000 held-out images, paired by image):
 *       NT-Xent: +0.5 ± 1.8, within sampling noise
 *       Margin triplet (sh): +1.1 ± 1.8, within sampling noise
 *
 * Settings keep their first-seen order; the best is the highest mean over seeds.
 */
export function leadLines(rows: readonly LeadRow[]): string[] {
  const out: string[] = [];
  for (const dataset of [...new Set(rows.map((r) => r.dataset))]) {
    const settings = new Map<string, MeasuredAccuracy[]>();
    for (const r of rows) {
      if (r.dataset !== dataset || !Number.isFinite(r.knn)) continue;
      const runs = settings.get(r.setting) ?? [];
      runs.push(measuredRun(r, r.knn));
      settings.set(r.setting, runs);
    }
    if (settings.size < 2) continue;
    const mean = (runs: readonly MeasuredAccuracy[]) => runs.reduce((s, r) => s + r.accuracy, 0) / runs.length;
    const [best, bestRuns] = [...settings.entries()].reduce((a, b) => (mean(b[1]) > mean(a[1]) ? b : a));
    const all = [...settings.values()].flat();
    const counts = [...new Set(all.map((r) => r.tested))].join(' / ');
    const paired = all.every((r) => r.hits !== undefined && r.hits.length === r.tested);
    out.push(`${dataset}: ${best} (kNN on h ${percent(mean(bestRuns))}%) against each other setting, in points (± 95% from sampling ${counts} held-out images, ${paired ? 'paired by image' : 'as independent'}):`);
    for (const [setting, runs] of settings) {
      if (setting === best) continue;
      const lead = mean(bestRuns) - mean(runs);
      const margin = samplingMargin(differenceTerms(bestRuns, runs));
      const verdict = !Number.isFinite(margin) ? '' : lead > margin ? ', beyond sampling noise' : ', within sampling noise';
      out.push(`  ${setting}: ${lead >= 0 ? '+' : ''}${percent(lead)}${Number.isFinite(margin) ? ` ± ${percent(margin)}` : ''}${verdict}`);
    }
  }
  return out;
}

function percent(x: number): string {
  return (100 * x).toFixed(1);
}
