// A contact's media that could not be brought in (the channel's download job gave up): the message
// keeps why, and what to run to try again ("Tentar novamente", retry-media-fetch.ts), and the agents
// who see the conversation are told, so its bubble says so instead of staying empty.
import { and, eq, sql } from 'drizzle-orm';
import { messages } from '../db/schema.js';
import { ofProvider, type ProviderScope } from '../tenancy/scope.js';
import { inTransaction } from './unit-of-work.js';
import { emitMessageStatus } from './update-message-status.js';

export interface MediaFetch {
  /** The channel's download job, as queued with the message. */
  kind: string;
  payload: Record<string, unknown>;
}

export async function recordMediaFailure(scope: ProviderScope, input: { messageId: number; reason: string; fetch: MediaFetch }) {
  await inTransaction(scope, async (tx, emit) => {
    const [updated] = await tx
      .update(messages)
      .set({ meta: sql`COALESCE(${messages.meta}, '{}'::jsonb) || ${JSON.stringify({ mediaError: input.reason, mediaFetch: input.fetch })}::jsonb` })
      .where(and(ofProvider(scope, messages.providerId), eq(messages.id, input.messageId), sql`${messages.fileId} IS NULL`))
      .returning();
    if (updated) await emitMessageStatus(tx, emit, updated);
  });
}

/** Why the message's media is missing, when its download gave up. */
export function mediaErrorOf(meta: unknown): string | null {
  const error = (meta as { mediaError?: unknown } | null)?.mediaError;
  return typeof error === 'string' && error !== '' ? error : null;
}
