/**
 * `npm run reproduce -- --check`: the verdict CI relies on, that SimCLR
 * training beats a random-init encoder on the same data.
 */

/** The fields of a reproduce row the check reads (accuracies in [0, 1]). */
export interface CheckRow {
  dataset: string;
  setting: string;
  knn: number;
  probe: number;
  knn_z: number;
  probe_z: number;
  /** Set on ablation-plan rows, which the check ignores. */
  plan?: string;
}

export const CHECK_METRICS = ['knn', 'probe', 'knn_z', 'probe_z'] as const;
export type CheckMetric = (typeof CHECK_METRICS)[number];

/**
 * `--check`: per dataset, every trained setting's mean `metric` must exceed
 * random-init's mean by more than `margin` (a fraction of 1).
 */
export function checkAboveRandomInit(rows: readonly CheckRow[], metric: CheckMetric, margin: number): { ok: boolean; lines: string[] } {
  const lines: string[] = [];
  let ok = true;
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  for (const dataset of new Set(rows.map((r) => r.dataset))) {
    const of = (setting: string) => rows.filter((r) => r.dataset === dataset && r.setting === setting && r.plan === undefined);
    const baseline = of('random-init');
    if (baseline.length === 0) {
      lines.push(`check: ${dataset} has no random-init rows to compare with (add random-init to --settings)`);
      ok = false;
      continue;
    }
    const base = mean(baseline.map((r) => r[metric]));
    for (const setting of new Set(rows.filter((r) => r.dataset === dataset && r.setting !== 'random-init' && r.plan === undefined).map((r) => r.setting))) {
      const trained = mean(of(setting).map((r) => r[metric]));
      const pass = trained - base > margin;
      ok &&= pass;
      lines.push(`check ${pass ? 'passed' : 'FAILED'}: ${dataset} ${setting} ${metric} ${(100 * trained).toFixed(1)}% vs random-init ${(100 * base).toFixed(1)}% (needs more than +${(100 * margin).toFixed(1)} points)`);
    }
  }
  return { ok, lines };
}
