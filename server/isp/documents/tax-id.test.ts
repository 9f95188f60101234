import { generateCnpj, generateCpf, isValidCnpj as referenceIsValidCnpj, isValidCpf as referenceIsValidCpf } from '@brazilian-utils/brazilian-utils';
import { describe, expect, it } from 'vitest';
import { formatTaxId, isValidCnpj, isValidCpf, normalizeTaxId, taxIdKind } from './tax-id.js';

describe('CPF', () => {
  it('accepts a CPF whose two mod-11 check digits are right, masked or not', () => {
    expect(isValidCpf('529.982.247-25')).toBe(true);
    expect(isValidCpf('52998224725')).toBe(true);
  });

  it('refuses a CPF with either check digit wrong', () => {
    expect(isValidCpf('529.982.247-35')).toBe(false);
    expect(isValidCpf('529.982.247-24')).toBe(false);
  });

  it('refuses the all-same-digit CPFs, whose check digits happen to pass', () => {
    for (const digit of '0123456789') expect(isValidCpf(digit.repeat(11))).toBe(false);
  });

  it('refuses a CPF of the wrong length or with letters', () => {
    expect(isValidCpf('5299822472')).toBe(false);
    expect(isValidCpf('529982247250')).toBe(false);
    expect(isValidCpf('5299822472A')).toBe(false);
  });

  it('agrees with brazilian-utils on 200 generated CPFs and on each of them with a digit changed', () => {
    for (let i = 0; i < 200; i++) {
      const cpf = generateCpf();
      expect(isValidCpf(cpf)).toBe(true);
      const altered = cpf.slice(0, 10) + ((Number(cpf[10]) + 1) % 10);
      expect(isValidCpf(altered)).toBe(referenceIsValidCpf(altered));
    }
  });
});

describe('CNPJ', () => {
  // Receita Federal's example of the alphanumeric CNPJ (Nota Técnica COCAD/SUARA/RFB 49/2024, "CNPJ alfanumérico").
  it("accepts Receita's alphanumeric example 12.ABC.345/01DE-35", () => {
    expect(isValidCnpj('12.ABC.345/01DE-35')).toBe(true);
    expect(isValidCnpj('12abc34501de35')).toBe(true);
  });

  it('refuses the alphanumeric example with a check digit changed, or a letter in the check digits', () => {
    expect(isValidCnpj('12.ABC.345/01DE-36')).toBe(false);
    expect(isValidCnpj('12.ABC.345/01DE-3A')).toBe(false);
  });

  it('keeps validating numeric CNPJs the way it always did', () => {
    expect(isValidCnpj('11.222.333/0001-81')).toBe(true);
    expect(isValidCnpj('11.222.333/0001-80')).toBe(false);
    expect(isValidCnpj('00000000000000')).toBe(false);
  });

  it('agrees with brazilian-utils on 200 generated CNPJs of each kind, numeric and alphanumeric', () => {
    for (let i = 0; i < 200; i++) {
      for (const cnpj of [generateCnpj(), generateCnpj({ version: 2 })]) {
        expect(isValidCnpj(cnpj)).toBe(true);
        expect(referenceIsValidCnpj(cnpj, { version: 2 })).toBe(true);
        const altered = cnpj.slice(0, 13) + ((Number(cnpj[13]) + 1) % 10);
        expect(isValidCnpj(altered)).toBe(referenceIsValidCnpj(altered, { version: 2 }));
      }
    }
  });
});

describe('taxIdKind, normalizeTaxId and formatTaxId', () => {
  it('tells a CPF from a CNPJ, and says null for neither', () => {
    expect(taxIdKind('529.982.247-25')).toBe('cpf');
    expect(taxIdKind('12.ABC.345/01DE-35')).toBe('cnpj');
    expect(taxIdKind('123')).toBeNull();
  });

  it('strips the mask and uppercases', () => {
    expect(normalizeTaxId(' 12.abc.345/01de-35 ')).toBe('12ABC34501DE35');
  });

  it('formats each kind with its own mask', () => {
    expect(formatTaxId('52998224725')).toBe('529.982.247-25');
    expect(formatTaxId('12abc34501de35')).toBe('12.ABC.345/01DE-35');
    expect(formatTaxId('11222333000181')).toBe('11.222.333/0001-81');
  });
});
