// The FEBRABAN "boleto de cobrança": due factor, the 44-digit barcode, the 47-digit linha digitável,
// Bradesco's campo livre, and what an overdue boleto costs today.
import { AppError } from '../../errors.js';

const DAY_MS = 86_400_000;
// Days count from 1997-10-07, so factor 1000 fell on 2000-07-03; factors run 1000..9999 and start again at 1000
// every 9000 days, first on 2025-02-22.
const FACTOR_CYCLE_START = Date.UTC(2000, 6, 3);
const FACTOR_CYCLE_DAYS = 9000;

const invalid = (message: string) => new AppError('validation_failed', message);

function parseDate(date: string, what: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || new Date(time).toISOString().slice(0, 10) !== date) {
    throw invalid(`${what} inválida: use o formato AAAA-MM-DD.`);
  }
  return time;
}

const isoDate = (time: number) => new Date(time).toISOString().slice(0, 10);

const todayInSaoPaulo = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());

const digitsOnly = (value: string) => value.replace(/\D/g, '');

/** The 4-digit vencimento factor: days since 1997-10-07, restarting at 1000 on 2025-02-22. */
export function dueFactor(dueDate: string): number {
  const time = parseDate(dueDate, 'Data de vencimento');
  if (time < FACTOR_CYCLE_START) throw invalid('Data de vencimento anterior a 03/07/2000 não tem fator de vencimento.');
  const days = Math.round((time - FACTOR_CYCLE_START) / DAY_MS);
  return 1000 + (days % FACTOR_CYCLE_DAYS);
}

/** The due date a factor stands for: of the dates that share it (9000 days apart), the one nearest `near` (today). */
export function dateOfFactor(factor: number, near: string = todayInSaoPaulo()): string {
  if (!Number.isInteger(factor) || factor < 1000 || factor > 9999) {
    throw invalid('Fator de vencimento deve estar entre 1000 e 9999.');
  }
  const nearTime = parseDate(near, 'Data de referência');
  const firstTime = FACTOR_CYCLE_START + (factor - 1000) * DAY_MS;
  const cycle = Math.max(0, Math.round((nearTime - firstTime) / (FACTOR_CYCLE_DAYS * DAY_MS)));
  return isoDate(firstTime + cycle * FACTOR_CYCLE_DAYS * DAY_MS);
}

/** The barcode's general DV: mod 11, weights 2..9 from the right; 0, 10 and 11 become 1. */
function barcodeCheckDigit(digits43: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = digits43.length - 1; i >= 0; i--) {
    sum += Number(digits43[i]) * weight;
    weight = weight === 9 ? 2 : weight + 1;
  }
  const digit = 11 - (sum % 11);
  return digit === 0 || digit >= 10 ? 1 : digit;
}

/** The linha digitável's field DV: mod 10, weights 2,1 from the right, products summed digit by digit. */
function mod10(digits: string): number {
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    const product = Number(digits[i]) * weight;
    sum += product > 9 ? product - 9 : product;
    weight = weight === 2 ? 1 : 2;
  }
  return (10 - (sum % 10)) % 10;
}

/** The bank code as printed beside the logo, with its mod-11 DV (237-2, 001-9, 341-7). */
export function bankCodeWithDv(bankCode: string): string {
  if (!/^\d{3}$/.test(bankCode)) throw invalid('Código do banco deve ter 3 dígitos.');
  const sum = Number(bankCode[0]) * 4 + Number(bankCode[1]) * 3 + Number(bankCode[2]) * 2;
  const digit = 11 - (sum % 11);
  return `${bankCode}-${digit >= 10 ? 0 : digit}`;
}

export interface BarcodeInput {
  bankCode: string;
  /** 9 for the real. */
  currency?: string;
  dueDate: string;
  amountCents: number;
  /** 25 digits, laid out by each bank. */
  campoLivre: string;
}

/** The 44 digits: bank(3) currency(1) DV(1) factor(4) amount(10) campo livre(25). */
export function barcode({ bankCode, currency = '9', dueDate, amountCents, campoLivre }: BarcodeInput): string {
  if (!/^\d{3}$/.test(bankCode)) throw invalid('Código do banco deve ter 3 dígitos.');
  if (!/^\d$/.test(currency)) throw invalid('Código da moeda deve ter 1 dígito.');
  if (!/^\d{25}$/.test(campoLivre)) throw invalid('Campo livre deve ter 25 dígitos.');
  if (!Number.isInteger(amountCents) || amountCents < 0 || amountCents > 99_999_999_99) {
    throw invalid('Valor do boleto deve estar entre R$ 0,00 e R$ 99.999.999,99, em centavos inteiros.');
  }
  const rest = `${dueFactor(dueDate)}${String(amountCents).padStart(10, '0')}${campoLivre}`;
  const head = `${bankCode}${currency}`;
  return `${head}${barcodeCheckDigit(head + rest)}${rest}`;
}

function checkBarcode(code: string): void {
  if (!/^\d{44}$/.test(code)) throw invalid('Código de barras deve ter 44 dígitos.');
  if (Number(code[4]) !== barcodeCheckDigit(code.slice(0, 4) + code.slice(5))) {
    throw invalid('Dígito verificador do código de barras não confere.');
  }
}

/** The 47 digits the payer types: three fields with mod-10 DVs, the general DV, factor and amount. */
export function linhaDigitavel(barcode44: string): string {
  const code = digitsOnly(barcode44);
  checkBarcode(code);
  const field1 = code.slice(0, 4) + code.slice(19, 24);
  const field2 = code.slice(24, 34);
  const field3 = code.slice(34, 44);
  return `${field1}${mod10(field1)}${field2}${mod10(field2)}${field3}${mod10(field3)}${code[4]}${code.slice(5, 19)}`;
}

/** The barcode behind a linha digitável, refusing a line with a mistyped digit. */
export function barcodeOfLinha(linha47: string): string {
  const linha = digitsOnly(linha47);
  if (linha.length !== 47) throw invalid('Linha digitável deve ter 47 dígitos.');
  const fields = [linha.slice(0, 10), linha.slice(10, 21), linha.slice(21, 32)];
  fields.forEach((field, index) => {
    if (mod10(field.slice(0, -1)) !== Number(field.at(-1))) {
      throw invalid(`Dígito verificador do campo ${index + 1} da linha digitável não confere.`);
    }
  });
  const code =
    linha.slice(0, 4) + linha[32] + linha.slice(33, 47) + linha.slice(4, 9) + linha.slice(10, 20) + linha.slice(21, 31);
  checkBarcode(code);
  return code;
}

/** As banks print it: 23791.17209 60007.589645 52040.300502 5 42230000295295. */
export function formatLinha(linha: string): string {
  const d = digitsOnly(linha);
  if (d.length !== 47) throw invalid('Linha digitável deve ter 47 dígitos.');
  return `${d.slice(0, 5)}.${d.slice(5, 10)} ${d.slice(10, 15)}.${d.slice(15, 21)} ${d.slice(21, 26)}.${d.slice(26, 32)} ${d[32]} ${d.slice(33)}`;
}

export interface BradescoCampoLivreInput {
  agencia: string;
  carteira: string;
  nossoNumero: string;
  conta: string;
}

/** Bradesco's 25 digits: agência(4) carteira(2) nosso número(11) conta(7) and a 0. */
export function campoLivreBradesco({ agencia, carteira, nossoNumero, conta }: BradescoCampoLivreInput): string {
  const fields: [string, string, number][] = [
    ['Agência', agencia, 4],
    ['Carteira', carteira, 2],
    ['Nosso número', nossoNumero, 11],
    ['Conta', conta, 7],
  ];
  return (
    fields
      .map(([name, value, length]) => {
        if (!/^\d+$/.test(value) || value.length > length) {
          throw invalid(`${name} do Bradesco deve ter até ${length} dígitos, sem o dígito verificador.`);
        }
        return value.padStart(length, '0');
      })
      .join('') + '0'
  );
}

/** Bradesco's printed nosso número, carteira/número-DV, the DV a mod 11 of both with weights 2..7 (10 is "P"). */
export function nossoNumeroBradesco(carteira: string, nossoNumero: string): string {
  if (!/^\d{1,2}$/.test(carteira) || !/^\d{1,11}$/.test(nossoNumero)) {
    throw invalid('Carteira (até 2 dígitos) e nosso número (até 11 dígitos) do Bradesco devem ser numéricos.');
  }
  const digits = carteira.padStart(2, '0') + nossoNumero.padStart(11, '0');
  let sum = 0;
  let weight = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    sum += Number(digits[i]) * weight;
    weight = weight === 7 ? 2 : weight + 1;
  }
  const remainder = sum % 11;
  const dv = remainder === 0 ? '0' : remainder === 1 ? 'P' : String(11 - remainder);
  return `${digits.slice(0, 2)}/${digits.slice(2)}-${dv}`;
}

export interface AmountDueInput {
  amountCents: number;
  dueDate: string;
  today: string;
  /** Once, the day after the due date (2 means 2%). */
  multaPercent: number;
  /** Simple interest, pro rata per calendar day as a 30th of the month's rate. */
  jurosPercentPerMonth: number;
}

export interface AmountDue {
  daysLate: number;
  multaCents: number;
  jurosCents: number;
  totalCents: number;
}

/** What the payer owes on `today`: the amount up to the due date, then multa plus juros de mora. */
export function amountDueToday({ amountCents, dueDate, today, multaPercent, jurosPercentPerMonth }: AmountDueInput): AmountDue {
  if (!Number.isInteger(amountCents) || amountCents < 0) throw invalid('Valor deve ser em centavos inteiros.');
  if (!(multaPercent >= 0) || !(jurosPercentPerMonth >= 0)) throw invalid('Multa e juros não podem ser negativos.');
  const daysLate = Math.max(0, Math.round((parseDate(today, 'Data de hoje') - parseDate(dueDate, 'Data de vencimento')) / DAY_MS));
  if (daysLate === 0) return { daysLate, multaCents: 0, jurosCents: 0, totalCents: amountCents };
  const multaCents = Math.round((amountCents * multaPercent) / 100);
  const jurosCents = Math.round((amountCents * jurosPercentPerMonth * daysLate) / 100 / 30);
  return { daysLate, multaCents, jurosCents, totalCents: amountCents + multaCents + jurosCents };
}
