// IXC's records as the desk's ERP types. Every IXC value is a string: money in reais ("26.00"),
// dates "YYYY-MM-DD" (empty or "0000-00-00" when unset), phones as the operator typed them.
// Field names and codes: cliente_contrato.status A/I/P/N/D and status_internet A/D/CM/CA/CE/FA/AA,
// fn_areceber.status A/R/P/C, dt_ult_desb_conf and dt_retorno_desb_conf — from a generated type map
// of IXC's database (docs/ixc-database/schema.json, in the public code index); fn_areceber's
// listing answer from "IXC Provedor API — Documentação Completa" (IXC's Postman collection);
// su_oss_chamado's status codes (A, AN, EN, AG, RAG, DS, EX, F) from public IXC dashboards.
import type { ChargeStatus, ContractStatus, ErpCharge, ErpClient, ErpContract, ServiceOrderStatus } from '../erp.js';
import type { IxcRecord } from './client.js';

/** "1.234,56" never comes from IXC's webservice, but "26.00", "26.5" and "26" do. */
export function reaisToCentavos(value: string | undefined): number | null {
  const text = (value ?? '').trim();
  if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const cents = Number(whole) * 100 + Number((fraction + '00').slice(0, 2)) + (Number(fraction[2] ?? 0) >= 5 ? 1 : 0);
  return text.startsWith('-') ? -cents : cents;
}

export const centavosToReais = (cents: number) => (cents / 100).toFixed(2);

/** A date IXC gives, or null for its empty forms. */
export function ixcDate(value: string | undefined): string | null {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec((value ?? '').trim());
  if (!match || match[1] === '0000-00-00') return null;
  return match[1];
}

/** Brazilian phone as IXC stores it ("(49) 99999-9999", "4999999999", "+55 49...") to E.164 digits with 55. */
export function phoneToE164(value: string | undefined): string | null {
  let digits = (value ?? '').replace(/\D/g, '');
  if (digits.startsWith('00')) digits = digits.slice(2);
  if ((digits.length === 12 || digits.length === 13) && digits.startsWith('55')) return digits;
  if (digits.startsWith('0')) digits = digits.slice(1);
  if (digits.length === 10 || digits.length === 11) return `55${digits}`;
  return null;
}

/** E.164 digits to the two ways IXC's screens store a phone: masked "(11) 98765-4321" and bare "11987654321". */
export function phoneForms(e164: string): string[] {
  const national = e164.replace(/\D/g, '').replace(/^55(?=\d{10,11}$)/, '');
  if (national.length !== 10 && national.length !== 11) return [national];
  const area = national.slice(0, 2);
  const local = national.slice(2);
  const split = local.length - 4;
  return [`(${area}) ${local.slice(0, split)}-${local.slice(split)}`, national];
}

/** IXC stores CPF/CNPJ formatted (175.181.720-20, 12.345.678/0001-95): the forms to look one up by. */
export function documentForms(document: string): string[] {
  const raw = document.replace(/[.\-/\s]/g, '').toUpperCase();
  if (/^\d{11}$/.test(raw)) return [raw.replace(/^(\d{3})(\d{3})(\d{3})(\d{2})$/, '$1.$2.$3-$4'), raw];
  if (/^[0-9A-Z]{12}\d{2}$/.test(raw)) return [raw.replace(/^(.{2})(.{3})(.{3})(.{4})(.{2})$/, '$1.$2.$3/$4-$5'), raw];
  return [document.trim()];
}

export const unformattedDocument = (value: string | undefined) => {
  const raw = (value ?? '').replace(/[.\-/\s]/g, '').toUpperCase();
  return raw === '' ? null : raw;
};

const blank = (value: string | undefined) => {
  const text = (value ?? '').trim();
  return text === '' ? null : text;
};

export function address(record: IxcRecord): string | null {
  const street = [blank(record.endereco), blank(record.numero)].filter(Boolean).join(', ');
  const parts = [street, blank(record.complemento), blank(record.bairro)].filter(Boolean);
  return parts.length ? parts.join(' - ') : null;
}

export function toClient(record: IxcRecord): ErpClient {
  const phones = [record.telefone_celular, record.whatsapp, record.fone, record.telefone_comercial]
    .map(phoneToE164)
    .filter((phone): phone is string => phone !== null);
  return {
    ref: record.id,
    name: blank(record.razao) ?? blank(record.fantasia) ?? `Cliente ${record.id}`,
    document: unformattedDocument(record.cnpj_cpf),
    phones: [...new Set(phones)],
    email: blank(record.email),
    address: address(record),
  };
}

/**
 * The contract's situation from its two IXC fields: `status` (the contract: A ativo, I inativo,
 * P pré-contrato, N negativado, D desistiu) and `status_internet` (the access: A ativo,
 * D desativado, CM bloqueio manual, CA bloqueio automático, FA financeiro em atraso,
 * AA aguardando assinatura, CE — read as a suspension).
 */
export function contractStatus(status: string | undefined, statusInternet: string | undefined, suspended?: string): ContractStatus {
  switch (status) {
    case 'I':
    case 'D':
      return 'cancelado';
    case 'P':
      return 'aguardando_instalacao';
    case 'N':
      return 'bloqueado_atraso';
  }
  if (suspended === 'S') return 'suspenso';
  switch (statusInternet) {
    case 'CM':
      return 'bloqueado_manual';
    case 'CA':
    case 'FA':
      return 'bloqueado_atraso';
    case 'D':
    case 'CE':
      return 'suspenso';
    case 'AA':
      return 'aguardando_instalacao';
    default:
      return 'ativo';
  }
}

/** A date at the start of the provider's day, as an ISO timestamp (America/Sao_Paulo is UTC-3 all year since 2019). */
const startOfDay = (date: string | null) => (date ? `${date}T00:00:00-03:00` : null);

export function toContract(record: IxcRecord, pppoeLogin: string | null, today: string): ErpContract {
  const until = ixcDate(record.dt_retorno_desb_conf);
  return {
    ref: record.id,
    clientRef: record.id_cliente,
    plan: blank(record.contrato) ?? blank(record.descricao_aux_plano_venda) ?? `Contrato ${record.id}`,
    // IXC keeps speeds on the radius group (radgrupos) and not on the contract or the login.
    downloadMbps: null,
    uploadMbps: null,
    monthlyPriceCents: reaisToCentavos(record.valor_unitario),
    // The due day lives on the billing rule (cliente_contrato.id_tipo_cobranca...), not on the contract.
    dueDay: null,
    address: record.endereco_padrao_cliente === 'S' ? null : address(record),
    pppoeLogin,
    status: contractStatus(record.status, record.status_internet, record.contrato_suspenso),
    lastTrustUnlockAt: startOfDay(ixcDate(record.dt_ult_desb_conf)),
    trustUnlockUntil: until && until >= today && record.desbloqueio_confianca_ativo !== 'N' ? startOfDay(until) : null,
  };
}

/** A open charge past its due date is vencido; partially paid ('P') is still to be paid. */
export function chargeStatus(status: string | undefined, dueDate: string, today: string): ChargeStatus {
  switch (status) {
    case 'R':
      return 'pago';
    case 'C':
      return 'cancelado';
    default:
      return dueDate < today ? 'vencido' : 'aberto';
  }
}

export const digitsOnly = (value: string | undefined) => (value ?? '').replace(/\D/g, '');

/**
 * What the subscriber pays today. IXC's listing gives the amount still open (valor_aberto) and, in
 * recent versions, the amount with multa and juros (valor_total_com_juros); when it gives neither
 * the charge's own value stands. The exact updated amount is what get_boleto prints on the PDF.
 */
export function amountDueToday(record: IxcRecord): number {
  const withInterest = reaisToCentavos(record.valor_total_com_juros);
  if (withInterest !== null && withInterest > 0) return withInterest;
  const open = reaisToCentavos(record.valor_aberto);
  if (open !== null && open > 0) return open;
  return reaisToCentavos(record.valor) ?? 0;
}

export function toCharge(record: IxcRecord, today: string): ErpCharge {
  const dueDate = ixcDate(record.data_vencimento) ?? '';
  const linha = digitsOnly(record.linha_digitavel);
  return {
    ref: record.id,
    contractRef: blank(record.id_contrato) && record.id_contrato !== '0' ? record.id_contrato : null,
    amountCents: reaisToCentavos(record.valor) ?? 0,
    amountDueTodayCents: amountDueToday(record),
    dueDate,
    status: chargeStatus(record.status, dueDate, today),
    nossoNumero: blank(record.nn_boleto) ?? '',
    // The first three digits of a boleto's line are the bank's code.
    bankCode: linha.length >= 3 ? linha.slice(0, 3) : '',
  };
}

export function serviceOrderStatus(status: string | undefined): ServiceOrderStatus {
  switch (status) {
    case 'AG':
    case 'RAG':
      return 'agendada';
    case 'EN':
    case 'AN':
    case 'DS':
    case 'EX':
      return 'em_execucao';
    case 'F':
    case 'C':
      return 'finalizada';
    default:
      return 'aberta';
  }
}

/** Today in the provider's calendar. */
export { todayInSaoPaulo } from '../calendar.js';
