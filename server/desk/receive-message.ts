// A message from a contact, already normalized by its channel. Stored exactly once (channels
// deliver at least once), opening an attendance when the contact has no live one. A blocked
// contact's message never reaches the desk; it is only counted. With the provider's bot on, a new
// conversation starts with the bot, which answers each message as a job. Written while the desk is closed, it
// is answered with the out-of-hours message, and the conversation waits in the Fila all the same.
import { clientIdOfPhone } from '../isp/client-by-phone.js';
import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  channels,
  contactIdentities,
  contacts,
  conversations,
  files,
  messages,
  sectors,
} from '../db/schema.js';
import { selectRows, type Tx } from '../db/connection.js';
import { columnsAs, rowAs } from '../db/columns.js';
import { notFound } from '../errors.js';
import { enqueue } from '../jobs/queue.js';
import { openConversation, queueProtocolMessage } from './open-conversation.js';
import { answerOutOfHours } from './answer-out-of-hours.js';
import { emitConversation, preview, toMessageView, type ConversationRow, type MessageRow } from './records.js';
import { readChatSettings, type ChatSettings } from './chat-settings.js';
import { quoteByChannelId } from './quote-message.js';
import { ofProvider, type ProviderScope } from '../tenancy/scope.js';
import { inTransaction, type Emit } from './unit-of-work.js';
import { requestAssignment } from './auto-assign.js';
import { tellQueuePosition } from './queue-position.js';
import { botFlowOf } from '../bot/flow.js';
import { queueBotAnswer } from '../bot/state.js';

export interface InboundMessage {
  channelId: string;
  /** How the channel knows the contact: WhatsApp wa_id, Telegram chat id, web-chat visitor id. */
  externalId: string;
  /**
   * Other ids the same message names the same person by (WhatsApp: the business-scoped user id
   * next to the number): each becomes an identity of the one contact, so a later message bearing
   * only one of them still finds it. Replies go to the id the contact last wrote from.
   */
  otherExternalIds?: string[];
  contactName: string;
  phone?: string | null;
  type: 'text' | 'image' | 'video' | 'audio' | 'file' | 'location' | 'template';
  body: string | null;
  fileId?: number | null;
  /** What the type carries beyond the body: a location's coordinates, a shared contact, a button's id. */
  meta?: Record<string, unknown> | null;
  /** The channel's id of the message this one answers (WhatsApp's context, Telegram's reply_to_message): shown quoted. */
  replyTo?: string | null;
  /** The channel's own id for the message; the same id twice is stored once. */
  providerMessageId?: string | null;
  sentAt?: Date;
  /**
   * Work the channel needs done once the message is stored (downloading its media), queued in
   * the same transaction: a message stored is a download queued, once.
   */
  followUp?: { kind: string; payload(messageId: number): Record<string, unknown> };
}

export type ReceiveResult =
  | { status: 'stored'; messageId: number; conversationId: number; openedConversation: boolean }
  | { status: 'duplicate'; messageId: number; conversationId: number }
  | { status: 'blocked'; contactId: number };

class DuplicateMessage extends Error {}

export async function receiveMessage(scope: ProviderScope, input: InboundMessage): Promise<ReceiveResult> {
  try {
    return await inTransaction(scope, async (tx, emit) => {
      // Most messages come from a known contact with a live conversation: one statement stores them.
      const appended = await appendToLiveConversation(tx, scope, input);
      if (appended === 'duplicate') throw new DuplicateMessage();
      const stored = appended ?? await storeFirstOrOddMessage(tx, scope, emit, input);
      if ('blockedContactId' in stored) return { status: 'blocked' as const, contactId: stored.blockedContactId };
      if ('duplicateOf' in stored) return { status: 'duplicate' as const, ...stored.duplicateOf };
      const { message, conversation, opened, file, settings } = stored;
      const createdAt = message.createdAt;
      emit({
        type: 'message.created',
        sectorId: conversation.sectorId,
        conversationId: conversation.id,
        payload: { message: toMessageView(message, file) },
      });
      if (input.followUp) {
        await enqueue(tx, {
          providerId: scope.providerId,
          kind: input.followUp.kind,
          payload: input.followUp.payload(message.id),
          dedupeKey: `${input.followUp.kind}:${message.id}`,
        });
      }
      if (opened) await queueProtocolMessage(tx, scope, emit, conversation);
      if (conversation.situacao === 'bot') {
        // The bot answers at any hour; it tells of the desk's hours when it hands the subscriber to a person.
        await queueBotAnswer(tx, scope, conversation.id, message.id);
      } else {
        if (opened) await requestAssignment(tx, scope, [conversation.sectorId]);
        const closed = await answerOutOfHours(tx, scope, emit, conversation, createdAt, settings);
        // While the desk is closed the out-of-hours message says it all; a place in the Fila would promise too soon.
        if (!opened && !closed && conversation.situacao === 'fila') await tellQueuePosition(tx, scope, emit, conversation, createdAt);
      }
      await emitConversation(tx, scope, emit, conversation.id, opened ? 'conversation.created' : 'conversation.updated');
      return { status: 'stored' as const, messageId: message.id, conversationId: conversation.id, openedConversation: opened };
    });
  } catch (error) {
    // Another delivery of the same message won the race: answer as the first one did.
    if (!(error instanceof DuplicateMessage)) throw error;
    const [seen] = await scope.db
      .select({ id: messages.id, conversationId: messages.conversationId })
      .from(messages)
      .where(and(ofProvider(scope, messages.providerId), eq(messages.channelId, input.channelId), eq(messages.providerMessageId, input.providerMessageId!)));
    return { status: 'duplicate', messageId: seen.id, conversationId: seen.conversationId };
  }
}

interface Stored {
  message: MessageRow;
  conversation: ConversationRow;
  opened: boolean;
  file?: typeof files.$inferSelect;
  /** The provider's chat settings, when they were read on the way. */
  settings?: ChatSettings;
}

/**
 * The common case in one statement: a contact known by every id the message names, not blocked,
 * with a live conversation, writing a message without a file or a quote. Locks the conversation
 * (messages of one conversation are stored one after the other), stores the message unless its
 * channel id is stored already, extends the WhatsApp window, counts it unread, and reads the
 * provider's chat settings. `null`: not that case, nothing written; `'duplicate'`: the message is
 * stored already.
 */
async function appendToLiveConversation(tx: Tx, scope: ProviderScope, input: InboundMessage): Promise<Stored | 'duplicate' | null> {
  if (input.fileId || input.replyTo) return null;
  const others = (input.otherExternalIds ?? []).filter((id) => id !== input.externalId);
  const createdAt = messageTime(input.sentAt).toISOString();
  const P = scope.providerId;
  const [row] = await selectRows<Record<string, unknown>>(tx, sql`
    WITH known AS (
      SELECT ci.contact_id
        FROM contact_identities ci
        JOIN channels ch ON ch.provider_id = ci.provider_id AND ch.id = ci.channel_id
        JOIN contacts ct ON ct.provider_id = ci.provider_id AND ct.id = ci.contact_id
       WHERE ci.provider_id = ${P} AND ci.channel_id = ${input.channelId} AND ci.external_id = ${input.externalId} AND NOT ct.blocked
         ${others.length === 0 ? sql`` : sql`AND (SELECT count(*) FROM contact_identities o
               WHERE o.provider_id = ${P} AND o.channel_id = ${input.channelId} AND o.external_id IN (${sql.join(others.map((id) => sql`${id}`), sql`, `)})) = ${others.length}`}
    ),
    live AS (
      SELECT c.id, c.contact_id FROM conversations c
       WHERE c.provider_id = ${P} AND c.contact_id = (SELECT contact_id FROM known) AND c.situacao <> 'finalizada'
         FOR UPDATE
    ),
    stored AS (
      INSERT INTO messages (provider_id, conversation_id, contact_id, channel_id, direction, author_kind, type, body, meta,
                            provider_message_id, created_at)
      SELECT ${P}, live.id, live.contact_id, ${input.channelId}, 'in', 'contact', ${input.type}, ${input.body},
             ${input.meta ? JSON.stringify(input.meta) : null}::jsonb, ${input.providerMessageId ?? null}, ${createdAt}::timestamptz
        FROM live
      ON CONFLICT DO NOTHING
      RETURNING *
    ),
    opened_window AS (
      UPDATE contact_identities
         SET last_inbound_at = GREATEST(COALESCE(last_inbound_at, '-infinity'), ${createdAt}::timestamptz)
       WHERE provider_id = ${P} AND channel_id = ${input.channelId} AND external_id = ${input.externalId} AND EXISTS (SELECT 1 FROM stored)
    ),
    touched AS (
      UPDATE conversations c
         SET last_message_at = GREATEST(c.last_message_at, ${createdAt}::timestamptz),
             last_message_preview = ${preview(input.type, input.body)},
             unread_count = c.unread_count + 1
        FROM stored
       WHERE c.provider_id = stored.provider_id AND c.id = stored.conversation_id
      RETURNING c.*
    )
    SELECT (SELECT id FROM live) AS live_id, p.chat_settings, p.chat_enabled,
           ${columnsAs(messages, 'm', 'message')}, ${columnsAs(conversations, 't', 'conversation')}
      FROM providers p
      LEFT JOIN stored m ON true
      LEFT JOIN touched t ON true
     WHERE p.id = ${P}`);
  if (!row || row.live_id === null) return null;
  const message = rowAs(messages, 'message', row);
  const conversation = rowAs(conversations, 'conversation', row);
  if (!message || !conversation) return 'duplicate';
  return { message, conversation, opened: false, settings: readChatSettings(row.chat_settings, Boolean(row.chat_enabled)) };
}

/** Everything else: a new contact or conversation, a blocked contact, a file, a quote. */
async function storeFirstOrOddMessage(
  tx: Tx, scope: ProviderScope, emit: Emit, input: InboundMessage,
): Promise<Stored | { blockedContactId: number } | { duplicateOf: { messageId: number; conversationId: number } }> {
  const [channel] = await tx
    .select()
    .from(channels)
    .where(and(ofProvider(scope, channels.providerId), eq(channels.id, input.channelId)));
  if (!channel) throw notFound('Canal');

  if (input.providerMessageId) {
    const [seen] = await tx
      .select({ id: messages.id, conversationId: messages.conversationId })
      .from(messages)
      .where(and(ofProvider(scope, messages.providerId), eq(messages.channelId, channel.id), eq(messages.providerMessageId, input.providerMessageId)));
    if (seen) return { duplicateOf: { messageId: seen.id, conversationId: seen.conversationId } };
  }

  // Media the channel stored with storeFile, for this provider.
  let file: typeof files.$inferSelect | undefined;
  if (input.fileId) {
    [file] = await tx.select().from(files).where(and(ofProvider(scope, files.providerId), eq(files.id, input.fileId)));
    if (!file) throw notFound('Arquivo');
  }

  const contact = await findOrCreateContact(tx, scope, input);
  if (contact.blocked) {
    await tx
      .update(contacts)
      .set({ blockedMessageCount: sql`${contacts.blockedMessageCount} + 1` })
      .where(and(ofProvider(scope, contacts.providerId), eq(contacts.id, contact.id)));
    return { blockedContactId: contact.id };
  }

  let [conversation] = await tx
    .select()
    .from(conversations)
    .where(and(
      ofProvider(scope, conversations.providerId),
      eq(conversations.contactId, contact.id),
      sql`${conversations.situacao} <> 'finalizada'`,
    ))
    .for('update');
  let opened = false;
  if (!conversation) {
    // With the bot on, it talks first, and sends the subscriber to the Fila they ask for.
    const byBot = (await botFlowOf(tx, scope.providerId)).enabled;
    const [defaultSector] = byBot ? [] : await tx
      .select({ id: sectors.id })
      .from(sectors)
      .where(and(ofProvider(scope, sectors.providerId), eq(sectors.isDefault, true), eq(sectors.active, true)))
      .limit(1);
    ({ conversation, opened } = await openConversation(tx, scope, emit, {
      contactId: contact.id,
      channelId: channel.id,
      situacao: byBot ? 'bot' : 'fila',
      sectorId: defaultSector?.id ?? null,
      responsavelId: null,
      createdBy: null,
      clientId: contact.clientId,
      // Sent below, after the message it answers.
      sendProtocol: false,
    }));
  }

  const createdAt = messageTime(input.sentAt);
  const quote = input.replyTo
    ? await quoteByChannelId(tx, { providerId: scope.providerId, conversationId: conversation.id, channelId: channel.id, providerMessageId: input.replyTo })
    : null;
  const [message] = await tx
    .insert(messages)
    .values({
      providerId: scope.providerId,
      conversationId: conversation.id,
      contactId: contact.id,
      channelId: channel.id,
      direction: 'in',
      authorKind: 'contact',
      type: input.type,
      body: input.body,
      fileId: input.fileId ?? null,
      meta: quote ? { ...input.meta, replyTo: input.replyTo, quote } : input.meta ?? null,
      providerMessageId: input.providerMessageId ?? null,
      createdAt,
    })
    .onConflictDoNothing()
    .returning();
  if (!message) throw new DuplicateMessage();
  // Each message from the contact opens (or extends) WhatsApp's 24-hour window on this channel.
  await tx
    .update(contactIdentities)
    .set({ lastInboundAt: sql`GREATEST(COALESCE(${contactIdentities.lastInboundAt}, '-infinity'), ${createdAt.toISOString()}::timestamptz)` })
    .where(and(ofProvider(scope, contactIdentities.providerId), eq(contactIdentities.channelId, channel.id), eq(contactIdentities.externalId, input.externalId)));

  await tx
    .update(conversations)
    .set({
      lastMessageAt: sql`GREATEST(${conversations.lastMessageAt}, ${createdAt.toISOString()}::timestamptz)`,
      lastMessagePreview: preview(message.type, message.body),
      unreadCount: sql`${conversations.unreadCount} + 1`,
    })
    .where(and(ofProvider(scope, conversations.providerId), eq(conversations.id, conversation.id)));
  return { message, conversation, opened, file };
}

async function findOrCreateContact(tx: Tx, scope: ProviderScope, input: InboundMessage) {
  const ids = [input.externalId, ...(input.otherExternalIds ?? []).filter((id) => id !== input.externalId)];
  const known = await tx
    .select({ contact: contacts, externalId: contactIdentities.externalId })
    .from(contactIdentities)
    .innerJoin(contacts, and(eq(contacts.providerId, contactIdentities.providerId), eq(contacts.id, contactIdentities.contactId)))
    .where(and(ofProvider(scope, contactIdentities.providerId), eq(contactIdentities.channelId, input.channelId), inArray(contactIdentities.externalId, ids)));
  let contact = (known.find((k) => k.externalId === input.externalId) ?? known[0])?.contact;
  if (contact && known.length === ids.length) return contact;
  if (contact && !contact.phone && input.phone) {
    // Known so far by a user id alone, now with a number: the contact gets it, unless it is already someone else's.
    const [withPhone] = await tx
      .update(contacts)
      .set({ phone: input.phone })
      .where(and(
        ofProvider(scope, contacts.providerId),
        eq(contacts.id, contact.id),
        sql`${contacts.phone} IS NULL`,
        sql`NOT EXISTS (SELECT 1 FROM contacts other WHERE other.provider_id = ${scope.providerId} AND other.phone = ${input.phone})`,
      ))
      .returning();
    if (withPhone) contact = withPhone;
  }

  // The same number may already be a contact (registered by an agent, or met on another channel).
  if (!contact && input.phone) {
    [contact] = await tx
      .select()
      .from(contacts)
      .where(and(ofProvider(scope, contacts.providerId), eq(contacts.phone, input.phone)));
  }
  if (!contact) {
    [contact] = await tx
      .insert(contacts)
      // An empty phone is no phone: stored as one, every such sender would merge into one contact.
      .values({
        providerId: scope.providerId, name: input.contactName, phone: input.phone || null,
        clientId: await clientIdOfPhone(tx, scope.providerId, input.phone),
      })
      .onConflictDoNothing()
      .returning();
    if (!contact) {
      [contact] = await tx
        .select()
        .from(contacts)
        .where(and(ofProvider(scope, contacts.providerId), eq(contacts.phone, input.phone!)));
    }
  }
  // An id already another contact's stays theirs: merging two people is an agent's decision.
  await tx
    .insert(contactIdentities)
    .values(ids.map((externalId) => ({ providerId: scope.providerId, channelId: input.channelId, externalId, contactId: contact.id })))
    .onConflictDoNothing();
  return contact;
}

/**
 * When the contact wrote, as the channel says, but never in the future: a sender's clock (or a
 * forged timestamp) must not keep WhatsApp's 24-hour window open for years.
 */
export function messageTime(sentAt: Date | undefined, now = new Date()): Date {
  if (!sentAt || Number.isNaN(sentAt.getTime()) || sentAt > now) return now;
  return sentAt;
}
