/**
 * `npm run bench`: the bench-cnn training step on each backend asked for, one
 * JSON object per line. Adds the PyTorch CPU peer (shared/bench/torch_reference.py,
 * one thread) when /usr/bin/python3 can import torch, and each backend's ratio
 * to it. `--browser` also measures webgpu, webgl and wasm in headless Chromium.
 *
 *   npm run bench -- --backends cpu,wasm --batch 32 --size 32 --steps 10 [--browser]
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setupNodeBackend, type NodeBackendName } from '../../src/core/backend/node';
import { runBenchStep, type BenchResult } from './benchStep';
import { runBrowserBench } from './browserBench';

const HELP = `Usage: npm run bench -- [--backends cpu,wasm] [--batch 32] [--size 32] [--steps 10] [--cpu-steps 3] [--browser] [--browser-backends webgpu,webgl,wasm]`;

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'wasm,cpu' },
    batch: { type: 'string', default: '32' },
    size: { type: 'string', default: '32' },
    steps: { type: 'string', default: '10' },
    'cpu-steps': { type: 'string', default: '3' },
    browser: { type: 'boolean', default: false },
    'browser-backends': { type: 'string', default: 'webgpu,webgl,wasm' },
    'browser-steps': { type: 'string', default: '3' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const batch = Number(values.batch);
const size = Number(values.size);
const steps = Number(values.steps);

const torch = torchPeer(batch, size, steps);
const results: (BenchResult & { where: string })[] = [];
for (const name of values.backends!.split(',').map((s) => s.trim()).filter(Boolean)) {
  if (name !== 'cpu' && name !== 'wasm') {
    console.error(`bench: Node has only cpu and wasm; use --browser for ${name}`);
    continue;
  }
  await setupNodeBackend(name as NodeBackendName);
  // The cpu backend is ~75x slower: fewer steps keep the run short; the median is still of measured steps.
  const n = name === 'cpu' ? Number(values['cpu-steps']) : steps;
  results.push({ where: 'node', ...(await runBenchStep(batch, size, n, name === 'cpu' ? 1 : 2)) });
  print(results.at(-1)!);
}
if (values.browser) {
  for (const r of await runBrowserBench(values['browser-backends']!.split(','), batch, size, Number(values['browser-steps']))) {
    results.push(r);
    print(r);
  }
}
if (torch) console.log(JSON.stringify(torch));

function print(r: BenchResult & { where: string }): void {
  const ratio = torch ? { torch_ms_per_step: torch.ms_per_step_median, ratio_to_torch: Math.round((r.ms_per_step_median / torch.ms_per_step_median) * 100) / 100 } : {};
  console.log(JSON.stringify({ ...r, ...ratio }));
}

function torchPeer(b: number, s: number, n: number): { impl: string; ms_per_step_median: number } | undefined {
  const script = fileURLToPath(new URL('../../../shared/bench/torch_reference.py', import.meta.url));
  if (!existsSync('/usr/bin/python3') || !existsSync(script)) return undefined;
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return undefined;
  const run = spawnSync('/usr/bin/python3', [script, '--threads', '1', '--batch', String(b), '--size', String(s), '--steps', String(Math.max(n, 5))], { encoding: 'utf8' });
  if (run.status !== 0) {
    console.error(`bench: torch_reference.py failed: ${run.stderr}`);
    return undefined;
  }
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!);
}
