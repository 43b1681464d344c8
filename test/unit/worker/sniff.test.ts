import { describe, expect, it } from 'vitest';
import { looksTruncated, sniffImage } from '../../../src/worker/dataset/sniff';

const bytes = (...parts: (number[] | string)[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));
const u32be = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

describe('sniffImage', () => {
  it('reads PNG dimensions from IHDR', () => {
    const png = bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], u32be(13), 'IHDR', u32be(10000), u32be(10000), [8, 6, 0, 0, 0]);
    expect(sniffImage(png)).toEqual({ format: 'png', width: 10000, height: 10000 });
  });

  it('walks JPEG markers to the frame and reads size and components (CMYK = 4)', () => {
    const app0 = [0xff, 0xe0, 0, 16, ...new Array(14).fill(0)];
    const sof = [0xff, 0xc0, 0, 17, 8, 480 >> 8, 480 & 255, 640 >> 8, 640 & 255, 4, ...new Array(12).fill(0)];
    expect(sniffImage(bytes([0xff, 0xd8], app0, sof))).toEqual({ format: 'jpeg', width: 640, height: 480, components: 4 });
    // truncated before the frame: still a JPEG, size unknown
    expect(sniffImage(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16]))).toEqual({ format: 'jpeg' });
  });

  it('reads GIF and BMP sizes', () => {
    expect(sniffImage(bytes('GIF89a', [0x20, 0x01, 0x10, 0x00]))).toEqual({ format: 'gif', width: 288, height: 16 });
    const bmp = new Uint8Array(30);
    bmp.set(bytes('BM'));
    new DataView(bmp.buffer).setInt32(18, 12, true);
    new DataView(bmp.buffer).setInt32(22, -7, true);
    expect(sniffImage(bmp)).toEqual({ format: 'bmp', width: 12, height: 7 });
  });

  it('recognises SVG text and refuses to guess at anything else', () => {
    expect(sniffImage(bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>')).format).toBe('svg');
    expect(sniffImage(bytes('  <svg viewBox="0 0 1 1"/>')).format).toBe('svg');
    expect(sniffImage(bytes('hello, not an image')).format).toBe('unknown');
    expect(sniffImage(new Uint8Array(0)).format).toBe('unknown');
  });
});

describe('looksTruncated', () => {
  it('wants the end marker of PNG, JPEG and GIF files', () => {
    const iend = [0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];
    expect(looksTruncated('png', Uint8Array.from([1, 2, 3, ...iend]))).toBe(false);
    expect(looksTruncated('png', Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))).toBe(true);
    expect(looksTruncated('jpeg', Uint8Array.from([9, 9, 0xff, 0xd9]))).toBe(false);
    expect(looksTruncated('jpeg', Uint8Array.from([0xff, 0xd9, 0, 0]))).toBe(false); // trailing bytes after EOI are common
    expect(looksTruncated('jpeg', Uint8Array.from([9, 9, 0xff, 0xda, 1, 2]))).toBe(true);
    expect(looksTruncated('gif', Uint8Array.from([0, 0x3b]))).toBe(false);
    expect(looksTruncated('gif', Uint8Array.from([0, 1, 2]))).toBe(true);
    expect(looksTruncated('webp', Uint8Array.from([0]))).toBe(false);
  });
});
