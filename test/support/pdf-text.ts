// Reads a generated PDF back with pdf.js, to assert on what a reader really sees rather than on our drawing calls.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

// pdf.js needs the metrics of the 14 standard fonts (Helvetica...) to lay text out; they ship with the package.
const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts/');

async function openPdf(buf: Buffer) {
  // Without offscreen canvas, pdf.js hands images over as raw pixels that tests can decode.
  return getDocument({
    data: new Uint8Array(buf), standardFontDataUrl, isEvalSupported: false, isOffscreenCanvasSupported: false,
  }).promise;
}

/** All the text of every page, items joined by spaces, pages by a newline. */
export async function pdfText(buf: Buffer): Promise<string> {
  const pdf = await openPdf(buf);
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await pdf.destroy();
  return pages.join('\n');
}

/** How many images the pages paint (a boleto: its barcode, and the PIX QR code when it has one). */
export async function pdfImageCount(buf: Buffer): Promise<number> {
  const pdf = await openPdf(buf);
  let count = 0;
  for (let n = 1; n <= pdf.numPages; n++) {
    const { fnArray } = await (await pdf.getPage(n)).getOperatorList();
    count += fnArray.filter((fn) => fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject).length;
  }
  await pdf.destroy();
  return count;
}

export async function pdfPageCount(buf: Buffer): Promise<number> {
  const pdf = await openPdf(buf);
  const pages = pdf.numPages;
  await pdf.destroy();
  return pages;
}

export interface PdfImage {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, whatever the PDF stored. */
  rgba: Uint8ClampedArray;
}

interface RawImage {
  width: number;
  height: number;
  kind: number;
  data: Uint8Array | Uint8ClampedArray;
}

// pdf.js ImageKind: 1 one bit a pixel (rows padded to bytes), 2 RGB, 3 RGBA.
function toRgba({ width, height, kind, data }: RawImage): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    if (kind === 3) rgba.set(data.subarray(i * 4, i * 4 + 4), i * 4);
    else if (kind === 2) rgba.set([data[i * 3], data[i * 3 + 1], data[i * 3 + 2], 255], i * 4);
    else {
      const rowBytes = Math.ceil(width / 8);
      const x = i % width;
      const bit = (data[Math.floor(i / width) * rowBytes + (x >> 3)] >> (7 - (x & 7))) & 1;
      rgba.set(bit ? [255, 255, 255, 255] : [0, 0, 0, 255], i * 4);
    }
  }
  return rgba;
}

/** The images the pages paint, as pixels, in drawing order. */
export async function pdfImages(buf: Buffer): Promise<PdfImage[]> {
  const pdf = await openPdf(buf);
  const images: PdfImage[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const { fnArray, argsArray } = await page.getOperatorList();
    for (let i = 0; i < fnArray.length; i++) {
      if (fnArray[i] !== OPS.paintImageXObject) continue;
      const image = (await new Promise((resolve) => page.objs.get(argsArray[i][0], resolve))) as RawImage;
      images.push({ width: image.width, height: image.height, rgba: toRgba(image) });
    }
  }
  await pdf.destroy();
  return images;
}
