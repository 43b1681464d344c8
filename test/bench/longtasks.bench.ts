/**
 * Main-thread long tasks while the page trains: serves the built app (`dist/`,
 * run `npm run build` or `vite build` first), opens it in headless Chromium with
 * a 'longtask' PerformanceObserver installed before the app loads, presses play
 * through `window.__simclr.play()`, waits, and prints one JSON line:
 *
 *   {"longtasks_over_50ms":0,"max_task_ms":0,"steps":123,"seconds":30,"backend":"wasm",...}
 *
 * Only tasks that start after play count. The viewport is large enough that the
 * matrix and every chart are on screen (charts skip updates while off screen, so
 * a small viewport would measure less work).
 *
 * The machine's load average (1 minute, and the number of CPUs) is printed
 * with it: on a small machine shared with other work, a task of 10 ms of CPU
 * can take over 50 ms of wall time when the main thread waits for a core, so
 * long-task counts are only comparable at similar load. `--runs N` repeats the
 * measurement in a fresh page each time and adds a line with the medians;
 * `--dist DIR` serves another build (an A/B against an older tree under the
 * same load). longtasks-trace.ts shows what the long tasks are made of.
 *
 *   npx tsx test/bench/longtasks.bench.ts [--seconds 30] [--runs 1] [--dist dist] [--hash 'batchSize=32'] [--width 1600] [--height 1800] [--only chart-loss|none] [--detail]
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { flagList, launchChromium, watchErrors } from '../e2e/support/browser';
import { serveDist } from './serveDist';
import { PlaygroundPage } from '../e2e/page';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    hash: { type: 'string', default: '' },
    width: { type: 'string', default: '1600' },
    height: { type: 'string', default: '1800' },
    /** Keep only this chart card (its data-testid, or 'none') on the page: what one chart costs. */
    only: { type: 'string', default: '' },
    /** Also print, to stderr, the scripts of each long animation frame (LoAF) over 50 ms. */
    detail: { type: 'boolean', default: false },
    runs: { type: 'string', default: '1' },
    /** Serve this build folder instead of dist/ (serveDist.ts). */
    dist: { type: 'string' },
    /** Extra Chromium flags, comma-separated, e.g. --flags=--disable-gpu-compositing. */
    flags: { type: 'string', default: '' },
  },
});

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface LongTask {
  start: number;
  duration: number;
}

interface Frame {
  start: number;
  duration: number;
  blocking: number;
  scripts: string[];
}

declare global {
  interface Window {
    __longtasks?: LongTask[];
    __frames?: Frame[];
  }
}

const seconds = Number(values.seconds);
const runs = Math.max(1, Number(values.runs));
const server = await serveDist(values.dist);
const results: { longtasks_over_50ms: number; max_task_ms: number; load1: number }[] = [];
for (let run = 0; run < runs; run++) {
  const browser = await launchChromium(flagList(values.flags));
  try {
    const loadBefore = loadavg()[0]!;
    const page = await browser.newPage({ viewport: { width: Number(values.width), height: Number(values.height) } });
    const errors = watchErrors(page);
    await page.addInitScript(() => {
      window.__longtasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longtasks!.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      window.__frames = [];
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as (PerformanceEntry & { blockingDuration: number; scripts: { invoker: string; sourceFunctionName: string; sourceURL: string; sourceCharPosition: number; duration: number }[] })[]) {
            if (e.duration < 50) continue;
            window.__frames!.push({
              start: e.startTime,
              duration: e.duration,
              blocking: e.blockingDuration,
              scripts: e.scripts.map((sc) => `${Math.round(sc.duration)}ms ${sc.invoker} ${sc.sourceFunctionName} ${sc.sourceURL.split('/').pop()}:${sc.sourceCharPosition}`),
            });
          }
        }).observe({ type: 'long-animation-frame', buffered: true });
      } catch {
        // No LoAF in this browser: --detail prints nothing.
      }
    });
    const app = new PlaygroundPage(page);
    await app.open(server.url, values.hash);
    await app.whenReady();
    // Hidden cards are off screen to their IntersectionObserver, so they stop updating.
    if (values.only) await page.addStyleTag({ content: `.chart-card:not([data-testid="${values.only}"]) { display: none !important; }` });
    const before = await app.state();
    const t0 = await page.evaluate(() => performance.now());
    await app.play();
    await page.waitForTimeout(seconds * 1000);
    const after = await app.state();
    const t1 = await page.evaluate(() => performance.now());
    // How the page paced its live views (an older build, in an A/B, has no display()).
    const display = await page.evaluate(() => window.__simclr?.display?.() ?? null);
    await app.pause();
    const tasks = (await page.evaluate(() => window.__longtasks ?? [])).filter((t) => t.start >= t0 && t.start <= t1);
    const durations = tasks.map((t) => t.duration).sort((a, b) => b - a);
    const load1 = Math.round(((loadBefore + loadavg()[0]!) / 2) * 100) / 100;
    const result = {
      longtasks_over_50ms: durations.filter((d) => d > 50).length,
      max_task_ms: Math.round(durations[0] ?? 0),
      load1,
    };
    results.push(result);
    console.log(JSON.stringify({
      ...result,
      cpus: cpus().length,
      ...(values.dist ? { dist: values.dist } : {}),
      steps: after.step - before.step,
      seconds: Math.round((t1 - t0) / 100) / 10,
      backend: after.backend,
      top_tasks_ms: durations.slice(0, 5).map(Math.round),
      viewport: `${values.width}x${values.height}`,
      ...(display ? { display_slow: display.slow, display_frame_ms: display.frameMs === null ? null : Math.round(display.frameMs) } : {}),
      ...(values.only ? { only: values.only } : {}),
      errors: errors.length,
    }));
    if (values.detail) {
      const frames = (await page.evaluate(() => window.__frames ?? [])).filter((f) => f.start >= t0 && f.start <= t1);
      for (const f of frames) console.error(`frame at ${Math.round(f.start - t0)} ms: ${Math.round(f.duration)} ms, blocking ${Math.round(f.blocking)} ms\n  ${f.scripts.join('\n  ')}`);
    }
    if (errors.length > 0) console.error(errors.join('\n'));
  } finally {
    await browser.close();
  }
}
await server.close();
if (runs > 1) {
  console.log(JSON.stringify({
    runs,
    median_longtasks_over_50ms: median(results.map((r) => r.longtasks_over_50ms)),
    median_max_task_ms: median(results.map((r) => r.max_task_ms)),
    median_load1: median(results.map((r) => r.load1)),
    counts: results.map((r) => r.longtasks_over_50ms),
    max_ms: results.map((r) => r.max_task_ms),
  }));
}
