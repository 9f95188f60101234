// A contact reacts to a message with an emoji (WhatsApp's and Telegram's reactions): the reaction
// shows on that message, a newer one replacing it and an empty one taking it back, instead of a
// message of its own. Agents see the change live, as any change to a message.
import { messages } from '../db/schema.js';
import type { ProviderScope } from '../tenancy/scope.js';
import { inTransaction } from './unit-of-work.js';
import { emitMessageStatus, lockChannelMessage } from './update-message-status.js';
import { sameRow } from '../tenancy/scope.js';

export interface ContactReaction {
  channelId: string;
  /** The channel's id of the message reacted to. */
  providerMessageId: string;
  /** Null: the contact took their reaction back. */
  emoji: string | null;
}

/** `unknown` when no message of the conversation has that id here (older, or never stored). */
export async function reactToMessage(scope: ProviderScope, input: ContactReaction): Promise<'reacted' | 'unknown'> {
  return inTransaction(scope, async (tx, emit) => {
    const message = await lockChannelMessage(tx, scope, input);
    if (!message || message.direction === 'internal') return 'unknown';
    const { contactReaction: _previous, ...meta } = (message.meta ?? {}) as Record<string, unknown>;
    const [row] = await tx
      .update(messages)
      .set({ meta: input.emoji ? { ...meta, contactReaction: input.emoji } : meta })
      .where(sameRow(messages, message))
      .returning();
    await emitMessageStatus(tx, emit, row);
    return 'reacted';
  });
}
