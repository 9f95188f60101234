// A provider's Configurações do chat, read with the defaults a provider starts from (ChatSettingsShape).
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Executor } from '../db/connection.js';
import { providers } from '../db/schema.js';
import { notFound } from '../errors.js';
import { ChatSettingsShape } from '../../api/shapes.js';

export type ChatSettings = z.infer<typeof ChatSettingsShape>;

export async function chatSettingsOf(db: Executor, providerId: number): Promise<ChatSettings & { chatEnabled: boolean }> {
  const [row] = await db
    .select({ chatSettings: providers.chatSettings, chatEnabled: providers.chatEnabled })
    .from(providers)
    .where(eq(providers.id, providerId));
  if (!row) throw notFound('Provedor');
  return readChatSettings(row.chatSettings, row.chatEnabled);
}

/** The settings as stored (providers.chat_settings), with the defaults filled in. */
export function readChatSettings(stored: unknown, chatEnabled: boolean): ChatSettings & { chatEnabled: boolean } {
  return { ...ChatSettingsShape.parse(stored ?? {}), chatEnabled };
}
