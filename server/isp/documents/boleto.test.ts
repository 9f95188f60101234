import boletoUtils from '@mrmgomes/boleto-utils';
import { getBoletoInfo, isValidBoleto } from '@brazilian-utils/brazilian-utils';
import { describe, expect, it } from 'vitest';
import {
  amountDueToday, bankCodeWithDv, barcode, barcodeOfLinha, campoLivreBradesco, dateOfFactor, dueFactor, formatLinha,
  linhaDigitavel, nossoNumeroBradesco,
} from './boleto.js';

describe('due factor', () => {
  it('counts the days since 1997-10-07', () => {
    expect(dueFactor('2000-07-03')).toBe(1000);
    expect(dueFactor('2009-04-30')).toBe(4223);
  });

  it('reaches 9999 on 2025-02-21 and starts again at 1000 on 2025-02-22', () => {
    expect(dueFactor('2025-02-21')).toBe(9999);
    expect(dueFactor('2025-02-22')).toBe(1000);
    expect(dueFactor('2025-02-23')).toBe(1001);
  });

  it('reads a factor back as the date of its cycle nearest to the reference date', () => {
    expect(dateOfFactor(1000, '2026-01-01')).toBe('2025-02-22');
    expect(dateOfFactor(9999, '2025-03-01')).toBe('2025-02-21');
    expect(dateOfFactor(4223, '2009-01-01')).toBe('2009-04-30');
    expect(dateOfFactor(dueFactor('2026-07-10'), '2026-06-15')).toBe('2026-07-10');
  });

  it('refuses an impossible date and a factor out of range', () => {
    expect(() => dueFactor('2026-02-30')).toThrow(/inválida/);
    expect(() => dateOfFactor(999)).toThrow(/entre 1000 e 9999/);
  });
});

describe('barcode and linha digitável', () => {
  // Bradesco carteira 06 example of the brcobranca project (kivanio/brcobranca,
  // spec/brcobranca/boleto/banco_bradesco_spec.rb, built from Bradesco's "Manual do bloqueto de cobrança" layout).
  const bradesco06 = {
    campoLivre: '1172060007589645204030050',
    barcode: '23795422300002952951172060007589645204030050',
    linha: '23791.17209 60007.589645 52040.300502 5 42230000295295',
  };
  // The same spec's carteira 03 example.
  const bradesco03 = {
    barcode: '23791377000000135004042030077770016800619000',
    linha: '23794.04201 30077.770011 68006.190000 1 37700000013500',
  };

  it("lays out Bradesco's campo livre as agência, carteira, nosso número, conta and a 0", () => {
    expect(campoLivreBradesco({ agencia: '1172', carteira: '06', nossoNumero: '75896452', conta: '0403005' }))
      .toBe(bradesco06.campoLivre);
    expect(campoLivreBradesco({ agencia: '4042', carteira: '03', nossoNumero: '777700168', conta: '61900' }))
      .toBe('4042030077770016800619000');
  });

  it("builds the published Bradesco barcodes, general DV included", () => {
    expect(barcode({ bankCode: '237', dueDate: '2009-04-30', amountCents: 295295, campoLivre: bradesco06.campoLivre }))
      .toBe(bradesco06.barcode);
    expect(barcode({ bankCode: '237', dueDate: '2008-02-02', amountCents: 13500, campoLivre: '4042030077770016800619000' }))
      .toBe(bradesco03.barcode);
  });

  it('turns a barcode into the published linha digitável, and back', () => {
    for (const example of [bradesco06, bradesco03]) {
      expect(formatLinha(linhaDigitavel(example.barcode))).toBe(example.linha);
      expect(barcodeOfLinha(example.linha)).toBe(example.barcode);
    }
  });

  it('turns a general DV of 0, 10 or 11 into 1', () => {
    // Searching amounts until the mod-11 remainder is 0 or 1 (10 and 11 before the rule) proves the branch runs.
    const codes = Array.from({ length: 60 }, (_, i) =>
      barcode({ bankCode: '237', dueDate: '2026-07-10', amountCents: 10000 + i, campoLivre: bradesco06.campoLivre }));
    expect(codes.some((code) => code[4] === '1')).toBe(true);
    expect(codes.every((code) => code[4] !== '0')).toBe(true);
    // Not boleto-utils here: its mod 11 maps remainders 0 and 1 to a DV of 0 (the arrecadação rule), which
    // FEBRABAN's bank layout never produces; brazilian-utils follows the bank rule.
    for (const code of codes) expect(isValidBoleto(linhaDigitavel(code))).toBe(true);
  });

  it('writes a due date after the 2025 reset the way independent parsers read it', () => {
    const code = barcode({ bankCode: '237', dueDate: '2026-07-10', amountCents: 11990, campoLivre: bradesco06.campoLivre });
    const linha = linhaDigitavel(code);
    expect(isValidBoleto(linha)).toBe(true);
    expect(getBoletoInfo(linha)).toMatchObject({ amount: 11990, bankCode: '237' });
    expect(getBoletoInfo(linha)?.expirationDate?.toISOString().slice(0, 10)).toBe('2026-07-10');
    const parsed = boletoUtils.validarBoleto(linha);
    expect(parsed).toMatchObject({ sucesso: true, codigoBarras: code, valor: 119.9 });
    expect(boletoUtils.linhaDigitavel2CodBarras(linha)).toBe(code);
  });

  it('refuses a linha digitável with a mistyped digit in any field', () => {
    const linha = bradesco06.linha.replace(/\D/g, '');
    for (const position of [5, 15, 25, 40]) {
      const typo = linha.slice(0, position) + ((Number(linha[position]) + 1) % 10) + linha.slice(position + 1);
      expect(() => barcodeOfLinha(typo)).toThrow(/não confere/);
    }
  });

  it('refuses a campo livre that is not 25 digits and an amount past 10 digits', () => {
    expect(() => barcode({ bankCode: '237', dueDate: '2026-07-10', amountCents: 100, campoLivre: '123' })).toThrow(/25 dígitos/);
    expect(() => barcode({ bankCode: '237', dueDate: '2026-07-10', amountCents: 1e10, campoLivre: bradesco06.campoLivre }))
      .toThrow(/Valor/);
  });

  it("prints the bank code with its DV, as on the boleto's header", () => {
    expect(bankCodeWithDv('237')).toBe('237-2');
    expect(bankCodeWithDv('001')).toBe('001-9');
    expect(bankCodeWithDv('341')).toBe('341-7');
    expect(bankCodeWithDv('104')).toBe('104-0');
  });
});

describe("Bradesco's nosso número", () => {
  // Vectors of kivanio/brcobranca, spec/brcobranca/boleto/banco_bradesco_spec.rb ("Montar nosso_numero_boleto").
  it('prints carteira/número-DV, the DV "P" when mod 11 leaves 1', () => {
    expect(nossoNumeroBradesco('06', '00000000525')).toBe('06/00000000525-P');
    expect(nossoNumeroBradesco('09', '00000000001')).toBe('09/00000000001-1');
    expect(nossoNumeroBradesco('19', '00000000002')).toBe('19/00000000002-8');
    expect(nossoNumeroBradesco('19', '6')).toBe('19/00000000006-0');
    expect(nossoNumeroBradesco('19', '00000000001')).toBe('19/00000000001-P');
  });
});

describe('amount due today', () => {
  const charge = { amountCents: 10000, dueDate: '2026-07-10', multaPercent: 2, jurosPercentPerMonth: 1 };

  it('adds nothing before or on the due date', () => {
    expect(amountDueToday({ ...charge, today: '2026-07-01' })).toEqual({ daysLate: 0, multaCents: 0, jurosCents: 0, totalCents: 10000 });
    expect(amountDueToday({ ...charge, today: '2026-07-10' }).totalCents).toBe(10000);
  });

  it('one day late, charges the multa once and one day of juros', () => {
    // 2% of R$ 100,00 = R$ 2,00; 1% a month / 30 = R$ 0,0333… a day, rounded to R$ 0,03.
    expect(amountDueToday({ ...charge, today: '2026-07-11' })).toEqual({ daysLate: 1, multaCents: 200, jurosCents: 3, totalCents: 10203 });
  });

  it('counts juros per calendar day across months, the multa still once', () => {
    // 31 days: R$ 100,00 × 1% × 31/30 = R$ 1,0333… → R$ 1,03.
    expect(amountDueToday({ ...charge, today: '2026-08-10' })).toEqual({ daysLate: 31, multaCents: 200, jurosCents: 103, totalCents: 10303 });
  });

  it('rounds to centavos', () => {
    const due = amountDueToday({ amountCents: 11990, dueDate: '2026-07-10', today: '2026-07-15', multaPercent: 2, jurosPercentPerMonth: 1 });
    // 2% of 119,90 = 2,398 → 2,40; 119,90 × 1% × 5/30 = 0,1998 → 0,20.
    expect(due).toEqual({ daysLate: 5, multaCents: 240, jurosCents: 20, totalCents: 12250 });
  });
});
