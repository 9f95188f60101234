import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { pdfImageCount, pdfImages, pdfPageCount, pdfText } from '../../../test/support/pdf-text.js';
import { barcode, campoLivreBradesco, formatLinha, linhaDigitavel, nossoNumeroBradesco } from './boleto.js';
import { boletoPdf, type BoletoPdfInput } from './boleto-pdf.js';
import { pixCopiaECola } from './pix.js';

const campoLivre = campoLivreBradesco({ agencia: '1172', carteira: '09', nossoNumero: '00000012345', conta: '0403005' });
const code = barcode({ bankCode: '237', dueDate: '2026-07-10', amountCents: 11990, campoLivre });
const linha = linhaDigitavel(code);

const input: BoletoPdfInput = {
  beneficiario: { name: 'Conecta Sertão Telecom Ltda', taxId: '11222333000181', address: 'Rua da Aurora, 100, Recife - PE, 50050-000' },
  pagador: { name: 'Maria das Graças Souza', taxId: '52998224725', address: 'Av. Boa Viagem, 2000, ap. 301, Recife - PE, 51020-000' },
  bank: { code: '237', name: 'Banco Bradesco S.A.', agencia: '1172-0', conta: '0403005-2' },
  charge: { nossoNumero: nossoNumeroBradesco('09', '00000012345'), documentNumber: 'FAT-2026-07-0001', dueDate: '2026-07-10', amountCents: 11990, issuedAt: '2026-06-25' },
  barcode: code,
  linhaDigitavel: linha,
  pixCopiaECola: null,
  instructions: ['Após o vencimento, multa de 2% e juros de 1% ao mês.', 'Não receber após 60 dias do vencimento.'],
};

describe('boletoPdf', () => {
  it('prints the bank code with its DV, the formatted linha digitável, the parties and the amount', async () => {
    const text = await pdfText(await boletoPdf(input));
    expect(text).toContain('237-2');
    expect(text).toContain(formatLinha(linha));
    expect(text).toContain('Conecta Sertão Telecom Ltda — CPF/CNPJ 11.222.333/0001-81');
    expect(text).toContain('Maria das Graças Souza — CPF/CNPJ 529.982.247-25');
    expect(text).toContain('Av. Boa Viagem, 2000');
    expect(text).toContain('R$ 119,90');
    expect(text).toContain('10/07/2026');
    expect(text).toContain(nossoNumeroBradesco('09', '00000012345'));
    expect(text).toContain('Não receber após 60 dias do vencimento.');
  });

  it('has the boxes of a ficha de compensação and a recibo do pagador', async () => {
    const text = await pdfText(await boletoPdf(input));
    for (const label of [
      'Local de pagamento', 'Vencimento', 'Beneficiário', 'Agência/Código do beneficiário', 'Nosso número',
      '(=) Valor do documento', '(-) Desconto / Abatimento', '(+) Mora / Multa', '(=) Valor cobrado', 'Pagador',
      'Instruções', 'Recibo do Pagador', 'Ficha de Compensação',
    ]) expect(text).toContain(label);
  });

  it('fits on one A4 page with the barcode as its only image when there is no PIX', async () => {
    const pdf = await boletoPdf(input);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pdfPageCount(pdf)).toBe(1);
    expect(await pdfImageCount(pdf)).toBe(1);
  });

  it('adds the PIX QR code and prints the copia e cola under it for a boleto híbrido', async () => {
    const pix = pixCopiaECola({ key: '11222333000181', merchantName: 'Conecta Sertao Telecom', merchantCity: 'Recife', amountCents: 11990, txid: 'FAT2026070001' });
    const pdf = await boletoPdf({ ...input, pixCopiaECola: pix });
    expect(await pdfImageCount(pdf)).toBe(2);
    expect(await pdfPageCount(pdf)).toBe(1);
    const decoded = (await pdfImages(pdf)).map((image) => jsQR(image.rgba, image.width, image.height)?.data);
    expect(decoded).toContain(pix);
    // The copia e cola wraps across lines; joined back it is the exact text.
    expect((await pdfText(pdf)).replace(/\s+/g, '')).toContain(pix.replace(/\s+/g, ''));
  });

  it('shows mora/multa and the amount charged when the charge is overdue', async () => {
    const text = await pdfText(await boletoPdf({ ...input, charge: { ...input.charge, amountDueTodayCents: 12250 } }));
    expect(text).toContain('R$ 2,60');
    expect(text).toContain('R$ 122,50');
  });
});
