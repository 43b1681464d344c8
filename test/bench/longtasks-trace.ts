/**
 * What the main thread's long tasks are made of, while the page trains: a
 * diagnostic companion to longtasks.bench.ts. Records a Chrome trace (timeline
 * events plus the V8 sampling profiler) through playwright's CDP tracing for
 * `--seconds` of training, then prints, for every main-thread task over
 * `--over` ms, its duration, the events inside it by self time (script, style,
 * layout, paint, GC, ...) and the JavaScript functions the profiler sampled in
 * it (self time, with their file:line in the built bundle, or their source
 * file and line with `--dist` a build made with `--sourcemap`). Ends with one
 * JSON line that sums the same over all long tasks, with the main thread's CPU
 * time: each task's thread time (CPU) next to its wall time tells a task that
 * computes for 50 ms from one that waits for a core (on a loaded machine a task
 * of 10 ms of CPU can take 100 ms). The first task after tracing starts holds
 * the profiler's own start-up (CpuProfiler::StartProfiling, 100 to 300 ms).
 *
 *   npx tsx test/bench/longtasks-trace.ts [--seconds 30] [--over 50] [--hash ''] [--save trace.json] [--categories gpu,viz] [--idle] [--dist /tmp/dist-sm]
 *
 * Needs `npm run build` first (it serves dist/), or
 * `npx vite build --sourcemap --outDir /tmp/dist-sm` for `--dist /tmp/dist-sm`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SourceMapConsumer } from 'source-map-js';
import { flagList, launchChromium } from '../e2e/support/browser';
import { serveDist } from './serveDist';
import { PlaygroundPage } from '../e2e/page';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    over: { type: 'string', default: '50' },
    hash: { type: 'string', default: '' },
    width: { type: 'string', default: '1600' },
    height: { type: 'string', default: '1800' },
    save: { type: 'string' },
    /** More trace categories, comma-separated (e.g. gpu,viz,cc to see the GPU process). */
    categories: { type: 'string', default: '' },
    /** Trace without pressing play: what an idle page costs. */
    idle: { type: 'boolean', default: false },
    /**
     * Serve this build folder instead of dist/, e.g. one made with
     * `npx vite build --sourcemap --outDir /tmp/dist-sm`: with its .map files the
     * functions are named by their source file and line.
     */
    dist: { type: 'string' },
    /** Extra Chromium flags, comma-separated, e.g. --flags=--disable-gpu-compositing. */
    flags: { type: 'string', default: '' },
  },
});

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: Record<string, unknown> & { name?: string; data?: Record<string, unknown> };
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

const seconds = Number(values.seconds);
const over = Number(values.over) * 1000;
const server = await serveDist(values.dist);
const browser = await launchChromium(flagList(values.flags));
let trace: Buffer;
try {
  const page = await browser.newPage({ viewport: { width: Number(values.width), height: Number(values.height) } });
  const app = new PlaygroundPage(page);
  await app.open(server.url, values.hash);
  await app.whenReady();
  await browser.startTracing(page, {
    categories: [
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'disabled-by-default-devtools.timeline.frame',
      'v8.execute',
      'v8',
      'disabled-by-default-v8.cpu_profiler',
      'blink.user_timing',
      'toplevel',
      ...values.categories.split(',').filter(Boolean),
    ],
  });
  if (!values.idle) await app.play();
  await page.waitForTimeout(seconds * 1000);
  if (!values.idle) await app.pause();
  trace = await browser.stopTracing();
} finally {
  await browser.close();
  await server.close();
}
if (values.save) writeFileSync(values.save, trace);

const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
// The page's main thread: the CrRendererMain thread with the most task time.
const names = new Map<string, string>();
for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, String(e.args?.name));
const busy = new Map<string, number>();
for (const e of events) {
  if (e.ph !== 'X' || e.name !== 'RunTask') continue;
  const key = `${e.pid}:${e.tid}`;
  if (names.get(key) !== 'CrRendererMain') continue;
  busy.set(key, (busy.get(key) ?? 0) + (e.dur ?? 0));
}
const main = [...busy.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
if (!main) throw new Error('no renderer main thread in the trace');
const onMain = events.filter((e) => `${e.pid}:${e.tid}` === main);
const tasks = onMain.filter((e) => e.ph === 'X' && e.name === 'RunTask').sort((a, b) => a.ts - b.ts);
const long = tasks.filter((t) => (t.dur ?? 0) > over);

// Self time of complete events by name, inside [t0, t1].
const completes = onMain.filter((e) => e.ph === 'X' && e.name !== 'RunTask' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
function selfTimes(t0: number, t1: number): Map<string, number> {
  const inside = completes.filter((e) => e.ts >= t0 && e.ts + e.dur! <= t1);
  const out = new Map<string, number>();
  const stack: TraceEvent[] = [];
  const label = (e: TraceEvent) => {
    const d = e.args?.data as { functionName?: string; url?: string; type?: string } | undefined;
    if (e.name === 'FunctionCall' && d?.functionName) return `FunctionCall ${d.functionName}`;
    if (e.name === 'EventDispatch' && d?.type) return `EventDispatch ${d.type}`;
    return e.name;
  };
  const self = new Map<TraceEvent, number>();
  for (const e of inside) {
    while (stack.length > 0 && stack[stack.length - 1]!.ts + stack[stack.length - 1]!.dur! <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent, (self.get(parent) ?? parent.dur!) - e.dur!);
    self.set(e, self.get(e) ?? e.dur!);
    stack.push(e);
  }
  for (const [e, s] of self) out.set(label(e), (out.get(label(e)) ?? 0) + s);
  return out;
}

// The sampling profiler's samples on the main thread, with their time stamps.
const nodes = new Map<number, ProfileNode>();
const samples: { ts: number; node: number }[] = [];
const profileIds = new Set<string>();
const chunks = events.filter((e) => e.name === 'Profile' || e.name === 'ProfileChunk');
let profileStart = 0;
for (const e of chunks) {
  if (e.name === 'Profile' && `${e.pid}:${e.tid}` === main) {
    profileIds.add(String(e.id));
    profileStart = Number((e.args?.data as { startTime: number }).startTime);
  }
}
{
  let t = profileStart;
  for (const e of chunks) {
    if (e.name !== 'ProfileChunk' || !profileIds.has(String(e.id))) continue;
    const data = e.args?.data as { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] };
    for (const n of data.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
    const ids = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    for (let i = 0; i < ids.length; i++) {
      t += deltas[i] ?? 0;
      samples.push({ ts: t, node: ids[i]! });
    }
  }
}
const maps = new Map<string, SourceMapConsumer | null>();
function sourceMap(file: string): SourceMapConsumer | null {
  if (!values.dist) return null;
  if (!maps.has(file)) {
    const path = join(resolve(values.dist), 'assets', `${file}.map`);
    maps.set(file, existsSync(path) ? new SourceMapConsumer(JSON.parse(readFileSync(path, 'utf8'))) : null);
  }
  return maps.get(file) ?? null;
}
const frameName = (n: ProfileNode) => {
  const f = n.callFrame;
  const file = f.url ? f.url.split('/').pop()! : '';
  const map = file ? sourceMap(file) : null;
  if (map) {
    const o = map.originalPositionFor({ line: f.lineNumber + 1, column: f.columnNumber });
    if (o.source) return `${o.name ?? f.functionName ?? '(anonymous)'} ${o.source.replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, '')}:${o.line}`;
  }
  return `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`;
};
/** The innermost frame of the app's own source (src/) on the sample's stack, else the leaf. */
function appFrame(id: number): ProfileNode | undefined {
  let n = nodes.get(id);
  const leaf = n;
  while (n) {
    const name = frameName(n);
    if (/ src\//.test(name)) return n;
    n = n.parent !== undefined ? nodes.get(n.parent) : undefined;
  }
  return leaf;
}
function sampled(t0: number, t1: number, app = false): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    if (s.ts < t0 || s.ts > t1) continue;
    const next = samples[i + 1]?.ts ?? s.ts;
    const n = app ? appFrame(s.node) : nodes.get(s.node);
    if (!n) continue;
    const key = frameName(n);
    out.set(key, (out.get(key) ?? 0) + Math.min(next - s.ts, 5000));
  }
  return out;
}

const top = (m: Map<string, number>, k: number) =>
  [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, us]) => `${(us / 1000).toFixed(1)} ms ${name}`);
const addInto = (into: Map<string, number>, m: Map<string, number>) => {
  for (const [k, v] of m) into.set(k, (into.get(k) ?? 0) + v);
};

const allSelf = new Map<string, number>();
const allSampled = new Map<string, number>();
const t00 = tasks[0]?.ts ?? 0;
for (const t of long) {
  const s = selfTimes(t.ts, t.ts + t.dur!);
  const p = sampled(t.ts, t.ts + t.dur!);
  addInto(allSelf, s);
  addInto(allSampled, p);
  console.error(`task at ${((t.ts - t00) / 1000).toFixed(0)} ms: ${(t.dur! / 1000).toFixed(1)} ms`);
  console.error(`  events: ${top(s, 6).join('; ')}`);
  console.error(`  js: ${top(p, 8).join('; ')}`);
  if (values.dist) console.error(`  app: ${top(sampled(t.ts, t.ts + t.dur!, true), 6).join('; ')}`);
}
const durations = long.map((t) => t.dur! / 1000).sort((a, b) => b - a);
// Thread time (CPU) of each task: far below its wall time when the thread waited for a core.
const cpu = tasks.map((t) => ((t as TraceEvent & { tdur?: number }).tdur ?? 0) / 1000).sort((a, b) => b - a);
console.log(JSON.stringify({
  seconds,
  tasks: tasks.length,
  main_thread_cpu_ms: Math.round(cpu.reduce((a, b) => a + b, 0)),
  [`tasks_over_${values.over}ms_cpu`]: cpu.filter((c) => c > Number(values.over)).length,
  max_task_cpu_ms: Math.round(cpu[0] ?? 0),
  long_tasks_cpu_ms: long.map((t) => Math.round(((t as TraceEvent & { tdur?: number }).tdur ?? 0) / 1000)),
  [`tasks_over_${values.over}ms`]: long.length,
  max_task_ms: Math.round(durations[0] ?? 0),
  top_tasks_ms: durations.slice(0, 8).map(Math.round),
  events_self_ms: Object.fromEntries(top(allSelf, 12).map((l) => [l.split(' ms ')[1], Number(l.split(' ms ')[0])])),
  js_self_ms: Object.fromEntries(top(allSampled, 15).map((l) => [l.split(' ms ')[1], Number(l.split(' ms ')[0])])),
}));
