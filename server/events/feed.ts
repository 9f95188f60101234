// Catch-up: the live events an agent may see after a given feed id, oldest first.
import { and, asc, desc, gt, inArray, isNull, or } from 'drizzle-orm';
import { feed } from '../db/schema.js';
import { ofProvider, seesEverySector, type AgentScope } from '../tenancy/scope.js';
import type { LiveEvent } from './bus.js';

export const CATCH_UP_LIMIT = 500;

/**
 * `more`: there is more than one page, or the retention sweep (jobs/retention.ts) already deleted
 * the last event the client saw, so what came after it may be gone too. Either way the client
 * loads what it shows again instead of replaying.
 */
export async function readFeed(scope: AgentScope, after: number, limit = CATCH_UP_LIMIT): Promise<{ events: LiveEvent[]; more: boolean }> {
  const { actor } = scope;
  if (after > 0) {
    const [oldest] = await scope.db.select({ id: feed.id }).from(feed).where(ofProvider(scope, feed.providerId)).orderBy(asc(feed.id)).limit(1);
    if (oldest && oldest.id > after) return { events: [], more: true };
  }
  const visible = seesEverySector(actor)
    ? undefined
    : or(isNull(feed.sectorId), actor.sectorIds.length > 0 ? inArray(feed.sectorId, actor.sectorIds) : undefined);
  const rows = await scope.db
    .select()
    .from(feed)
    .where(and(ofProvider(scope, feed.providerId), gt(feed.id, after), visible))
    .orderBy(asc(feed.id))
    .limit(limit + 1);
  const events = rows.slice(0, limit).map((r) => ({
    id: r.id,
    providerId: r.providerId,
    sectorId: r.sectorId,
    conversationId: r.conversationId,
    type: r.type,
    payload: r.payload,
  }) as LiveEvent); // stored by inTransaction from events of these very shapes
  return { events, more: rows.length > limit };
}

/** The newest feed id: where a client that just loaded everything starts listening from. */
export async function feedHead(scope: AgentScope): Promise<number> {
  const [last] = await scope.db
    .select({ id: feed.id })
    .from(feed)
    .where(ofProvider(scope, feed.providerId))
    .orderBy(desc(feed.id))
    .limit(1);
  return last?.id ?? 0;
}
