// Importar JSON: a file from Exportar JSON (this installation's or another's) becomes the provider's
// bot menu. Sectors and the timeout motivo come by name and are matched to the provider's own,
// accents and case aside; a name with no match is refused, named. Then it is saved as Salvar saves
// (the same checks). Administrators only.
import { AppError } from '../errors.js';
import { motivos, sectors } from '../db/schema.js';
import { ofProvider, requireRole, type AgentScope } from '../tenancy/scope.js';
import { invalidFlow, saveBotFlow } from './save-bot-flow.js';
import { BotFlowShape, type BotExport } from '../../api/bot.js';

export async function importBotFlow(scope: AgentScope, file: BotExport) {
  requireRole(scope.actor, 'administrador');
  const { options, timeoutMotivo, ...texts } = file.flow;
  const sectorRows = await scope.db.select({ id: sectors.id, name: sectors.name }).from(sectors).where(ofProvider(scope, sectors.providerId));
  const motivoRows = await scope.db.select({ id: motivos.id, name: motivos.name }).from(motivos).where(ofProvider(scope, motivos.providerId));
  const sectorIdOf = (name: string) => idByName(sectorRows, name, `Setor "${name}" não existe neste provedor: crie-o em Administração > Setores ou corrija o arquivo.`);
  const candidate = {
    ...texts,
    // Only an "atendente" option's sector is looked up: another action's is dropped when saving anyway.
    options: options.map(({ sector, ...option }) => ({ ...option, sectorId: option.action === 'atendente' && sector !== null ? sectorIdOf(sector) : null })),
    timeoutMotivoId: timeoutMotivo === null ? null
      : idByName(motivoRows, timeoutMotivo, `Motivo "${timeoutMotivo}" não existe neste provedor: crie-o em Administração > Motivo ou corrija o arquivo.`),
  };
  const flow = BotFlowShape.safeParse(candidate);
  if (!flow.success) throw invalidFlow(flow.error, 'flow.');
  return saveBotFlow(scope, flow.data);
}

const comparable = (name: string) => name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();

/** The row of that name: the exact one first, then one that differs only in accents or case. */
function idByName(rows: { id: number; name: string }[], name: string, missing: string): number {
  const row = rows.find((r) => r.name === name) ?? rows.find((r) => comparable(r.name) === comparable(name));
  if (!row) throw new AppError('validation_failed', missing);
  return row.id;
}
