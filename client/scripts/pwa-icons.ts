// Draws the installable app's icons (client/public/icons/*.png) from one SVG with sharp. Run once after
// changing the drawing and commit the PNGs: `npx tsx client/scripts/pwa-icons.ts`.
// The drawing: a grid of nine cells (the unit grids) with a patrol's way walked through it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

const OUT = join(import.meta.dirname, '..', 'public', 'icons');
const BRAND = '#1d5a8c';
const TRACK = '#5fb3a1';

/** The icon on a 512 × 512 canvas; `inset` shrinks the drawing into the middle (maskable icons keep a safe zone). */
function svg(inset: number, rounded: boolean): string {
  const s = 512;
  const a = 96 + inset;
  const b = s - a;
  const c = (b - a) / 3;
  const lines = [1, 2].flatMap((i) => [
    `<line x1="${a + i * c}" y1="${a}" x2="${a + i * c}" y2="${b}"/>`,
    `<line x1="${a}" y1="${a + i * c}" x2="${b}" y2="${a + i * c}"/>`,
  ]).join('');
  const p = (x: number, y: number) => `${a + x * c},${a + y * c}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${s}" height="${s}" viewBox="0 0 ${s} ${s}">
  <rect width="${s}" height="${s}" rx="${rounded ? 96 : 0}" fill="${BRAND}"/>
  <g stroke="#ffffff" stroke-opacity="0.9" stroke-width="${14 - inset / 16}" fill="none" stroke-linecap="round">
    <rect x="${a}" y="${a}" width="${b - a}" height="${b - a}" rx="10"/>${lines}
  </g>
  <polyline points="${p(0.5, 2.6)} ${p(0.5, 1.5)} ${p(1.5, 1.5)} ${p(1.5, 0.5)} ${p(2.5, 0.5)}" fill="none" stroke="${TRACK}" stroke-width="${30 - inset / 8}" stroke-linecap="round" stroke-linejoin="round"/>
  <circle cx="${a + 2.5 * c}" cy="${a + 0.5 * c}" r="${34 - inset / 8}" fill="#ffffff" stroke="${TRACK}" stroke-width="14"/>
</svg>`;
}

mkdirSync(OUT, { recursive: true });
const icons: [string, number, number, boolean][] = [
  ['icon-192.png', 192, 0, true],
  ['icon-512.png', 512, 0, true],
  // maskable: the platform cuts its own shape; the drawing stays within the middle 80 %
  ['icon-maskable-512.png', 512, 48, false],
  ['apple-touch-icon.png', 180, 24, false],
];
for (const [name, size, inset, rounded] of icons) {
  await sharp(Buffer.from(svg(inset, rounded))).resize(size, size).png({ compressionLevel: 9 }).toFile(join(OUT, name));
  console.log(`${name} ${size}×${size}`);
}
