// A contact edits or takes back a message they sent (WhatsApp's edit and revoke): the stored
// message shows the new text and remembers the first one, or is marked deleted — its body kept for
// the record, the desk showing it as deleted. Agents see the change live, as any change to a message.
import { messages } from '../db/schema.js';
import type { ProviderScope } from '../tenancy/scope.js';
import { inTransaction } from './unit-of-work.js';
import { emitMessageStatus, lockChannelMessage } from './update-message-status.js';
import { sameRow } from '../tenancy/scope.js';

export interface InboundRevision {
  channelId: string;
  /** The channel's id of the message revised. */
  providerMessageId: string;
  change: { edited: string | null } | { deleted: true };
}

/** `unknown` when no message of the contact's has that id (never stored, or another channel's). */
export async function reviseInboundMessage(scope: ProviderScope, input: InboundRevision): Promise<'revised' | 'unknown'> {
  return inTransaction(scope, async (tx, emit) => {
    const message = await lockChannelMessage(tx, scope, input);
    // Only what the contact sent is theirs to revise.
    if (!message || message.direction !== 'in') return 'unknown';
    const meta = (message.meta ?? {}) as Record<string, unknown>;
    const revised = 'deleted' in input.change
      ? { meta: { ...meta, deleted: true } }
      : {
          body: input.change.edited,
          // The first text is the one kept: a second edit does not lose it.
          meta: { ...meta, edited: true, originalBody: 'originalBody' in meta ? meta.originalBody : message.body },
        };
    const [row] = await tx.update(messages).set(revised).where(sameRow(messages, message)).returning();
    await emitMessageStatus(tx, emit, row);
    return 'revised';
  });
}

