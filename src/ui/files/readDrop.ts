/**
 * Files from a drop, folders included: `DataTransferItem.webkitGetAsEntry` walks
 * a dropped folder so its images keep their path (the folder name becomes the
 * label). Entries must be taken while the drop event runs; reading them is async.
 */
import type { PickedFile } from './accept';

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** Every entry of a directory (readEntries returns them in batches until an empty one). */
async function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

/** Files under `entry`, with their paths relative to the drop. */
export async function walkEntry(entry: FileSystemEntry, prefix = '', limit = 20_000): Promise<PickedFile[]> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await fileOf(entry as FileSystemFileEntry);
    return [{ file, path }];
  }
  if (!entry.isDirectory) return [];
  const out: PickedFile[] = [];
  for (const child of await readAll((entry as FileSystemDirectoryEntry).createReader())) {
    if (out.length >= limit) break;
    out.push(...(await walkEntry(child, path, limit - out.length)));
  }
  return out;
}

/** Starts reading a drop; call it inside the drop handler. */
export function filesFromDataTransfer(data: DataTransfer): Promise<PickedFile[]> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  if (entries.length === 0 && loose.length === 0) loose.push(...Array.from(data.files ?? []));
  return (async () => {
    const out: PickedFile[] = loose.map((file) => ({ file }));
    for (const entry of entries) out.push(...(await walkEntry(entry)));
    return out;
  })();
}
