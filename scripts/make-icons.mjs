// Draws Earshot's icons (a five-bar waveform on the accent colour) into public/.
// Plain Node, no image tools: shapes are rounded rectangles rendered with 4×4 supersampling and written as
// PNG (zlib). The outputs are committed; run `node scripts/make-icons.mjs` only when the design changes.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'public');
const ACCENT = [0xc2, 0x27, 0x2d];
const WHITE = [0xff, 0xff, 0xff];
const BAR_HEIGHTS = [0.34, 0.68, 1, 0.68, 0.34]; // of the glyph box, centred vertically

/** Shapes in unit coordinates (0..1 across the icon): [{x0, y0, x1, y1, r, rgb}]. Later shapes paint over earlier. */
function design({ glyph, cornerRadius }) {
  const shapes = [{ x0: 0, y0: 0, x1: 1, y1: 1, r: cornerRadius, rgb: ACCENT }];
  const bars = BAR_HEIGHTS.length;
  const pitch = glyph / bars; // bar + gap
  const width = pitch * 0.62;
  const left = (1 - glyph) / 2 + (pitch - width) / 2;
  BAR_HEIGHTS.forEach((h, i) => {
    const half = (glyph * h) / 2;
    const x0 = left + i * pitch;
    shapes.push({ x0, y0: 0.5 - half, x1: x0 + width, y1: 0.5 + half, r: width / 2, rgb: WHITE });
  });
  return shapes;
}

function inside(s, x, y) {
  if (x < s.x0 || x > s.x1 || y < s.y0 || y > s.y1) return false;
  const cx = Math.min(Math.max(x, s.x0 + s.r), s.x1 - s.r);
  const cy = Math.min(Math.max(y, s.y0 + s.r), s.y1 - s.r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= s.r ** 2;
}

/** RGBA pixels, premultiplied-free: colour from the topmost covering shape per sample, alpha from coverage. */
function render(size, shapes) {
  const SS = 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0];
      let covered = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const x = (px + (sx + 0.5) / SS) / size;
          const y = (py + (sy + 0.5) / SS) / size;
          let rgb = null;
          for (const s of shapes) if (inside(s, x, y)) rgb = s.rgb;
          if (!rgb) continue;
          covered++;
          for (let c = 0; c < 3; c++) sum[c] += rgb[c];
        }
      }
      const o = (py * size + px) * 4;
      if (covered === 0) continue;
      for (let c = 0; c < 3; c++) rgba[o + c] = Math.round(sum[c] / covered);
      rgba[o + 3] = Math.round((255 * covered) / (SS * SS));
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
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

function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** An .ico holding one PNG image (supported by every browser that reads .ico). */
function ico(size, pngData) {
  const header = Buffer.alloc(6 + 16);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(1, 4); // one image
  header[6] = size; // width (0 would mean 256)
  header[7] = size;
  header.writeUInt16LE(1, 10); // colour planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(pngData.length, 14);
  header.writeUInt32LE(header.length, 18);
  return Buffer.concat([header, pngData]);
}

function svg(shapes) {
  const hex = (rgb) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  const n = (v) => +(v * 100).toFixed(2);
  const rects = shapes.map(
    (s) => `<rect x="${n(s.x0)}" y="${n(s.y0)}" width="${n(s.x1 - s.x0)}" height="${n(s.y1 - s.y0)}" rx="${n(s.r)}" fill="${hex(s.rgb)}"/>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">${rects.join('')}</svg>\n`;
}

// "any" icons are rounded squares; the maskable and Apple icons are full-bleed, because the platform crops
// them (maskable: everything outside the central 80% circle may be cut, so the glyph stays well inside it).
const rounded = design({ glyph: 0.58, cornerRadius: 0.22 });
const fullBleed = design({ glyph: 0.58, cornerRadius: 0 });
const maskable = design({ glyph: 0.46, cornerRadius: 0 });

mkdirSync(out, { recursive: true });
const write = (name, data) => {
  writeFileSync(path.join(out, name), data);
  console.log(`${name}: ${data.length} bytes`);
};
write('pwa-192x192.png', png(192, render(192, rounded)));
write('pwa-512x512.png', png(512, render(512, rounded)));
write('maskable-512x512.png', png(512, render(512, maskable)));
write('apple-touch-icon-180x180.png', png(180, render(180, fullBleed)));
write('favicon.ico', ico(32, png(32, render(32, rounded))));
write('favicon.svg', svg(rounded));
