// Exportar JSON: the provider's bot menu as a file another installation can import, its sectors and
// timeout motivo named by name (ids are this database's own). Administrators only.
import { and, eq } from 'drizzle-orm';
import { motivos, sectors } from '../db/schema.js';
import { ofProvider, requireRole, type AgentScope } from '../tenancy/scope.js';
import { botFlowOf } from './flow.js';
import { BOT_EXPORT_FORMAT, BOT_EXPORT_VERSION, type BotExport } from '../../api/bot.js';

export async function exportBotFlow(scope: AgentScope): Promise<BotExport> {
  requireRole(scope.actor, 'administrador');
  const { options, timeoutMotivoId, ...texts } = await botFlowOf(scope.db, scope.providerId);
  const sectorNames = await scope.db.select({ id: sectors.id, name: sectors.name }).from(sectors).where(ofProvider(scope, sectors.providerId));
  const [motivo] = timeoutMotivoId === null ? [] : await scope.db.select({ name: motivos.name }).from(motivos)
    .where(and(ofProvider(scope, motivos.providerId), eq(motivos.id, timeoutMotivoId)));
  return {
    format: BOT_EXPORT_FORMAT,
    version: BOT_EXPORT_VERSION,
    flow: {
      ...texts,
      options: options.map(({ sectorId, ...option }) => ({ ...option, sector: sectorNames.find((s) => s.id === sectorId)?.name ?? null })),
      timeoutMotivo: motivo?.name ?? null,
    },
  };
}
