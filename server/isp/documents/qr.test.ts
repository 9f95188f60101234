import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { qrText } from '../../../test/support/qr-text.js';
import { pixCopiaECola } from './pix.js';
import { qrPng } from './qr.js';

describe('qrPng', () => {
  it('draws a PNG of the requested width that jsQR decodes to the exact PIX text', async () => {
    const text = pixCopiaECola({
      key: '123e4567-e12b-12d1-a456-426655440000', merchantName: 'Provedor Exemplo', merchantCity: 'Recife',
      amountCents: 11990, txid: 'FAT2026070001',
    });
    const png = await qrPng(text, 300);
    expect((await sharp(png).metadata()).width).toBe(300);
    expect(await qrText(png)).toBe(text);
  });
});
