import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { pdfImages, pdfPageCount, pdfText } from '../../../test/support/pdf-text.js';
import { danfeComPdf, type DanfeComInput } from './danfe-com-pdf.js';
import { formatAccessKey, nfcomAccessKey, nfcomQrCodeUrl } from './nfcom.js';

const accessKey = nfcomAccessKey({
  uf: 'PE', issuedAt: '2026-07-01', cnpj: '11222333000181', series: 1, number: 4521, numericCode: 8264031,
});

const input: DanfeComInput = {
  emitente: { name: 'Conecta Sertão Telecom Ltda', taxId: '11222333000181', address: 'Rua da Aurora, 100, Recife - PE' },
  destinatario: { name: 'Maria das Graças Souza', taxId: '52998224725', address: 'Av. Boa Viagem, 2000, Recife - PE' },
  number: '4521',
  series: '1',
  issuedAt: '2026-07-01T09:30:00-03:00',
  accessKey,
  tpAmb: 1,
  authorizationProtocol: '326260000123456',
  items: [
    { description: 'Plano Fibra 500 Mega — julho/2026', amountCents: 9990 },
    { description: 'Aluguel de roteador Wi-Fi 6', amountCents: 2000 },
  ],
};

describe('danfeComPdf', () => {
  it('names itself DANFE-COM and prints emitente, destinatário, número, série, modelo and data de emissão', async () => {
    const text = await pdfText(await danfeComPdf(input));
    expect(text).toContain('DANFE-COM');
    expect(text).toContain('Documento Auxiliar da Nota Fiscal Fatura de Serviços de Comunicação Eletrônica');
    expect(text).toContain('Conecta Sertão Telecom Ltda');
    expect(text).toContain('CPF/CNPJ: 11.222.333/0001-81');
    expect(text).toContain('Maria das Graças Souza');
    expect(text).toContain('CPF/CNPJ: 529.982.247-25');
    expect(text).toMatch(/Número\s+4521/);
    expect(text).toMatch(/Modelo\s+62/);
    expect(text).toContain('01/07/2026');
  });

  it('prints the access key in groups of four, the items and their total', async () => {
    const text = await pdfText(await danfeComPdf(input));
    expect(text).toContain(formatAccessKey(accessKey));
    expect(text).toContain('Plano Fibra 500 Mega — julho/2026');
    expect(text).toContain('R$ 99,90');
    expect(text).toContain('R$ 20,00');
    expect(text).toContain('VALOR TOTAL DA NOTA: R$ 119,90');
    expect(await pdfPageCount(await danfeComPdf(input))).toBe(1);
  });

  it("carries a QR code that decodes to the nota's SVRS consultation URL", async () => {
    const [qr] = await pdfImages(await danfeComPdf(input));
    expect(jsQR(qr.rgba, qr.width, qr.height)?.data).toBe(nfcomQrCodeUrl(accessKey, 1));
  });

  it('warns that a nota of homologação has no fiscal value, and its QR code says tpAmb=2', async () => {
    const pdf = await danfeComPdf({ ...input, tpAmb: 2 });
    expect(await pdfText(pdf)).toContain('SEM VALOR FISCAL');
    const [qr] = await pdfImages(pdf);
    expect(jsQR(qr.rgba, qr.width, qr.height)?.data).toMatch(/&tpAmb=2$/);
  });
});
