/**
 * What an image file is, read from its first bytes, before any decoder sees it:
 * the format and, where the header holds them, the dimensions. Lets the worker
 * refuse an SVG, a non-image or a gigantic image with a clear reason instead of
 * handing it to the browser's decoder.
 */
export type SniffedFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'svg' | 'unknown';

export interface Sniffed {
  format: SniffedFormat;
  /** Pixels, when the header gives them. */
  width?: number;
  height?: number;
  /** JPEG colour components (4 for CMYK). */
  components?: number;
}

/** Reads format and size from the first bytes of a file (64 KiB is plenty for every format here). */
export function sniffImage(bytes: Uint8Array): Sniffed {
  const b = bytes;
  const u16be = (i: number) => (b[i]! << 8) | b[i + 1]!;
  const u32be = (i: number) => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
  const u16le = (i: number) => b[i]! | (b[i + 1]! << 8);
  const ascii = (i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

  if (b.length >= 24 && u32be(0) === 0x89504e47 && u32be(4) === 0x0d0a1a0a) {
    return { format: 'png', width: u32be(16), height: u32be(20) };
  }
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    return { format: 'jpeg', ...jpegFrame(b) };
  }
  if (b.length >= 10 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) {
    return { format: 'gif', width: u16le(6), height: u16le(8) };
  }
  if (b.length >= 30 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') {
    const chunk = ascii(12, 4);
    if (chunk === 'VP8X') return { format: 'webp', width: 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16)), height: 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16)) };
    if (chunk === 'VP8 ') return { format: 'webp', width: u16le(26) & 0x3fff, height: u16le(28) & 0x3fff };
    if (chunk === 'VP8L') {
      const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
      return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    return { format: 'webp' };
  }
  if (b.length >= 26 && ascii(0, 2) === 'BM') {
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    return { format: 'bmp', width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) };
  }
  const head = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 1024)).trimStart().toLowerCase();
  if ((head.startsWith('<?xml') || head.startsWith('<svg') || head.startsWith('<!doctype svg')) && head.includes('<svg')) {
    return { format: 'svg' };
  }
  void u16be;
  return { format: 'unknown' };
}

/** Walks JPEG markers to the first start-of-frame and reads its size and component count. */
function jpegFrame(b: Uint8Array): { width?: number; height?: number; components?: number } {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) {
      i++;
      continue;
    }
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    const length = (b[i + 2]! << 8) | b[i + 3]!;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      return { height: (b[i + 5]! << 8) | b[i + 6]!, width: (b[i + 7]! << 8) | b[i + 8]!, components: b[i + 9] };
    }
    if (marker === 0xd9 || marker === 0xda) break;
    i += 2 + length;
  }
  return {};
}

/**
 * Whether a file of `format` ends the way a whole file must: PNG with its IEND
 * chunk, JPEG with an end-of-image marker (FF D9) near the end, GIF with its
 * trailer byte. Browsers decode a cut-off JPEG or PNG without complaint (the
 * missing part comes out grey), which would put a damaged image into training.
 * @param tail the file's last bytes (1 KiB is plenty).
 */
export function looksTruncated(format: SniffedFormat, tail: Uint8Array): boolean {
  const n = tail.length;
  switch (format) {
    case 'png': {
      const iend = [0x49, 0x45, 0x4e, 0x44];
      for (let i = n - 8; i >= Math.max(0, n - 64); i--) {
        if (iend.every((b, k) => tail[i + k] === b)) return false;
      }
      return true;
    }
    case 'jpeg':
      for (let i = n - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return false;
      return true;
    case 'gif':
      for (let i = n - 1; i >= Math.max(0, n - 16); i--) if (tail[i] === 0x3b) return false;
      return true;
    default:
      return false;
  }
}
