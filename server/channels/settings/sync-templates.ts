// "Buscar modelos aprovados": the WhatsApp number's templates, asked of Meta (the WhatsApp Business
// Account's list), replace the ones the desk offers outside the 24-hour window.
import { eq, sql } from 'drizzle-orm';
import { channels } from '../../db/schema.js';
import { AppError, notFound } from '../../errors.js';
import { requireRole, type AgentScope } from '../../tenancy/scope.js';
import { ChannelSendError } from '../channel.js';
import { GraphApi } from '../whatsapp/graph-api.js';
import { readSettings } from '../whatsapp/settings.js';
import { readTemplate } from '../whatsapp/templates.js';
import { channelOf } from './channel-settings.js';
import { explain } from './check-connection.js';

/** `apiVersion`: the server's Graph API version (WHATSAPP_API_VERSION), unless the channel names one. */
export async function syncTemplates(scope: AgentScope, id: string, apiVersion?: string) {
  requireRole(scope.actor, 'administrador');
  const row = await channelOf(scope, id);
  if (!row) throw notFound('Canal');
  if (row.kind !== 'whatsapp') throw new AppError('validation_failed', 'Só canais do WhatsApp têm modelos aprovados pela Meta.');
  let settings;
  try {
    settings = readSettings(row, apiVersion);
  } catch {
    throw new AppError('channel_check_failed', 'Preencha o Phone number ID, o token de acesso e a chave secreta do app antes de buscar os modelos.');
  }
  if (!settings.businessAccountId) {
    throw new AppError('channel_check_failed', 'Informe o ID da conta do WhatsApp Business (WhatsApp Manager > Configuração da API) para buscar os modelos.');
  }
  let listed;
  try {
    listed = await new GraphApi(settings).messageTemplates(settings.businessAccountId);
  } catch (error) {
    if (error instanceof ChannelSendError && error.code === '100') {
      throw new AppError('channel_check_failed', 'A Meta não encontrou esta conta do WhatsApp Business para este token. Confira o ID da conta em WhatsApp Manager.');
    }
    return explain(error, 'Meta');
  }
  const readings = listed.map(readTemplate);
  const templates = readings.flatMap((r) => ('template' in r ? [r.template] : []));
  const skipped = readings.flatMap((r) => ('skipped' in r ? [r.skipped] : []));
  await scope.db.update(channels)
    .set({ config: sql`${channels.config} || ${JSON.stringify({ templates })}::jsonb` })
    .where(eq(channels.id, row.id));
  return { templates, skipped };
}
