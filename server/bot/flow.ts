// A provider's bot menu, read with the defaults a provider starts from (BotFlowShape in api/bot.ts).
import { eq } from 'drizzle-orm';
import type { Executor } from '../db/connection.js';
import { providers } from '../db/schema.js';
import { notFound } from '../errors.js';
import { BotFlowShape, type BotFlow } from '../../api/bot.js';

export async function botFlowOf(db: Executor, providerId: number): Promise<BotFlow> {
  const [row] = await db.select({ botFlow: providers.botFlow }).from(providers).where(eq(providers.id, providerId));
  if (!row) throw notFound('Provedor');
  const parsed = BotFlowShape.safeParse(row.botFlow ?? {});
  // A flow saved under older rules (a sector since deleted) keeps the desk working: the bot stays off.
  return parsed.success ? parsed.data : { ...BotFlowShape.parse({}), enabled: false };
}
