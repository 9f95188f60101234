// Building blocks the conversation use cases share: locking a conversation, the timeline, the
// list-row summary, protocol numbers and the outbound queue.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { ConversationSummaryShape, MessageShape } from '../../api/shapes.js';
import { meaningOf } from './message-meaning.js';
import { selectRows, type Executor, type Tx } from '../db/connection.js';
import {
  conversationEvents,
  conversations,
  messages,
  protocolCounters,
} from '../db/schema.js';
import { AppError, notFound } from '../errors.js';
import { toFileView, type FileRow } from '../files/file-view.js';
import { enqueue } from '../jobs/queue.js';
import type { Emit } from './unit-of-work.js';
import { mediaErrorOf } from './record-media-failure.js';
import { canSee, ofProvider, type AgentScope, type ProviderScope } from '../tenancy/scope.js';

export type ConversationRow = typeof conversations.$inferSelect;
export type Situacao = ConversationRow['situacao'];

/** Locks a conversation for the rest of the transaction; one the actor may not see does not exist. */
export async function lockConversation(tx: Tx, scope: AgentScope | ProviderScope, id: number): Promise<ConversationRow> {
  const [row] = await tx
    .select()
    .from(conversations)
    .where(and(ofProvider(scope, conversations.providerId), eq(conversations.id, id)))
    .for('update');
  if (!row || ('actor' in scope && !canSee(scope.actor, row))) throw notFound('Conversa');
  return row;
}

export function requireOpen(conversation: ConversationRow): void {
  if (conversation.situacao === 'finalizada') {
    throw new AppError('conversation_closed', 'Esta conversa já foi finalizada; o histórico é somente leitura.');
  }
}

export async function recordEvent(
  tx: Tx,
  scope: ProviderScope,
  conversationId: number,
  type: string,
  actorUserId: number | null,
  data: Record<string, unknown> = {},
) {
  const [event] = await tx
    .insert(conversationEvents)
    .values({ providerId: scope.providerId, conversationId, type, actorUserId, data })
    .returning();
  return event;
}

/** The shape of a conversation in lists and live events (api/shapes.ts). */
export type ConversationSummary = z.infer<typeof ConversationSummaryShape>;

const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

/** The shape of a conversation in lists and live events, for a handful of ids, in their order. */
export async function summarize(db: Executor, providerId: number, ids: number[]): Promise<ConversationSummary[]> {
  return (await summaryRows(db, providerId, ids)).map((r) => r.summary);
}

/** The summaries, each with its conversation's access_version (who may see it: its live events carry it). */
async function summaryRows(db: Executor, providerId: number, ids: number[]): Promise<{ summary: ConversationSummary; accessVersion: number }[]> {
  if (ids.length === 0) return [];
  const rows = await selectRows(db, sql`
    SELECT c.id, c.protocolo, c.situacao, c.unread_count, c.last_message_at, c.last_message_preview,
           c.started_at, c.queued_at, c.assumed_at, c.closed_at, c.client_id, c.access_version,
           ch.id AS channel_id, ch.kind AS channel_kind, ch.name AS channel_name,
           ct.id AS contact_id, ct.name AS contact_name, ct.phone AS contact_phone, ct.blocked AS contact_blocked,
           s.id AS sector_id, s.name AS sector_name,
           u.id AS responsavel_id, u.name AS responsavel_name,
           m.id AS motivo_id, m.name AS motivo_name,
           -- The dot beside the name: red when any of the linked client's contracts is blocked.
           (SELECT CASE WHEN bool_or(k.status IN ('bloqueado_manual', 'bloqueado_atraso', 'suspenso')) THEN 'blocked'
                        WHEN bool_or(k.status = 'ativo') THEN 'active' ELSE 'none' END
              FROM contracts k
             WHERE k.provider_id = c.provider_id AND k.client_id = COALESCE(c.client_id, ct.client_id)) AS contract_state,
           COALESCE((SELECT json_agg(json_build_object('id', t.id, 'name', t.name, 'color', t.color) ORDER BY t.name)
                     FROM conversation_tags x JOIN tags t ON t.provider_id = x.provider_id AND t.id = x.tag_id
                     WHERE x.conversation_id = c.id AND x.provider_id = c.provider_id), '[]'::json) AS tags
      FROM conversations c
      JOIN contacts ct ON ct.provider_id = c.provider_id AND ct.id = c.contact_id
      JOIN channels ch ON ch.provider_id = c.provider_id AND ch.id = c.channel_id
      LEFT JOIN sectors s ON s.provider_id = c.provider_id AND s.id = c.sector_id
      LEFT JOIN users u ON u.provider_id = c.provider_id AND u.id = c.responsavel_id
      LEFT JOIN motivos m ON m.provider_id = c.provider_id AND m.id = c.motivo_id
     WHERE c.provider_id = ${providerId} AND c.id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`);
  const byId = new Map<number, { summary: ConversationSummary; accessVersion: number }>();
  for (const r of rows as Record<string, any>[]) {
    byId.set(Number(r.id), { accessVersion: Number(r.access_version), summary: {
      id: Number(r.id),
      protocolo: r.protocolo,
      situacao: r.situacao,
      channel: { id: r.channel_id, kind: r.channel_kind, name: r.channel_name },
      contact: { id: Number(r.contact_id), name: r.contact_name, phone: r.contact_phone, blocked: r.contact_blocked },
      sector: r.sector_id === null ? null : { id: Number(r.sector_id), name: r.sector_name },
      responsavel: r.responsavel_id === null ? null : { id: Number(r.responsavel_id), name: r.responsavel_name },
      motivo: r.motivo_id === null ? null : { id: Number(r.motivo_id), name: r.motivo_name },
      clientId: r.client_id === null ? null : Number(r.client_id),
      contractState: r.contract_state ?? 'none',
      tags: (typeof r.tags === 'string' ? JSON.parse(r.tags) : r.tags).map((t: any) => ({ ...t, id: Number(t.id) })),
      lastMessageAt: iso(r.last_message_at)!,
      lastMessagePreview: r.last_message_preview,
      unreadCount: Number(r.unread_count),
      startedAt: iso(r.started_at)!,
      queuedAt: iso(r.queued_at),
      assumedAt: iso(r.assumed_at),
      closedAt: iso(r.closed_at),
    } });
  }
  return ids.map((id) => byId.get(id)).filter((c) => c !== undefined);
}

/** Tells every agent who may see it that a conversation changed, with its new list row. */
export async function emitConversation(
  tx: Tx,
  scope: ProviderScope,
  emit: Emit,
  conversationId: number,
  type: 'conversation.created' | 'conversation.updated' | 'conversation.closed' = 'conversation.updated',
  previous?: { situacao: Situacao; sectorId: number | null },
) {
  const [{ summary, accessVersion }] = await summaryRows(tx, scope.providerId, [conversationId]);
  emit({ type, sectorId: summary.sector?.id ?? null, conversationId, accessVersion, payload: { conversation: summary } });
  const moved = previous && (previous.situacao !== summary.situacao || previous.sectorId !== (summary.sector?.id ?? null));
  if (type === 'conversation.created' || moved) {
    emit({ type: 'counts.changed', sectorId: summary.sector?.id ?? null, conversationId, payload: {} });
    if (previous && previous.sectorId !== (summary.sector?.id ?? null)) {
      // The sector it left must also hear that it is gone.
      emit({ type: 'conversation.updated', sectorId: previous.sectorId, conversationId, accessVersion, payload: { conversation: summary } });
      emit({ type: 'counts.changed', sectorId: previous.sectorId, conversationId, payload: {} });
    }
  }
  return summary;
}

// The day of a protocol is the provider's calendar day (Brazil), not UTC's.
const PROTOCOL_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Readable, unique per provider: the day it started and a per-day sequence (20261124-000123). */
export async function nextProtocolo(tx: Tx, providerId: number, now: Date): Promise<string> {
  const day = PROTOCOL_DAY.format(now); // YYYY-MM-DD
  const [row] = await tx
    .insert(protocolCounters)
    .values({ providerId, day, last: 1 })
    .onConflictDoUpdate({
      target: [protocolCounters.providerId, protocolCounters.day],
      set: { last: sql`${protocolCounters.last} + 1` },
    })
    .returning({ last: protocolCounters.last });
  return `${day.replaceAll('-', '')}-${String(row.last).padStart(6, '0')}`;
}

export const preview = (type: string, body: string | null) =>
  body ? body.slice(0, 140) : `[${type}]`;

export interface OutboundInput {
  conversation: ConversationRow;
  authorKind: 'agent' | 'bot' | 'system';
  authorUserId: number | null;
  type: 'text' | 'image' | 'video' | 'audio' | 'file' | 'template';
  body: string | null;
  file?: FileRow | null;
  /** What the type carries beyond the body: a template's name, language and parameters. */
  meta?: Record<string, unknown> | null;
}

/** Stores an outgoing message as pending and queues its delivery: accepted means stored. */
export async function queueOutbound(tx: Tx, scope: ProviderScope, emit: Emit, input: OutboundInput) {
  const { conversation } = input;
  const [message] = await tx
    .insert(messages)
    .values({
      providerId: scope.providerId,
      conversationId: conversation.id,
      contactId: conversation.contactId,
      channelId: conversation.channelId,
      direction: 'out',
      authorKind: input.authorKind,
      authorUserId: input.authorUserId,
      type: input.type,
      body: input.body,
      fileId: input.file?.id ?? null,
      meta: input.meta ?? null,
      status: 'pending',
    })
    .returning();
  await queueDelivery(tx, message);
  // The protocol and closing messages are Prosa's own: the list keeps showing the last words
  // a person wrote.
  if (input.authorKind !== 'system') {
    await tx
      .update(conversations)
      .set({ lastMessageAt: message.createdAt, lastMessagePreview: preview(message.type, message.body) })
      .where(and(ofProvider(scope, conversations.providerId), eq(conversations.id, conversation.id)));
  }
  emit({
    type: 'message.created',
    sectorId: conversation.sectorId,
    conversationId: conversation.id,
    payload: { message: toMessageView(message, input.file) },
  });
  return message;
}

export type MessageRow = typeof messages.$inferSelect;

/** The kind of job that hands a pending message to its channel (channels/delivery.ts runs it). */
export const DELIVER_MESSAGE = 'deliver_message';

/** The job that hands a pending message to its channel; a conversation's replies go out in order. */
export async function queueDelivery(tx: Tx, message: Pick<MessageRow, 'id' | 'providerId' | 'conversationId'>) {
  await enqueue(tx, {
    providerId: message.providerId,
    kind: DELIVER_MESSAGE,
    payload: { messageId: message.id },
    orderingKey: `conversation:${message.conversationId}`,
  });
}

/** A message as the API shows it; pass the row of its file when it has one (see loadFiles). */
export function toMessageView(m: MessageRow, file?: FileRow | null): MessageView {
  return {
    id: m.id,
    conversationId: m.conversationId,
    direction: m.direction,
    authorKind: m.authorKind,
    authorUserId: m.authorUserId,
    type: m.type,
    body: m.body,
    fileId: m.fileId,
    file: file && file.id === m.fileId ? toFileView(file) : null,
    status: m.status,
    statusError: m.statusError,
    edited: (m.meta as { edited?: unknown } | null)?.edited === true,
    deleted: deletedOf(m.meta),
    mediaError: m.fileId === null ? mediaErrorOf(m.meta) : null,
    ...meaningOf(m.meta),
    createdAt: new Date(m.createdAt).toISOString(),
  };
}
export type MessageView = z.infer<typeof MessageShape>;

/** The contact deleted this message on their side (meta.deleted): it stays, marked, and cannot be answered. */
export function deletedOf(meta: unknown): boolean {
  return (meta as { deleted?: unknown } | null)?.deleted === true;
}

/** A message sent in several parts of which this channel id is one after the first (served by messages_parts). */
export function hasPart(providerMessageId: string): SQL {
  return sql`(${messages.meta} -> 'parts') IS NOT NULL AND (${messages.meta} -> 'parts') @> ${JSON.stringify([providerMessageId])}::jsonb`;
}

/** The channel's ids of the parts of a text sent in several that went already (meta.parts, in order). */
export function partsSentOf(meta: unknown): string[] {
  const parts = (meta as { parts?: unknown } | null)?.parts;
  return Array.isArray(parts) && parts.every((p) => typeof p === 'string') ? parts : [];
}
