import { describe, expect, it } from 'vitest';
import { formatBRL } from './money.js';

describe('formatBRL', () => {
  it('writes reais the Brazilian way, thousands with dots and centavos after a comma', () => {
    expect(formatBRL(123456)).toBe('R$ 1.234,56');
    expect(formatBRL(5)).toBe('R$ 0,05');
    expect(formatBRL(11990)).toBe('R$ 119,90');
  });
});
