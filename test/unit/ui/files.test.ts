import { describe, expect, it } from 'vitest';
import { collect, labelFromPath, MAX_FILES, refusal } from '../../../src/ui/files/accept';
import { walkEntry } from '../../../src/ui/files/readDrop';
import { filesFromInput } from '../../../src/ui/files/readPicker';
import { filesFromClipboard } from '../../../src/ui/files/readPaste';

const png = (name: string, bytes = 3) => new File([new Uint8Array(bytes)], name, { type: 'image/png' });

/** Fake FileSystemEntry trees, as webkitGetAsEntry gives for a dropped folder. */
function fileEntry(file: File): FileSystemFileEntry {
  return { isFile: true, isDirectory: false, name: file.name, file: (ok: (f: File) => void) => ok(file) } as unknown as FileSystemFileEntry;
}
function dirEntry(name: string, children: FileSystemEntry[], batch = 2): FileSystemDirectoryEntry {
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader() {
      let at = 0;
      return {
        readEntries(ok: (e: FileSystemEntry[]) => void) {
          const out = children.slice(at, at + batch); // browsers hand entries out in batches
          at += batch;
          ok(out);
        },
      };
    },
  } as unknown as FileSystemDirectoryEntry;
}

describe('accepting files', () => {
  it('takes images, refuses other files and empty ones with a reason', () => {
    expect(refusal(png('a.png'))).toBeUndefined();
    expect(refusal({ name: 'b.JPG', type: '', size: 4 })).toBeUndefined();
    expect(refusal({ name: 'notes.txt', type: 'text/plain', size: 4 })).toMatch(/not an image \(text\/plain\)/);
    expect(refusal({ name: 'x', type: '', size: 4 })).toMatch(/no extension/);
    expect(refusal({ name: 'e.png', type: 'image/png', size: 0 })).toMatch(/empty/);
    expect(refusal({ name: 'logo.svg', type: 'image/svg+xml', size: 9 })).toMatch(/SVG/);
  });

  it('a file\'s label is the folder holding it', () => {
    expect(labelFromPath('animals/cat/1.png')).toBe('cat');
    expect(labelFromPath('dog/2.png')).toBe('dog');
    expect(labelFromPath('3.png')).toBeUndefined();
    expect(labelFromPath(undefined)).toBeUndefined();
  });

  it('collects accepted and rejected files and skips hidden ones quietly', () => {
    const out = collect([
      { file: png('1.png'), path: 'cat/1.png' },
      { file: png('2.png') },
      { file: new File(['x'], 'readme.md', { type: 'text/markdown' }), path: 'cat/readme.md' },
      { file: png('.DS_Store'), path: 'cat/.DS_Store' },
      { file: png('x.png'), path: '.git/x.png' },
    ]);
    expect(out.accepted.map((a) => [a.name, a.label])).toEqual([['cat/1.png', 'cat'], ['2.png', undefined]]);
    expect(out.rejected).toEqual([{ name: 'cat/readme.md', reason: 'not an image (text/markdown)' }]);
    expect(out.skipped).toBe(2);
  });

  it('caps one drop at MAX_FILES', () => {
    const many = Array.from({ length: MAX_FILES + 2 }, (_, i) => ({ file: png(`${i}.png`) }));
    const out = collect(many);
    expect(out.accepted).toHaveLength(MAX_FILES);
    expect(out.rejected).toHaveLength(2);
  });
});

describe('reading drops, pickers and the clipboard', () => {
  it('walks a dropped folder tree, reading every batch, keeping paths', async () => {
    const tree = dirEntry('animals', [
      dirEntry('cat', [fileEntry(png('1.png')), fileEntry(png('2.png')), fileEntry(png('3.png'))]),
      dirEntry('dog', [fileEntry(png('4.png'))]),
      fileEntry(png('loose.png')),
    ]);
    const files = await walkEntry(tree);
    expect(files.map((f) => f.path)).toEqual(['animals/cat/1.png', 'animals/cat/2.png', 'animals/cat/3.png', 'animals/dog/4.png', 'animals/loose.png']);
    expect(collect(files).accepted.map((a) => a.label)).toEqual(['cat', 'cat', 'cat', 'dog', 'animals']);
  });

  it('uses webkitRelativePath from a folder picker', () => {
    const a = png('1.png');
    Object.defineProperty(a, 'webkitRelativePath', { value: 'birds/1.png' });
    const b = png('2.png');
    const list = [a, b] as unknown as FileList;
    expect(filesFromInput(list).map((f) => f.path)).toEqual(['birds/1.png', undefined]);
    expect(filesFromInput(null)).toEqual([]);
  });

  it('names pasted screenshots', () => {
    const shot = png('image.png');
    const data = { items: [{ kind: 'file', getAsFile: () => shot }, { kind: 'string', getAsFile: () => null }] } as unknown as DataTransfer;
    const files = filesFromClipboard(data);
    expect(files).toHaveLength(1);
    expect(files[0]!.file.name).toMatch(/^pasted-\d+\.png$/);
    expect(filesFromClipboard(null)).toEqual([]);
  });
});
