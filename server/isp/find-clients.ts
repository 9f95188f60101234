// Vincular cliente: find the subscriber in the provider's ERP by name, CPF/CNPJ or phone.
import { AppError } from '../errors.js';
import type { AgentScope } from '../tenancy/scope.js';
import { normalizeTaxId, taxIdKind } from './documents/tax-id.js';
import type { ClientQuery } from './erp.js';
import { erpOf } from './erp-of.js';

/** What an agent typed, read as a CPF/CNPJ, a phone number or a name. */
export function clientQueryOf(text: string): ClientQuery {
  const q = text.trim();
  if (q === '') throw new AppError('validation_failed', 'Digite o nome, CPF/CNPJ ou telefone do cliente.');
  if (taxIdKind(q)) return { document: normalizeTaxId(q) };
  const digits = q.replace(/[\s().\-+]/g, '');
  // A Brazilian number typed without the country code (DDD + 8 or 9 digits) gets 55.
  if (/^\d{10,13}$/.test(digits)) return { phone: digits.length <= 11 ? `55${digits}` : digits };
  return { name: q };
}

export async function findClients(scope: AgentScope, input: { q: string }) {
  const { client: erp } = await erpOf(scope.db, scope.providerId);
  return erp.findClients(clientQueryOf(input.q), 20);
}
