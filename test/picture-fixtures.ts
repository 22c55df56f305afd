/**
 * Real picture bytes for the export tests: a PNG made here (any size, a colour gradient), a small
 * JPEG (test/fixtures/pictures/chart-240x160.jpg, rendered by pdftoppm from a drawn PDF), hostile
 * variants, and a reader of the drawings in an exported document.xml.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer) => {
  let c = 0xffffffff;
  for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A `width`×`height` RGB PNG (a gradient). */
export function pngBytes(width: number, height: number): Buffer {
  const row = width * 3 + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) raw.set([(x * 255) / width, (y * 255) / height, 160], y * row + 1 + x * 3);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A 240×160 baseline JPEG. */
export const JPEG_240x160 = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'pictures', 'chart-240x160.jpg'));

/** A PNG whose header says 100000×100000 (a decompression bomb's claim), otherwise well-formed. */
export function hugePng(): Buffer {
  const b = Buffer.from(pngBytes(4, 4));
  b.writeUInt32BE(100_000, 16);
  b.writeUInt32BE(100_000, 20);
  return b;
}

export interface Drawing {
  /** extent in EMU */
  cx: number;
  cy: number;
  descr: string;
  /** the relationship id of the picture's bytes */
  embed: string;
}

/** The drawings of a document.xml, in order. */
export function drawings(xml: string): Drawing[] {
  return [...xml.matchAll(/<w:drawing>(.*?)<\/w:drawing>/gs)].map(([, d]) => ({
    cx: Number(/<wp:extent cx="(\d+)"/.exec(d!)![1]),
    cy: Number(/<wp:extent cx="\d+" cy="(\d+)"/.exec(d!)![1]),
    descr: /<wp:docPr [^>]*descr="([^"]*)"/.exec(d!)?.[1] ?? '',
    embed: /r:embed="([^"]+)"/.exec(d!)![1]!,
  }));
}
