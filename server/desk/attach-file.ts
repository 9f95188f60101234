// A contact's media arrives after its message: the channel stores the message at once and fetches
// the file in a job, then attaches it here. Attached once: a download that ran twice changes nothing.
import { and, eq, isNull } from 'drizzle-orm';
import { conversations, files, messages } from '../db/schema.js';
import { notFound } from '../errors.js';
import { toMessageView, type MessageView } from './records.js';
import { ofProvider, type ProviderScope } from '../tenancy/scope.js';
import { inTransaction } from './unit-of-work.js';

export interface AttachFileInput {
  messageId: number;
  /** A file of the same provider, kept with storeFile. */
  fileId: number;
}

/** The message with its file, or `null` when it already had one. */
export async function attachFile(scope: ProviderScope, input: AttachFileInput): Promise<MessageView | null> {
  return inTransaction(scope, async (tx, emit) => {
    const [file] = await tx.select().from(files).where(and(ofProvider(scope, files.providerId), eq(files.id, input.fileId)));
    if (!file) throw notFound('Arquivo');
    const [updated] = await tx
      .update(messages)
      .set({ fileId: file.id })
      .where(and(ofProvider(scope, messages.providerId), eq(messages.id, input.messageId), isNull(messages.fileId)))
      .returning();
    if (!updated) {
      const [exists] = await tx.select({ id: messages.id }).from(messages).where(and(ofProvider(scope, messages.providerId), eq(messages.id, input.messageId)));
      if (!exists) throw notFound('Mensagem');
      return null;
    }
    const [conversation] = await tx.select({ sectorId: conversations.sectorId }).from(conversations).where(eq(conversations.id, updated.conversationId));
    const view = toMessageView(updated, file);
    emit({ type: 'message.status', sectorId: conversation.sectorId, conversationId: updated.conversationId, payload: { message: view } });
    return view;
  });
}
