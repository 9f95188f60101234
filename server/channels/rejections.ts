// Webhook items a channel could never store: kept for the operator (and logged), while the channel
// is answered 200 so that it stops sending them. Supervisors and administrators read them.
import { and, desc, lt } from 'drizzle-orm';
import type { Db } from '../db/connection.js';
import { webhookRejections } from '../db/schema.js';
import { scrubText } from '../http/hostile-input.js';
import { ofProvider, requireRole, type AgentScope } from '../tenancy/scope.js';

const MAX_ITEM_CHARS = 20_000;

export async function recordWebhookRejection(db: Db, rejection: { providerId: number; channelId: string; kind: string; itemId?: unknown; reason: string; item: unknown }) {
  // JSON.stringify escapes NULs and lone surrogates: the item is kept exactly as it came.
  const item = JSON.stringify(rejection.item) ?? 'null';
  await db.insert(webhookRejections).values({
    providerId: rejection.providerId,
    channelId: rejection.channelId,
    kind: rejection.kind,
    itemId: rejection.itemId === undefined || rejection.itemId === null ? null : scrubText(String(rejection.itemId)).slice(0, 200),
    // Text PostgreSQL always takes: no NUL, no lone surrogate.
    reason: scrubText(rejection.reason).slice(0, 1_000),
    item: item.length > MAX_ITEM_CHARS ? `${item.slice(0, MAX_ITEM_CHARS)}…` : item,
  });
}

/** The newest first, 50 a page; `before` is the last id of the previous page. */
export async function listWebhookRejections(scope: AgentScope, { before }: { before?: number }) {
  requireRole(scope.actor, 'supervisor', 'administrador');
  const rows = await scope.db
    .select()
    .from(webhookRejections)
    .where(and(ofProvider(scope, webhookRejections.providerId), before ? lt(webhookRejections.id, before) : undefined))
    .orderBy(desc(webhookRejections.id))
    .limit(50);
  return rows.map((r) => ({
    id: r.id, channelId: r.channelId, kind: r.kind, itemId: r.itemId, reason: r.reason, item: r.item, createdAt: r.createdAt.toISOString(),
  }));
}
