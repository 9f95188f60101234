import { getNfeKeyInfo, isValidNfeKey } from '@brazilian-utils/brazilian-utils';
import { describe, expect, it } from 'vitest';
import { formatAccessKey, isValidAccessKey, nfcomAccessKey, nfcomQrCodeUrl } from './nfcom.js';

// An NFCom of a São Paulo provider (série 1, nº 3, November 2025), published in the mk-auth NFCom sample of
// a public repository together with its SVRS QR code URL.
const PUBLISHED_KEY = '35251120843290000142620010000000031002292974';

describe('NFCom access key', () => {
  it('rebuilds the published key from its fields: cUF AAMM CNPJ mod série nNF tpEmis nSiteAutoriz cNF cDV', () => {
    expect(nfcomAccessKey({
      uf: 'SP', issuedAt: '2025-11-20T10:00:00-03:00', cnpj: '20.843.290/0001-42', series: 1, number: 3,
      emissionType: 1, authorizationSite: 0, numericCode: '0229297',
    })).toBe(PUBLISHED_KEY);
  });

  it('makes keys brazilian-utils reads back field by field, nSiteAutoriz and the 7-digit cNF included', () => {
    const key = nfcomAccessKey({
      uf: 'PE', issuedAt: '2026-08-01', cnpj: '11222333000181', series: 2, number: 123456, emissionType: 2,
      authorizationSite: 1, numericCode: 7654321,
    });
    expect(isValidNfeKey(key)).toBe(true);
    expect(getNfeKeyInfo(key)).toMatchObject({
      stateCode: 'PE', year: 2026, month: 8, taxId: '11222333000181', model: '62', series: 2, number: 123456,
      emissionType: 2, authorizationSite: 1, code: '7654321',
    });
  });

  it('agrees with brazilian-utils on the check digit of 100 keys', () => {
    for (let i = 1; i <= 100; i++) {
      const key = nfcomAccessKey({ uf: 'RS', issuedAt: '2026-01-15', cnpj: '11222333000181', series: 1, number: i * 7919, numericCode: i * 31 });
      expect(isValidNfeKey(key)).toBe(true);
      expect(isValidAccessKey(key)).toBe(true);
    }
  });

  it("takes an alphanumeric CNPJ, its letters worth ASCII − 48 in the check digit (NT 2025.001)", () => {
    const key = nfcomAccessKey({ uf: 'PE', issuedAt: '2026-08-01', cnpj: '12.ABC.345/01DE-35', series: 1, number: 42, numericCode: 1234567 });
    expect(key.slice(6, 20)).toBe('12ABC34501DE35');
    expect(isValidAccessKey(key)).toBe(true);
    expect(isValidAccessKey(key.slice(0, 43) + ((Number(key[43]) + 1) % 10))).toBe(false);
  });

  it('refuses a key with a wrong check digit, another model, or an unknown emission type', () => {
    expect(isValidAccessKey(PUBLISHED_KEY)).toBe(true);
    expect(isValidAccessKey(PUBLISHED_KEY.slice(0, 43) + '5')).toBe(false);
    // A valid NF-e (modelo 55) key is not an NFCom one.
    expect(isValidAccessKey('35170458716523000119550010000000121000123458')).toBe(false);
    expect(isValidAccessKey(PUBLISHED_KEY.slice(0, 34) + '9' + PUBLISHED_KEY.slice(35))).toBe(false);
  });

  it('refuses fields that do not fit their places', () => {
    const base = { uf: 'SP' as const, issuedAt: '2026-01-15', cnpj: '11222333000181', series: 1, number: 1, numericCode: 1 };
    expect(() => nfcomAccessKey({ ...base, cnpj: '11222333000180' })).toThrow(/CNPJ/);
    expect(() => nfcomAccessKey({ ...base, number: 0 })).toThrow(/Número/);
    expect(() => nfcomAccessKey({ ...base, series: 1000 })).toThrow(/Série/);
    expect(() => nfcomAccessKey({ ...base, numericCode: 12345678 })).toThrow(/cNF/);
  });

  it('prints the key in eleven groups of four', () => {
    expect(formatAccessKey(PUBLISHED_KEY)).toBe('3525 1120 8432 9000 0142 6200 1000 0000 0310 0229 2974');
    expect(formatAccessKey(`NFCom${PUBLISHED_KEY}`)).toBe(formatAccessKey(PUBLISHED_KEY));
  });
});

describe('NFCom QR code URL', () => {
  it("points at SVRS's NFCom QR code page with chNFCom and tpAmb, as in the published sample", () => {
    expect(nfcomQrCodeUrl(PUBLISHED_KEY, 1))
      .toBe(`https://dfe-portal.svrs.rs.gov.br/NFCom/QRCode?chNFCom=${PUBLISHED_KEY}&tpAmb=1`);
    expect(nfcomQrCodeUrl(PUBLISHED_KEY, 2)).toMatch(/&tpAmb=2$/);
  });

  it('asks for the signature when the nota was issued in contingência, and carries it', () => {
    const key = nfcomAccessKey({ uf: 'SP', issuedAt: '2026-01-15', cnpj: '11222333000181', series: 1, number: 9, emissionType: 2, numericCode: 5 });
    expect(() => nfcomQrCodeUrl(key, 1)).toThrow(/contingência/);
    expect(nfcomQrCodeUrl(key, 1, 'ab+c/d==')).toBe(`https://dfe-portal.svrs.rs.gov.br/NFCom/QRCode?chNFCom=${key}&tpAmb=1&sign=ab%2Bc%2Fd%3D%3D`);
  });

  it('refuses an invalid key', () => {
    expect(() => nfcomQrCodeUrl(PUBLISHED_KEY.slice(0, 43) + '5', 1)).toThrow(/inválida/);
  });
});
