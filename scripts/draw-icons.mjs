#!/usr/bin/env node
/**
 * Draws Kubeward's icons as PNGs with no image library: a ring (the "ward") around a
 * status dot, antialiased by supersampling, encoded with node:zlib and a CRC-32.
 * Writes build/icon.png (the app icon) and build/icons/tray-<status>[Template][@2x].png.
 * Run: node scripts/draw-icons.mjs
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const ROOT = path.resolve(import.meta.dirname, '..');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** RGBA pixels (size*size*4) to a PNG file. */
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const COLORS = {
  ok: [46, 160, 67],
  warning: [219, 150, 0],
  error: [218, 54, 51],
  unknown: [128, 128, 128],
};

/**
 * Coverage of the shape at a point in unit coordinates (0..1): a ring and a centre dot.
 * Returns 'ring' | 'dot' | undefined.
 */
function shapeAt(x, y, dotScale) {
  const r = Math.hypot(x - 0.5, y - 0.5);
  if (r <= 0.47 && r >= 0.36) return 'ring';
  if (r <= 0.22 * dotScale) return 'dot';
  return undefined;
}

/** Supersampled 4x4: smooth edges even at 16 px. */
function draw(size, paint, dotScale = 1) {
  const rgba = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const part = shapeAt((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size, dotScale);
          if (!part) continue;
          const [cr, cg, cb] = paint(part);
          r += cr;
          g += cg;
          b += cb;
          a += 1;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
        rgba[i + 3] = Math.round((a / (n * n)) * 255);
      }
    }
  }
  return encodePng(size, rgba);
}

const RING = [36, 41, 47];

function write(file, png) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, png);
}

for (const [status, color] of Object.entries(COLORS)) {
  // Colour icons (Windows, Linux): a dark ring and the status colour in the middle.
  const colour = (part) => (part === 'ring' ? RING : color);
  // macOS template icons: black and alpha only; the OS tints them. Status shows as the dot's size.
  const template = () => [0, 0, 0];
  const dotScale = { ok: 0.5, warning: 0.8, error: 1.15, unknown: 0 }[status];
  for (const [suffix, scale] of [
    ['', 1],
    ['@2x', 2],
  ]) {
    write(path.join(ROOT, 'build/icons', `tray-${status}${suffix}.png`), draw(16 * scale, colour));
    write(path.join(ROOT, 'build/icons', `tray-${status}Template${suffix}.png`), draw(16 * scale, template, dotScale));
  }
}
write(
  path.join(ROOT, 'build/icon.png'),
  draw(512, (part) => (part === 'ring' ? [50, 108, 229] : COLORS.ok)),
);
console.log('icons written to build/');
