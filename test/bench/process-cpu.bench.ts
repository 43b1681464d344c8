/**
 * Where the machine's CPU goes while the page trains: CPU seconds of every
 * Chromium process and thread (read from /proc, so Linux only) over a window
 * of training, grouped by process type (renderer, gpu-process, utility,
 * browser) and printed as one JSON line, after one line per busy thread.
 *
 * On a small machine the page's main thread shares the cores with the
 * training worker and with whatever draws the frames. With `--flags` the
 * same run can be compared across compositing modes, e.g.
 * `--flags=--disable-gpu-compositing` (frames composited in software, as
 * Chromium does with no usable GPU) against the harness's default (GPU
 * compositing on SwiftShader). `--warm` seconds of training pass before the
 * window opens (the page paces its live views once it has timed a few frames,
 * src/ui/display/displayPace.ts).
 *
 *   npx tsx test/bench/process-cpu.bench.ts [--seconds 20] [--warm 15] [--dist dist] [--flags=--disable-gpu-compositing] [--width 1600] [--height 1800]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { flagList, launchChromium } from '../e2e/support/browser';
import { serveDist } from './serveDist';
import { PlaygroundPage } from '../e2e/page';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    warm: { type: 'string', default: '15' },
    width: { type: 'string', default: '1600' },
    height: { type: 'string', default: '1800' },
    dist: { type: 'string' },
    flags: { type: 'string', default: '' },
  },
});

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU seconds so far of every Chromium thread, keyed "type pid / thread name" (thread numbers folded into #). */
function chromiumThreads(): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmd: string;
    let tids: string[];
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chrom')) continue;
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    const type = /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser';
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '#');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
        const key = `${type} ${pid} / ${name}`;
        out.set(key, (out.get(key) ?? 0) + seconds);
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  }
  return out;
}

const server = await serveDist(values.dist);
const browser = await launchChromium(flagList(values.flags));
try {
  const page = await browser.newPage({ viewport: { width: Number(values.width), height: Number(values.height) } });
  const app = new PlaygroundPage(page);
  await app.open(server.url, '');
  await app.whenReady();
  await app.play();
  await page.waitForTimeout(Number(values.warm) * 1000);
  const before = chromiumThreads();
  const stepBefore = (await app.state()).step;
  await page.waitForTimeout(Number(values.seconds) * 1000);
  const after = chromiumThreads();
  const state = await app.state();
  const display = await page.evaluate(() => window.__simclr?.display?.() ?? null);
  await app.pause();
  const threads = [...after].map(([key, t]) => [key, t - (before.get(key) ?? 0)] as const).filter(([, t]) => t >= 0.05).sort((a, b) => b[1] - a[1]);
  for (const [key, t] of threads) console.log(`${t.toFixed(2).padStart(7)} s  ${key}`);
  const byType: Record<string, number> = {};
  for (const [key, t] of threads) {
    const type = key.split(' ')[0]!;
    byType[type] = (byType[type] ?? 0) + t;
  }
  for (const type of Object.keys(byType)) byType[type] = Math.round(byType[type]! * 100) / 100;
  console.log(JSON.stringify({
    seconds: Number(values.seconds), warm_seconds: Number(values.warm), steps: state.step - stepBefore, backend: state.backend,
    cpu_seconds: byType, viewport: `${values.width}x${values.height}`, ...(values.flags ? { flags: values.flags } : {}),
    ...(display ? { display_slow: display.slow } : {}),
  }));
} finally {
  await browser.close();
  await server.close();
}
