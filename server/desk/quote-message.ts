// A message that answers another (a contact's reply on WhatsApp or Telegram, an agent's
// "Responder") keeps a quote of it in meta.quote: its author, kind and the start of its text as they
// were then, so every view of the reply (the list, a live event, the widget) shows it without a
// lookup. The channel's own id of the quoted message stays in meta.replyTo on what a contact sent.
import { and, eq, or } from 'drizzle-orm';
import { contacts, messages, users } from '../db/schema.js';
import type { Executor } from '../db/connection.js';
import { AppError, notFound } from '../errors.js';
import { deletedOf, hasPart, type MessageRow } from './records.js';
import type { Quote } from './message-meaning.js';

const EXCERPT_MAX = 140;

/** What a reply shows when the channel names a message Prosa does not have (older, another conversation's). */
export const MISSING_QUOTE: Quote = { messageId: null, authorKind: null, authorName: null, type: null, excerpt: null };

export async function quoteOf(tx: Executor, message: MessageRow): Promise<Quote> {
  let authorName: string | null = null;
  if (message.authorKind === 'contact') {
    [{ name: authorName }] = await tx.select({ name: contacts.name }).from(contacts).where(eq(contacts.id, message.contactId));
  } else if (message.authorKind === 'agent' && message.authorUserId !== null) {
    [{ name: authorName }] = await tx.select({ name: users.name }).from(users).where(eq(users.id, message.authorUserId));
  }
  // A message the contact took back is not to be read again, quoted or not.
  const deleted = deletedOf(message.meta);
  const body = deleted ? null : message.body?.trim() || null;
  return {
    messageId: message.id,
    authorKind: message.authorKind,
    authorName,
    type: message.type,
    excerpt: body && body.length > EXCERPT_MAX ? `${body.slice(0, EXCERPT_MAX - 1)}…` : body,
  };
}

/**
 * The message of this conversation the channel knows by `providerMessageId`: its own id, or the id
 * of one of its parts (a long text sent in several, channels/parts.ts).
 */
export async function findByChannelId(tx: Executor, ref: { providerId: number; conversationId: number; channelId: string; providerMessageId: string }) {
  const [message] = await tx
    .select()
    .from(messages)
    .where(and(
      eq(messages.providerId, ref.providerId),
      eq(messages.conversationId, ref.conversationId),
      eq(messages.channelId, ref.channelId),
      or(eq(messages.providerMessageId, ref.providerMessageId), hasPart(ref.providerMessageId)),
    ))
    .limit(1);
  return message;
}

/**
 * The quote of the message an agent answers: one of this conversation's (whose visibility the
 * caller checked) that the contact saw or wrote — not an internal note.
 */
export async function quoteForReply(tx: Executor, ref: { providerId: number; conversationId: number; messageId: number }): Promise<Quote> {
  const [quoted] = await tx
    .select()
    .from(messages)
    .where(and(eq(messages.providerId, ref.providerId), eq(messages.id, ref.messageId)));
  if (!quoted || quoted.conversationId !== ref.conversationId) throw notFound('Mensagem');
  if (quoted.direction === 'internal') throw new AppError('validation_failed', 'Uma nota interna não pode ser respondida: o contato não a vê.');
  if (deletedOf(quoted.meta)) throw new AppError('validation_failed', 'O contato apagou esta mensagem: ela não pode ser respondida.');
  return quoteOf(tx, quoted);
}

/** The quote of the message a contact's reply names by the channel's id, or MISSING_QUOTE. */
export async function quoteByChannelId(tx: Executor, ref: Parameters<typeof findByChannelId>[1]): Promise<Quote> {
  const quoted = await findByChannelId(tx, ref);
  return quoted && quoted.direction !== 'internal' ? quoteOf(tx, quoted) : MISSING_QUOTE;
}
