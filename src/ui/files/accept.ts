/**
 * Which of the user's files go to the worker. Hidden files (".DS_Store") are
 * skipped quietly; files that are plainly not images, or empty, are refused with
 * a reason the Data panel lists. Decoding, and refusing what fails to decode, is
 * the worker's job.
 */
import type { RejectedImage } from '../../worker/protocol';
import type { UploadItem } from '../../state/types';

/** A file with the folder it came from, if any. */
export interface PickedFile {
  file: File;
  /** Path inside what was dropped or picked ("animals/cat/1.png"), for the label. */
  path?: string;
}

export interface Collected {
  accepted: Omit<UploadItem, 'id'>[];
  rejected: RejectedImage[];
  /** Hidden files skipped without a word. */
  skipped: number;
}

/** Most files taken from one drop or pick. */
export const MAX_FILES = 5000;

const IMAGE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'avif']);

function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Why `file` cannot be an image, or undefined when it may be one. */
export function refusal(file: Pick<File, 'name' | 'type' | 'size'>): string | undefined {
  if (file.size === 0) return 'the file is empty';
  if (file.type === 'image/svg+xml' || extension(file.name) === 'svg') return 'SVG drawings are not supported; use PNG or JPEG';
  if (file.type.startsWith('image/')) return undefined;
  if (file.type === '' && IMAGE_EXTENSIONS.has(extension(file.name))) return undefined;
  return `not an image (${file.type || `.${extension(file.name) || 'no extension'}`})`;
}

/** The label of a file at `path`: the name of the folder holding it, or undefined at the top. */
export function labelFromPath(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const parts = path.split('/').filter((p) => p !== '');
  return parts.length >= 2 ? parts[parts.length - 2] : undefined;
}

function isHidden(path: string): boolean {
  return path.split('/').some((part) => part.startsWith('.'));
}

export function collect(files: readonly PickedFile[]): Collected {
  const out: Collected = { accepted: [], rejected: [], skipped: 0 };
  for (const { file, path } of files) {
    const where = path ?? file.name;
    if (isHidden(where)) {
      out.skipped++;
      continue;
    }
    const reason = refusal(file);
    if (reason) out.rejected.push({ name: where, reason });
    else if (out.accepted.length >= MAX_FILES) out.rejected.push({ name: where, reason: `more than ${MAX_FILES} files at once` });
    else {
      const label = labelFromPath(path);
      out.accepted.push(label === undefined ? { file, name: where } : { file, name: where, label });
    }
  }
  return out;
}
