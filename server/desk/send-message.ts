// An agent writes in a conversation: a reply to the contact (stored as pending and queued for its
// channel), or an internal note only agents see. Quick replies are filled in here, and one with an
// attachment sends it with the text as caption; an attachment was uploaded first (storeFile) and is
// sent by its id, with an optional caption. On WhatsApp, a reply other than an approved template
// needs the contact's 24-hour window open.
import { eq, sql } from 'drizzle-orm';
import { channels, contacts, conversations, messages } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { FileRow } from '../files/file-view.js';
import { formatSize, kindOf } from '../files/kinds.js';
import { capabilitiesOf } from '../channels/capabilities.js';
import { findVisibleFile } from '../files/read-file.js';
import type { Executor, Tx } from '../db/connection.js';
import { emitConversation, lockConversation, preview, queueOutbound, requireOpen, toMessageView, type ConversationRow } from './records.js';
import { fillQuickReply } from './render-quick-reply.js';
import { quoteForReply } from './quote-message.js';
import { requireResponsavel, type AgentScope } from '../tenancy/scope.js';
import { inTransaction } from './unit-of-work.js';
import { fillTemplate, requireWindowOpen, windowOf } from './reply-window.js';
import { carriesCaption } from '../../api/quick-replies.js';

/** `replyToMessageId`: the message of the conversation the reply answers, shown quoted to the contact. */
type Reply = { conversationId: number; replyToMessageId?: number | null };
export type SendInput =
  | (Reply & { kind: 'text'; body: string })
  | { conversationId: number; kind: 'note'; body: string }
  | (Reply & { kind: 'quick_reply'; quickReplyId: number })
  | (Reply & { kind: 'file'; fileId: number; caption?: string | null })
  | (Reply & { kind: 'template'; templateName: string; params: string[] });

/**
 * What every message to the contact needs: the conversation attended (by the actor, or a
 * supervisor), the contact not blocked. Answers the channel and its reply window.
 */
export async function requireReplyable(tx: Executor, scope: AgentScope, conversation: ConversationRow) {
  requireOpen(conversation);
  if (conversation.situacao !== 'chat') {
    throw new AppError('not_responsavel', 'Assuma a conversa antes de responder ao contato.');
  }
  requireResponsavel(scope.actor, conversation);
  const [contact] = await tx.select().from(contacts).where(eq(contacts.id, conversation.contactId));
  if (contact.blocked) throw new AppError('contact_blocked', 'Este contato está bloqueado.');
  const [channel] = await tx.select().from(channels).where(eq(channels.id, conversation.channelId));
  return { channel, window: await windowOf(tx, channel, conversation.contactId) };
}

/** Every file Prosa accepts goes by WhatsApp; a channel that takes less says so before it is queued. */
function requireFileFits(channel: Pick<typeof channels.$inferSelect, 'kind' | 'name'>, file: FileRow) {
  const max = capabilitiesOf(channel).maxFileBytes;
  if (max === null || Number(file.size) <= max) return;
  throw new AppError('validation_failed', `O arquivo tem ${formatSize(Number(file.size))}; o canal ${channel.name} aceita arquivos de até ${formatSize(max)}.`, { size: Number(file.size), maxBytes: max });
}

/** An agent answered: the unread count clears and the first response is recorded. */
export async function markAnswered(tx: Tx, conversationId: number, message: { createdAt: Date; type: string; body: string | null }) {
  await tx
    .update(conversations)
    .set({
      unreadCount: 0,
      firstResponseAt: sql`COALESCE(${conversations.firstResponseAt}, ${message.createdAt.toISOString()}::timestamptz)`,
      lastMessagePreview: preview(message.type, message.body),
    })
    .where(eq(conversations.id, conversationId));
}

export async function sendMessage(scope: AgentScope, input: SendInput) {
  return inTransaction(scope, async (tx, emit) => {
    const conversation = await lockConversation(tx, scope, input.conversationId);
    requireOpen(conversation);

    if (input.kind === 'note') {
      const [note] = await tx
        .insert(messages)
        .values({
          providerId: scope.providerId,
          conversationId: conversation.id,
          contactId: conversation.contactId,
          channelId: conversation.channelId,
          direction: 'internal',
          authorKind: 'agent',
          authorUserId: scope.actor.userId,
          type: 'note',
          body: input.body,
        })
        .returning();
      emit({ type: 'message.created', sectorId: conversation.sectorId, conversationId: conversation.id, payload: { message: toMessageView(note) } });
      return toMessageView(note);
    }

    const { channel, window } = await requireReplyable(tx, scope, conversation);
    if (input.kind !== 'template') requireWindowOpen(window);
    const quote = input.replyToMessageId
      ? await quoteForReply(tx, { providerId: scope.providerId, conversationId: conversation.id, messageId: input.replyToMessageId })
      : null;

    let type: 'text' | 'image' | 'video' | 'audio' | 'file' | 'template' = 'text';
    let body: string | null;
    let file: FileRow | null = null;
    let meta: Record<string, unknown> | null = null;
    /** A quick reply's text that cannot be its attachment's caption goes right after it. */
    let followingText: string | null = null;
    if (input.kind === 'template') {
      type = 'template';
      ({ body, meta } = fillTemplate(channel, input.templateName, input.params));
    } else if (input.kind === 'quick_reply') {
      ({ body, file } = await fillQuickReply(tx, scope, conversation, input.quickReplyId));
      if (file) {
        type = kindOf(file.mime);
        if (!carriesCaption(type, body)) [body, followingText] = [null, body];
      }
    } else if (input.kind === 'file') {
      file = await findVisibleFile(tx, scope, input.fileId);
      type = kindOf(file.mime);
      body = input.caption?.trim() || null;
      // WhatsApp's audio messages carry no caption.
      if (type === 'audio' && body !== null) throw new AppError('validation_failed', 'Áudios não podem ter legenda.');
    } else {
      body = input.body;
    }
    if (file) requireFileFits(channel, file);

    let message = await queueOutbound(tx, scope, emit, {
      conversation,
      authorKind: 'agent',
      authorUserId: scope.actor.userId,
      type,
      body,
      file,
      // Only the first message of the reply carries the quote (a text after its file does not).
      meta: quote ? { ...meta, quote } : meta,
    });
    let view = toMessageView(message, file);
    if (followingText !== null) {
      message = await queueOutbound(tx, scope, emit, { conversation, authorKind: 'agent', authorUserId: scope.actor.userId, type: 'text', body: followingText });
      view = toMessageView(message);
    }
    await markAnswered(tx, conversation.id, message);
    await emitConversation(tx, scope, emit, conversation.id);
    return view;
  });
}
