// Reads a QR code back out of a PNG, to check what a document's QR really carries.
import jsQR from 'jsqr';
import sharp from 'sharp';

export async function qrText(png: Buffer): Promise<string | null> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data ?? null;
}
