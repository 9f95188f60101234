// Phone numbers read the way people in Brazil type them, checked against an independent reading of
// Brazil's numbering plan (@brazilian-utils' ANATEL rules) and libphonenumber's formatting.
import { describe, expect, it } from 'vitest';
import { isValidLandlinePhone, isValidMobilePhone } from '@brazilian-utils/brazilian-utils';
import { formatPhone, normalizePhone, phoneSearch } from '../api/phone.js';

describe('normalizePhone', () => {
  it.each([
    ['(11) 98765-4321', '5511987654321'],
    ['11987654321', '5511987654321'],
    ['011 98765-4321', '5511987654321'],
    ['+55 (11) 98765-4321', '5511987654321'],
    ['5511987654321', '5511987654321'],
    ['0055 11 98765 4321', '5511987654321'],
    ['(21) 3333-4444', '552133334444'],
    // Before the ninth digit: a mobile (starting 6–9) gains it; a landline (2–5) does not.
    ['(11) 8765-4321', '5511987654321'],
    ['551187654321', '5511987654321'],
    ['+55 85 9912-3456', '5585999123456'],
    ['+351 912 345 678', '351912345678'],
    ['+1 (202) 555-0123', '12025550123'],
  ])('reads %s as %s', (typed, stored) => {
    expect(normalizePhone(typed)).toBe(stored);
  });

  it.each([
    ['98765-4321', 'no DDD'],
    ['123', 'too short'],
    ['+55 11 98765-43210000', 'too long'],
    ['', 'empty'],
    ['+0 11 98765-4321', 'no country starts with 0'],
  ])('refuses %s (%s)', (typed) => {
    expect(normalizePhone(typed)).toBeNull();
  });

  it('stores Brazilian numbers that Brazil\'s numbering plan accepts, as mobiles with their ninth digit', () => {
    for (const typed of ['(11) 98765-4321', '(11) 8765-4321', '(85) 99912-3456', '(61) 8123-4567']) {
      const national = normalizePhone(typed)!.slice(2);
      expect(isValidMobilePhone(national), typed).toBe(true);
    }
    for (const typed of ['(21) 3333-4444', '(47) 2101-2345']) {
      const national = normalizePhone(typed)!.slice(2);
      expect(isValidLandlinePhone(national), typed).toBe(true);
    }
  });
});

describe('formatPhone', () => {
  it('shows Brazilian numbers as written here, others with their country code', () => {
    expect(formatPhone('5511987654321')).toBe('(11) 98765-4321');
    expect(formatPhone('552133334444')).toBe('(21) 3333-4444');
    expect(formatPhone('351912345678')).toBe('+351 912 345 678');
  });

  it('reads back what it shows', () => {
    for (const stored of ['5511987654321', '552133334444', '351912345678', '12025550123']) {
      const shown = formatPhone(stored);
      expect(normalizePhone(shown), shown).toBe(stored);
    }
  });
});

describe('phoneSearch', () => {
  it('searches digits typed in any form, and the whole number when it is one', () => {
    expect(phoneSearch('4321')).toEqual({ digits: '4321', number: null });
    expect(phoneSearch('98765-4321')).toEqual({ digits: '987654321', number: null });
    expect(phoneSearch('(11) 8765-4321')).toEqual({ digits: '1187654321', number: '5511987654321' });
  });

  it('leaves names and short numbers to the name search', () => {
    expect(phoneSearch('Maria')).toBeNull();
    expect(phoneSearch('Rua 12')).toBeNull();
    expect(phoneSearch('123')).toBeNull();
  });
});
