import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  chargeStatus, contractStatus, documentForms, ixcDate, phoneForms, phoneToE164, reaisToCentavos, serviceOrderStatus, toCharge,
} from './mapping.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../test/support/fixtures/ixc/${name}`, import.meta.url), 'utf8'));

describe('IXC values to ours', () => {
  it('turns reais strings into centavos', () => {
    expect(reaisToCentavos('26.00')).toBe(2600);
    expect(reaisToCentavos('99.9')).toBe(9990);
    expect(reaisToCentavos('120')).toBe(12000);
    expect(reaisToCentavos('0.105')).toBe(11);
    expect(reaisToCentavos('')).toBeNull();
  });

  it("reads IXC's empty dates as none", () => {
    expect(ixcDate('2024-11-21')).toBe('2024-11-21');
    expect(ixcDate('2024-11-08 13:53:41')).toBe('2024-11-08');
    expect(ixcDate('0000-00-00')).toBeNull();
    expect(ixcDate('')).toBeNull();
  });

  it('writes phones as E.164 digits with 55, and back in the forms IXC stores', () => {
    expect(phoneToE164('(49) 99912-3456')).toBe('5549999123456');
    expect(phoneToE164('4933221100')).toBe('554933221100');
    expect(phoneToE164('+55 11 98765-4321')).toBe('5511987654321');
    expect(phoneToE164('049 99912 3456')).toBe('5549999123456');
    expect(phoneToE164('123')).toBeNull();
    expect(phoneForms('5511987654321')).toEqual(['(11) 98765-4321', '11987654321']);
    expect(phoneForms('554933221100')).toEqual(['(49) 3322-1100', '4933221100']);
  });

  it('looks a CPF or CNPJ up formatted, as IXC stores it, and bare', () => {
    expect(documentForms('17518172020')).toEqual(['175.181.720-20', '17518172020']);
    expect(documentForms('12.345.678/0001-95')).toEqual(['12.345.678/0001-95', '12345678000195']);
  });

  it('maps contract and access statuses', () => {
    expect(contractStatus('A', 'A')).toBe('ativo');
    expect(contractStatus('A', 'CM')).toBe('bloqueado_manual');
    expect(contractStatus('A', 'CA')).toBe('bloqueado_atraso');
    expect(contractStatus('A', 'FA')).toBe('bloqueado_atraso');
    expect(contractStatus('A', 'D')).toBe('suspenso');
    expect(contractStatus('A', 'A', 'S')).toBe('suspenso');
    expect(contractStatus('A', 'AA')).toBe('aguardando_instalacao');
    expect(contractStatus('P', '')).toBe('aguardando_instalacao');
    expect(contractStatus('N', 'CA')).toBe('bloqueado_atraso');
    expect(contractStatus('I', 'D')).toBe('cancelado');
    expect(contractStatus('D', 'D')).toBe('cancelado');
  });

  it('tells an open charge from an overdue one by the day in São Paulo', () => {
    expect(chargeStatus('A', '2025-03-10', '2025-03-10')).toBe('aberto');
    expect(chargeStatus('A', '2025-03-09', '2025-03-10')).toBe('vencido');
    expect(chargeStatus('P', '2025-03-09', '2025-03-10')).toBe('vencido');
    expect(chargeStatus('R', '2025-03-09', '2025-03-10')).toBe('pago');
    expect(chargeStatus('C', '2025-03-09', '2025-03-10')).toBe('cancelado');
  });

  it('maps service order statuses', () => {
    expect(['A', 'AG', 'EX', 'F', 'EN'].map(serviceOrderStatus)).toEqual(['aberta', 'agendada', 'em_execucao', 'finalizada', 'em_execucao']);
  });

  it("maps IXC's own fn_areceber example (Postman collection)", () => {
    const [record] = fixture('fn_areceber-listagem.json').response.registros;
    expect(toCharge(record, '2024-11-25')).toEqual({
      ref: '145535', contractRef: null, amountCents: 2600, amountDueTodayCents: 2600, dueDate: '2024-11-21', status: 'vencido',
      nossoNumero: '', bankCode: '',
    });
  });
});
