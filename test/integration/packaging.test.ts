/**
 * The installer config, checked offline: against electron-builder's own JSON schema
 * (app-builder-lib/scheme.json), for the security settings that matter, and for the
 * icons it and the tray reference (real PNGs of the right size).
 */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APP_ID } from '../../electron/app/lifecycle';

const ROOT = path.resolve(import.meta.dirname, '../..');
const config = parse(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
const schema = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as object;

const STATUSES = ['ok', 'warning', 'error', 'unknown'];

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** Width and height of a PNG, after checking its signature and every chunk's CRC. */
function readPng(file: string): { width: number; height: number; colorType: number; pixels: Buffer } {
  const png = readFileSync(file);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(typeAndData));
    const type = typeAndData.subarray(0, 4).toString('ascii');
    if (type === 'IHDR') header = typeAndData.subarray(4);
    if (type === 'IDAT') idat.push(typeAndData.subarray(4));
    offset += 12 + length;
  }
  if (!header) throw new Error(`${file}: no IHDR`);
  return {
    width: header.readUInt32BE(0),
    height: header.readUInt32BE(4),
    colorType: header[9] ?? -1,
    pixels: inflateSync(Buffer.concat(idat)),
  };
}

describe('electron-builder config', () => {
  it('is valid against electron-builder’s own schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const valid = ajv.validate(schema, config);
    expect(ajv.errorsText(ajv.errors)).toBe('No errors');
    expect(valid).toBe(true);
    // The schema does reject what electron-builder would: a misspelt key fails.
    expect(ajv.validate(schema, { ...config, electronFuse: {} })).toBe(false);
  });

  it('turns the dangerous fuses off and asar integrity on', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('is a tray app on macOS, shares the app id with the code, and ships the tray icons', () => {
    expect(config.mac).toMatchObject({ extendInfo: { LSUIElement: true } });
    expect(config.appId).toBe(APP_ID);
    expect(config.extraResources).toEqual([{ from: 'build/icons', to: 'icons', filter: ['*.png'] }]);
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(config.win).toMatchObject({ target: ['nsis'] });
  });

  it('references an app icon that is a 512 px RGBA PNG', () => {
    const { width, height, colorType } = readPng(path.join(ROOT, 'build/icon.png'));
    expect([width, height, colorType]).toEqual([512, 512, 6]);
  });

  it.each(STATUSES)('has %s tray icons at 1x and 2x, in colour and as macOS templates', (status) => {
    for (const [suffix, size] of [
      ['', 16],
      ['@2x', 32],
    ] as const) {
      const colour = readPng(path.join(ROOT, `build/icons/tray-${status}${suffix}.png`));
      expect([colour.width, colour.height]).toEqual([size, size]);
      const template = readPng(path.join(ROOT, `build/icons/tray-${status}Template${suffix}.png`));
      expect([template.width, template.height]).toEqual([size, size]);
      // Template images are black and alpha only: macOS tints them for light and dark menu bars.
      const rowBytes = size * 4 + 1;
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const i = y * rowBytes + 1 + x * 4;
          expect([template.pixels[i], template.pixels[i + 1], template.pixels[i + 2]]).toEqual([0, 0, 0]);
        }
      }
    }
  });

  it('draws the statuses differently', () => {
    const pixels = STATUSES.map((s) => readPng(path.join(ROOT, `build/icons/tray-${s}@2x.png`)).pixels.toString('hex'));
    expect(new Set(pixels).size).toBe(STATUSES.length);
  });
});
