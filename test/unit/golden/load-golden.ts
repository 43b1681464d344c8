/**
 * Loads the PyTorch / torchvision golden vectors (shared/golden/README.md).
 *
 * The file is the one named by the environment variable `SIMCLR_GOLDEN` when it is
 * set (relative paths against the working directory), else
 * `shared/golden/torch-reference.json` in the `shared/` folder that sits beside
 * the repository folder, found from this file's location so any clone works.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One NT-Xent case: z is [2N, D] row-major; rows k and k + N are the two views of image k. */
export interface GoldenNtXentCase {
  n: number;
  d: number;
  temperature: number;
  /** [2N, D] row-major. */
  z: number[];
  /** Mean over the 2N anchors. */
  loss: number;
  contrastive_accuracy?: number;
  entropy: number;
  /** Cosine similarity [2N, 2N] row-major, before dividing by the temperature. */
  similarity?: number[];
  /** d loss / d z, [2N, D] row-major. */
  grad_z?: number[];
  /** [2N, 2N - 1]: positive in column 0, then the negatives, divided by the temperature. */
  positive_first_logits?: number[];
  note?: string;
}
/** Same type, spelled as in the file's section name. */
export type GoldenNtxentCase = GoldenNtXentCase;

/** One image op with torchvision's output, HWC row-major. */
export type GoldenImageOp =
  | { op: 'brightness' | 'contrast' | 'saturation'; factor: number; output: number[] }
  | { op: 'hue'; shift: number; output: number[] }
  | { op: 'grayscale'; output: number[] }
  | { op: 'gaussian_blur'; kernel_size: number; sigma: number; padding: string; output: number[] }
  | { op: 'horizontal_flip'; output: number[] }
  | { op: 'rotate90'; quarter_turns_counterclockwise: number; output: number[] }
  | { op: 'color_jitter_in_order'; brightness: number; contrast: number; saturation: number; hue: number; output: number[] };

export interface GoldenImageSection {
  height: number;
  width: number;
  /** The input image, [H, W, 3] row-major, in [0, 1]. */
  input: number[];
  ops: GoldenImageOp[];
}

export interface GoldenFile {
  /** Absolute path the file was read from (for test names and messages). */
  source: string;
  generator: string;
  seed: number;
  layout: { ntxent: string; images: string };
  ntxent: GoldenNtXentCase[];
  image: GoldenImageSection;
}

/** The path `loadGolden` reads: `SIMCLR_GOLDEN` when set, else the shared file beside the repository. */
export function goldenPath(): string {
  const fromEnv = process.env.SIMCLR_GOLDEN;
  if (fromEnv && fromEnv.trim() !== '') return resolve(process.cwd(), fromEnv);
  // This file is <repo>/test/unit/golden/load-golden.ts; shared/ sits beside <repo>.
  return fileURLToPath(new URL('../../../../shared/golden/torch-reference.json', import.meta.url));
}

/** Reads and checks the golden file; throws with the path and the problem when it is missing or malformed. */
export function loadGolden(): GoldenFile {
  const source = goldenPath();
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (err) {
    throw new Error(`golden file not readable at ${source} (set SIMCLR_GOLDEN to override): ${(err as Error).message}`);
  }
  const raw = JSON.parse(text) as Omit<GoldenFile, 'source'>;
  const problems: string[] = [];
  if (!Array.isArray(raw.ntxent)) problems.push('ntxent is not a list');
  else {
    raw.ntxent.forEach((c, i) => {
      if (!(c.n > 0) || !(c.d > 0) || !(c.temperature > 0)) problems.push(`ntxent[${i}] lacks n, d or temperature`);
      if (!Array.isArray(c.z) || c.z.length !== 2 * c.n * c.d) problems.push(`ntxent[${i}].z has ${c.z?.length} values, want 2 n d = ${2 * c.n * c.d}`);
    });
  }
  const img = raw.image;
  if (!img || !Array.isArray(img.input) || !Array.isArray(img.ops)) problems.push('image section lacks input or ops');
  else {
    const size = img.height * img.width * 3;
    if (img.input.length !== size) problems.push(`image.input has ${img.input.length} values, want H W 3 = ${size}`);
    img.ops.forEach((o, i) => {
      if (!Array.isArray(o.output) || o.output.length !== size) problems.push(`image.ops[${i}] (${o.op}) output has ${o.output?.length} values, want ${size}`);
    });
  }
  if (problems.length > 0) throw new Error(`golden file ${source} is malformed:\n${problems.join('\n')}`);
  return { ...raw, source };
}
