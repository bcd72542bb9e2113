/**
 * Writes the dashboard's icons in public/ from public/icon.svg (the logo mark of
 * app/_components/logo-mark.tsx with its colours): favicon.ico (16, 32 and 48 px), the 180 px
 * apple-touch-icon and the manifest's 192 and 512 px icons. Chromium renders the SVG, so the
 * pixels are the browser's own; the ICO holds PNG images, which every current browser reads.
 * Run after changing the logo: `npx tsx scripts/make-icons.ts`.
 */
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";

const PUBLIC = path.join(process.cwd(), "public");
// The site header's background (slate-900): icons that a system shows on its own tile get it,
// since iOS fills transparency with black and launchers with white.
const TILE = "#0f172a";

/** An ICO file whose images are PNGs (allowed since Windows Vista; every browser reads them). */
function icoFromPngs(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0); // width (0 means 256)
    entry.writeUInt8(size >= 256 ? 0 : size, 1); // height
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3); // reserved
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

async function main(): Promise<void> {
  const svg = fs.readFileSync(path.join(PUBLIC, "icon.svg"), "utf8");
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"],
  });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    /** The logo at `size` px; on a tile, it fills `scale` of the tile and is centred. */
    const render = async (size: number, tile?: { background: string; scale: number }): Promise<Buffer> => {
      const mark = Math.round(size * (tile?.scale ?? 1));
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(
        `<html><body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;background:${tile?.background ?? "transparent"}">` +
          svg.replace("<svg ", `<svg width="${mark}" height="${mark}" `) +
          "</body></html>",
      );
      return await page.screenshot({ omitBackground: !tile, clip: { x: 0, y: 0, width: size, height: size } });
    };
    const write = (name: string, data: Buffer) => {
      fs.writeFileSync(path.join(PUBLIC, name), data);
      console.log(`public/${name}: ${data.length} bytes`);
    };
    write("favicon.ico", icoFromPngs(await Promise.all([16, 32, 48].map(async (size) => ({ size, png: await render(size) })))));
    write("apple-touch-icon.png", await render(180, { background: TILE, scale: 0.75 }));
    // 0.6 keeps the mark inside the safe circle of launchers that crop icons to a shape.
    write("icon-192.png", await render(192, { background: TILE, scale: 0.6 }));
    write("icon-512.png", await render(512, { background: TILE, scale: 0.6 }));
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
