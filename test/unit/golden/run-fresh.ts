/**
 * The golden tests on vectors made just now: runs shared/golden/generate.py
 * (PyTorch + torchvision) with a new seed into a temporary file, then the golden
 * tests with SIMCLR_GOLDEN pointing at it. Part of `npm test`; when
 * /usr/bin/python3 cannot import torch and torchvision it says so and skips
 * (`.ci/run` installs them, so CI always runs it).
 *
 *   npx tsx test/unit/golden/run-fresh.ts [SEED]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const generator = fileURLToPath(new URL('../../../../shared/golden/generate.py', import.meta.url));
const python = '/usr/bin/python3';
const haveTorch = existsSync(python) && spawnSync(python, ['-c', 'import torch, torchvision'], { stdio: 'ignore' }).status === 0;
if (!existsSync(generator) || !haveTorch) {
  console.log(`golden (fresh vectors): skipped: ${existsSync(generator) ? `${python} cannot import torch and torchvision` : `${generator} is missing`}`);
  process.exit(0);
}
const seed = Number(process.argv[2] ?? 1 + (Date.now() % 100_000));
const dir = mkdtempSync(join(tmpdir(), 'simclr-golden-'));
const file = join(dir, `golden-${seed}.json`);
try {
  const gen = spawnSync(python, [generator, String(seed), file], { encoding: 'utf8' });
  if (gen.status !== 0) throw new Error(`generate.py failed: ${gen.stderr}`);
  console.log(`golden (fresh vectors): seed ${seed}: ${gen.stdout.trim()}`);
  const run = spawnSync('npx', ['vitest', 'run', 'test/unit/golden'], {
    stdio: 'inherit',
    env: { ...process.env, SIMCLR_GOLDEN: file },
  });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
