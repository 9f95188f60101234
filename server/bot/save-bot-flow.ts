// Salvar the bot's menu: the shape (BotFlowShape) is checked by the route or the import; here, what
// only the database knows: every option's sector is one of the provider's, active and attending, and
// the timeout motivo is the provider's, active, and applies to every sector (the bot closes
// conversations that have none). Administrators only. Each refusal names the field it is about
// (details.fields), so the screen shows it there.
import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '../db/connection.js';
import { providers, sectors } from '../db/schema.js';
import { AppError } from '../errors.js';
import { requireActiveMotivo } from '../desk/set-motivo.js';
import { ofProvider, requireRole, type AgentScope } from '../tenancy/scope.js';
import { botFlowOf } from './flow.js';
import { motivoAppliesTo } from '../../api/motivos.js';
import type { BotFlow } from '../../api/bot.js';

export async function saveBotFlow(scope: AgentScope, input: BotFlow) {
  requireRole(scope.actor, 'administrador');
  // A sector or text left from an action the option no longer has would be exported and checked for nothing.
  const flow: BotFlow = {
    ...input,
    options: input.options.map((o) => ({ ...o, sectorId: o.action === 'atendente' ? o.sectorId : null, text: o.action === 'mensagem' ? o.text : '' })),
  };
  await scope.db.transaction(async (tx) => {
    await requireSectors(tx, scope, flow);
    if (flow.timeoutMotivoId !== null) await requireMotivoForEverySector(tx, scope, flow.timeoutMotivoId);
    await tx.update(providers).set({ botFlow: flow }).where(eq(providers.id, scope.providerId));
  });
  return botFlowOf(scope.db, scope.providerId);
}

/** A flow that does not fit BotFlowShape, in the words of its rules, each with the field it is about. */
export function invalidFlow(error: z.ZodError, prefix = ''): AppError {
  const fields = Object.fromEntries(error.issues.map((issue) => [issue.path.join('.'), issue.message]));
  const problems = Object.entries(fields).map(([path, message]) => (path ? `${prefix}${path}: ${message}` : message));
  return new AppError('validation_failed', `Dados inválidos — ${problems.join('; ')}`, { fields });
}

async function requireSectors(tx: Tx, scope: AgentScope, flow: BotFlow) {
  const wanted = [...new Set(flow.options.flatMap((o) => (o.sectorId === null ? [] : [o.sectorId])))];
  if (wanted.length === 0) return;
  const found = await tx.select({ id: sectors.id, name: sectors.name, active: sectors.active, attends: sectors.attends }).from(sectors)
    .where(and(ofProvider(scope, sectors.providerId), inArray(sectors.id, wanted)));
  flow.options.forEach((option, i) => {
    if (option.sectorId === null) return;
    const field = `options.${i}.sectorId`;
    const sector = found.find((s) => s.id === option.sectorId);
    if (!sector) throw fieldError('not_found', field, 'Setor não encontrado(a).');
    if (!sector.active) throw fieldError('validation_failed', field, `O setor "${sector.name}" está desativado: escolha outro para a opção "${option.label}".`);
    if (!sector.attends) throw fieldError('validation_failed', field, `O setor "${sector.name}" só agrupa pessoas: ele não recebe conversas.`);
  });
}

async function requireMotivoForEverySector(tx: Tx, scope: AgentScope, motivoId: number) {
  const field = 'timeoutMotivoId';
  const motivo = await requireActiveMotivo(tx, scope, motivoId).catch((error: unknown) => {
    throw error instanceof AppError ? fieldError(error.code, field, error.message) : error;
  });
  if (!motivoAppliesTo(motivo, null)) {
    throw fieldError('motivo_not_for_sector', field, `O motivo "${motivo.name}" vale só para alguns setores; para encerrar por falta de resposta, escolha um que valha para todos.`);
  }
}

const fieldError = (code: AppError['code'], field: string, message: string) => new AppError(code, message, { fields: { [field]: message } });
