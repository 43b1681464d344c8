/** Placeholder replaced below once the browser runner lands. */
import type { BenchResult } from './benchStep';
export async function runBrowserBench(_backends: string[], _batch: number, _size: number, _steps: number): Promise<(BenchResult & { where: string })[]> {
  throw new Error('--browser is not wired up yet');
}
