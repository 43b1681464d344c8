/**
 * The binary container every saved piece of a run uses: a JSON header and
 * typed-array sections in one buffer, versioned and checksummed. Free of
 * IndexedDB and tfjs, so Node tests cover it.
 *
 * Layout (all integers little-endian):
 *
 *   bytes 0..8    magic: ASCII `SIMCLR`, a zero byte, `F`
 *   bytes 8..12   format version (u32), FORMAT_VERSION
 *   bytes 12..16  header length H in bytes (u32)
 *   bytes 16..20  CRC-32 of every byte from 20 to the end (u32)
 *   bytes 20..20+H  header: UTF-8 JSON `{ kind, meta, sections: [{ name, dtype, offset, length }] }`
 *   then the sections' data; each section starts at a multiple of 8 bytes from
 *   the start of the container, `offset` counted from there, `length` in elements.
 */
import { crc32 } from './crc32';

/** Bytes 0..8 of every container. */
export const MAGIC = Uint8Array.from([0x53, 0x49, 0x4d, 0x43, 0x4c, 0x52, 0x00, 0x46]); // "SIMCLR\0F"
/** The container layout version this code writes and reads. */
export const FORMAT_VERSION = 1;
const FIXED = 20;

export type SectionArray = Float32Array | Float64Array | Int32Array | Uint8Array;
export type SectionDtype = 'f32' | 'f64' | 'i32' | 'u8';

interface SectionEntry {
  name: string;
  dtype: SectionDtype;
  /** Byte offset from the start of the container. */
  offset: number;
  /** Elements. */
  length: number;
}

/** What a container holds: a kind (`'run'`, `'dataset'`, `'state'`), JSON metadata and named arrays. */
export interface Container<Meta = unknown> {
  kind: string;
  meta: Meta;
  sections: Record<string, SectionArray>;
}

/** A file or record that is not a container this code can read; `message` is a sentence for the user. */
export class RunFileError extends Error {
  override name = 'RunFileError';
}

function dtypeOf(a: SectionArray): SectionDtype {
  if (a instanceof Float32Array) return 'f32';
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Int32Array) return 'i32';
  return 'u8';
}

const BYTES: Record<SectionDtype, number> = { f32: 4, f64: 8, i32: 4, u8: 1 };
const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** Writes `container` to one buffer. */
export function encodeContainer(container: Container): Uint8Array {
  const names = Object.keys(container.sections);
  // Offsets depend on the header's length, which depends on the offsets' digits: lay out twice.
  let entries: SectionEntry[] = [];
  let headerBytes = new Uint8Array(0);
  for (let pass = 0; pass < 3; pass++) {
    let offset = align8(FIXED + headerBytes.length);
    entries = names.map((name) => {
      const a = container.sections[name]!;
      const entry = { name, dtype: dtypeOf(a), offset, length: a.length };
      offset = align8(offset + a.byteLength);
      return entry;
    });
    const next = new TextEncoder().encode(JSON.stringify({ kind: container.kind, meta: container.meta, sections: entries }));
    if (next.length === headerBytes.length) {
      headerBytes = next;
      break;
    }
    headerBytes = next;
  }
  const last = entries[entries.length - 1];
  const total = last ? last.offset + last.length * BYTES[last.dtype] : FIXED + headerBytes.length;
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, headerBytes.length, true);
  out.set(headerBytes, FIXED);
  for (const e of entries) {
    const a = container.sections[e.name]!;
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), e.offset);
  }
  view.setUint32(16, crc32(out.subarray(FIXED)), true);
  return out;
}

/**
 * Reads a container, checking magic, version, checksum and bounds. Sections are
 * views into `bytes` where aligned, copies otherwise.
 * @param what names the thing in messages ("the file", "the saved run").
 */
export function decodeContainer(bytes: Uint8Array, what = 'the file'): Container {
  if (bytes.length < FIXED || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new RunFileError(`${what} is not a SimCLR playground run (it does not start with the run-file signature)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== FORMAT_VERSION) {
    throw new RunFileError(`${what} is in version ${version} of the run format; this playground reads version ${FORMAT_VERSION}`);
  }
  const headerLength = view.getUint32(12, true);
  if (FIXED + headerLength > bytes.length) {
    throw new RunFileError(`${what} is truncated (its header needs ${FIXED + headerLength} bytes, it has ${bytes.length})`);
  }
  if (crc32(bytes.subarray(FIXED)) !== view.getUint32(16, true)) {
    throw new RunFileError(`${what} is damaged or truncated (its checksum does not match its ${bytes.length} bytes)`);
  }
  let header: { kind?: unknown; meta?: unknown; sections?: unknown };
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(FIXED, FIXED + headerLength))) as typeof header;
  } catch {
    throw new RunFileError(`${what} has an unreadable header`);
  }
  if (typeof header.kind !== 'string' || !Array.isArray(header.sections)) throw new RunFileError(`${what} has an incomplete header`);
  const sections: Record<string, SectionArray> = {};
  for (const raw of header.sections as SectionEntry[]) {
    const size = BYTES[raw?.dtype];
    if (!size || typeof raw.name !== 'string' || !Number.isInteger(raw.offset) || !Number.isInteger(raw.length) || raw.offset < FIXED + headerLength
      || raw.length < 0 || raw.offset + raw.length * size > bytes.length) {
      throw new RunFileError(`${what} has a section that does not fit in it (${String(raw?.name)})`);
    }
    sections[raw.name] = sectionView(bytes, raw.dtype, raw.offset, raw.length);
  }
  return { kind: header.kind, meta: header.meta, sections };
}

function sectionView(bytes: Uint8Array, dtype: SectionDtype, offset: number, length: number): SectionArray {
  const start = bytes.byteOffset + offset;
  const aligned = start % BYTES[dtype] === 0;
  const buffer = aligned ? bytes.buffer : bytes.slice(offset, offset + length * BYTES[dtype]).buffer;
  const at = aligned ? start : 0;
  switch (dtype) {
    case 'f32': return new Float32Array(buffer, at, length);
    case 'f64': return new Float64Array(buffer, at, length);
    case 'i32': return new Int32Array(buffer, at, length);
    case 'u8': return new Uint8Array(buffer, at, length);
  }
}

/** The section `name` of type `ctor`, or a RunFileError naming what is missing. */
export function section<T extends SectionArray>(c: Container, name: string, ctor: new (n: number) => T, what = 'the file'): T {
  const a = c.sections[name];
  if (!(a instanceof ctor)) throw new RunFileError(`${what} lacks its "${name}" data`);
  return a;
}
