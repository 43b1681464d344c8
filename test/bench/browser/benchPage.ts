/**
 * The browser side of `npm run bench -- --browser`: starts a backend the way the
 * worker does (probe, choose, activate, checking what tfjs really runs on) and
 * times the bench-cnn step there. 'auto' measures the backend the app would pick.
 */
import { activateBackend } from '../../../src/core/backend/activate';
import { chooseBackend } from '../../../src/core/backend/choose';
import { probeBackends } from '../../../src/core/backend/probe';
import { runBenchStep, type BenchResult } from '../benchStep';

declare global {
  interface Window {
    runBench(backend: string, batch: number, size: number, steps: number): Promise<BenchResult & { reason: string; requested: string }>;
  }
}

window.runBench = async (backend, batch, size, steps) => {
  const probe = await probeBackends();
  const choice = chooseBackend(probe, backend === 'auto' ? undefined : backend);
  const active = await activateBackend(choice);
  const result = await runBenchStep(batch, size, steps, 1);
  return { ...result, reason: active.reason, requested: backend };
};
