// The i18n catalogue: pt-BR first. `t('key', { vars })` fills {{vars}}; an error from the API is
// shown by its code (`errorText`).
import type { ErrorCode } from '../../../api/errors';
import { ApiError } from '../api/client';
import { ptBR, type MessageKey } from './pt-BR';

const catalogue: Record<MessageKey, string> = ptBR;

export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return catalogue[key].replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** What to tell the agent about a failure: the catalogue's words for the API's error code. */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return t('common.error');
  const key = `error.${error.code as ErrorCode}` as const;
  // A code this build does not know yet (a newer server): its own sentence is pt-BR too.
  if (!(key in catalogue)) return error.message;
  return t(key, { message: error.message });
}

const dateTime = new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short' });
const time = new Intl.DateTimeFormat('pt-BR', { hour: '2-digit', minute: '2-digit' });
const day = new Intl.DateTimeFormat('pt-BR', { day: '2-digit', month: '2-digit' });

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));

/** Today: the time; before: the day. */
export function formatWhen(iso: string, now = new Date()): string {
  const date = new Date(iso);
  return date.toDateString() === now.toDateString() ? time.format(date) : day.format(date);
}

export const formatTime = (iso: string) => time.format(new Date(iso));

export function formatWaiting(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

/** For keys built from data (a contract status, an event type): the fallback when the catalogue has none. */
export function tOr(key: string, fallback: string, vars: Record<string, string | number> = {}): string {
  return key in catalogue ? t(key as MessageKey, vars) : fallback;
}

const brl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });

/** 10323 → "R$ 103,23". */
export const formatBRL = (cents: number) => brl.format(cents / 100);

/** A calendar day (2026-12-10) or an instant, as São Paulo reads it: 10/12/2026. */
export function formatDay(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value.split('-').reverse().join('/');
  return new Intl.DateTimeFormat('pt-BR', { timeZone: 'America/Sao_Paulo', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(value));
}

/** dd/mm of an instant, São Paulo's day. */
export const formatDayMonth = (iso: string) =>
  new Intl.DateTimeFormat('pt-BR', { timeZone: 'America/Sao_Paulo', day: '2-digit', month: '2-digit' }).format(new Date(iso));

/** 11 digits as a CPF (123.456.789-09), 14 as a CNPJ (12.345.678/0001-90); anything else as given. */
export function formatTaxId(value: string): string {
  const d = value.replace(/\D/g, '');
  if (d.length === 11) return d.replace(/(\d{3})(\d{3})(\d{3})(\d{2})/, '$1.$2.$3-$4');
  if (d.length === 14) return d.replace(/(\d{2})(\d{3})(\d{3})(\d{4})(\d{2})/, '$1.$2.$3/$4-$5');
  return value;
}

/** E.164 digits of a Brazilian number as people write it: (19) 98123-4567. */
export function formatPhone(value: string): string {
  const m = value.replace(/\D/g, '').match(/^55(\d{2})(\d{4,5})(\d{4})$/);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : value;
}

/** A nota's 44-digit chave de acesso in groups of 4, as DANFEs print it. */
export const formatAccessKey = (key: string) => key.replace(/(\d{4})(?=\d)/g, '$1 ');

export type { MessageKey };
