// QR codes for the PIX copia-e-cola and the NFCom consultation URL.
import QRCode from 'qrcode';

/** A PNG of `text`, `sizePx` wide, with error correction M (what banks print on boletos). */
export const qrPng = (text: string, sizePx: number): Promise<Buffer> =>
  QRCode.toBuffer(text, { type: 'png', width: sizePx, margin: 2, errorCorrectionLevel: 'M' });
