/** File access for the Node tools: the built-in datasets built into `public/`. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const publicDir = fileURLToPath(new URL('../../public/', import.meta.url));

/** Reads `public/<path>`; says how to build the datasets when they are missing. */
export async function readPublic(path: string): Promise<Uint8Array> {
  const full = publicDir + path;
  if (!existsSync(full)) throw new Error(`${full} is missing: run \`npm run datasets\` to build the MNIST and Fashion-MNIST files`);
  return new Uint8Array(await readFile(full));
}
