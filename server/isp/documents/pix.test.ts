import { getPixPayloadInfo, isValidPixPayload } from '@brazilian-utils/brazilian-utils';
import { hasError, parsePix } from 'pix-utils';
import { describe, expect, it } from 'vitest';
import { crc16, pixCopiaECola } from './pix.js';

describe('crc16', () => {
  it('is CRC-16/CCITT-FALSE: the catalogue check value of "123456789" is 29B1', () => {
    // Check value from the CRC RevEng catalogue (CRC-16/IBM-3740, alias CCITT-FALSE).
    expect(crc16('123456789')).toBe('29B1');
  });
});

describe('pixCopiaECola', () => {
  it("reproduces the static example of BCB's Manual de Padrões para Iniciação do Pix, CRC 1D3D", () => {
    // Manual de Padrões para Iniciação do Pix (BCB), example of a static BR Code with a random key.
    const example =
      '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';
    expect(pixCopiaECola({ key: '123e4567-e12b-12d1-a456-426655440000', merchantName: 'Fulano de Tal', merchantCity: 'BRASILIA' }))
      .toBe(example);
  });

  it('writes amount, txid and description that pix-utils and brazilian-utils read back', () => {
    const code = pixCopiaECola({
      key: 'financeiro@provedor.com.br', merchantName: 'Conexão São João', merchantCity: 'São Gonçalo',
      amountCents: 12990, txid: 'FAT2026070001', description: 'Fatura julho',
    });
    expect(code).toContain('5406129.90');
    const parsed = parsePix(code);
    expect(hasError(parsed)).toBe(false);
    expect(parsed).toMatchObject({
      type: 'STATIC', pixKey: 'financeiro@provedor.com.br', merchantName: 'Conexao Sao Joao',
      merchantCity: 'Sao Goncalo', transactionAmount: 129.9, txid: 'FAT2026070001', infoAdicional: 'Fatura julho',
    });
    expect(isValidPixPayload(code)).toBe(true);
    expect(getPixPayloadInfo(code)).toMatchObject({ key: 'financeiro@provedor.com.br', amount: 129.9, txid: 'FAT2026070001' });
  });

  it('leaves the amount out when none is given, so the payer types it', () => {
    const code = pixCopiaECola({ key: '+5511987654321', merchantName: 'Provedor', merchantCity: 'Recife' });
    expect(code).not.toMatch(/54\d\d\d+\.\d\d/);
    expect(parsePix(code)).toMatchObject({ transactionAmount: 0 });
  });

  it('closes with a CRC that breaks when any character changes', () => {
    const code = pixCopiaECola({ key: '+5511987654321', merchantName: 'Provedor', merchantCity: 'Recife', amountCents: 100 });
    const tampered = code.replace('54041.00', '54042.00');
    expect(hasError(parsePix(tampered))).toBe(true);
    expect(code.slice(-4)).toBe(crc16(code.slice(0, -4)));
  });

  it('refuses a merchant name over 25 characters, a city over 15 and a txid that is not alphanumeric', () => {
    const base = { key: '+5511987654321', merchantName: 'Provedor', merchantCity: 'Recife' };
    expect(() => pixCopiaECola({ ...base, merchantName: 'Provedor de Internet Muito Longo' })).toThrow(/Nome do recebedor.*25/);
    expect(() => pixCopiaECola({ ...base, merchantCity: 'São José dos Campos' })).toThrow(/Cidade.*15/);
    expect(() => pixCopiaECola({ ...base, txid: 'fatura-07' })).toThrow(/txid/);
    expect(() => pixCopiaECola({ ...base, txid: 'A'.repeat(26) })).toThrow(/txid/);
  });

  it('refuses a key and description that overflow field 26', () => {
    expect(() => pixCopiaECola({ key: 'a'.repeat(70) + '@x.com', merchantName: 'P', merchantCity: 'R', description: 'x'.repeat(20) }))
      .toThrow(/campo 26/);
  });
});
