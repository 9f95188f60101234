// Reads a generated PDF back with pdf.js, to assert on what a reader really sees rather than on our drawing calls.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

// pdf.js needs the metrics of the 14 standard fonts (Helvetica...) to lay text out; they ship with the package.
const standardFontDataUrl = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts/');

async function openPdf(buf: Buffer) {
  return getDocument({ data: new Uint8Array(buf), standardFontDataUrl, isEvalSupported: false }).promise;
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
