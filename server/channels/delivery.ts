// Delivering outgoing messages: every reply is stored first as `pending` with a
// `deliver_message` job (desk/records.ts queueDelivery); this handler hands it to its channel.
// A message is sent only while it is still pending, so a job run twice (a worker died after the
// channel answered but before the job was closed) does not send it twice. The one window left —
// the process dying between the channel's acceptance and our recording of it — cannot be closed
// without an idempotency key, which neither WhatsApp's nor Telegram's API offers.
import { and, eq, sql } from 'drizzle-orm';
import { channels, contactIdentities, files, messages } from '../db/schema.js';
import { readFileBytes } from '../files/read-file.js';
import { inTransaction } from '../desk/unit-of-work.js';
import { DELIVER_MESSAGE } from '../desk/records.js';
import { emitMessageStatus, settledStatusOfParts } from '../desk/update-message-status.js';
import { JobFailed } from '../jobs/queue.js';
import type { JobHandler } from '../jobs/worker.js';
import { ChannelSendError, type ChannelAdapter, type ChannelDeps, type ChannelKind, type MessageRow } from './channel.js';
import { deliveryFailures, failureReason } from '../metrics/metrics.js';
import { sameRow } from '../tenancy/scope.js';

export { DELIVER_MESSAGE };

export function deliveryHandler(deps: ChannelDeps, adapters: Partial<Record<ChannelKind, ChannelAdapter>>): JobHandler {
  return {
    async run(job) {
      const messageId = Number((job.payload as { messageId?: unknown }).messageId);
      const scope = { db: deps.db, bus: deps.bus, providerId: job.providerId };
      const [message] = await deps.db
        .select()
        .from(messages)
        .where(and(eq(messages.providerId, job.providerId), eq(messages.id, messageId)));
      if (!message) throw new JobFailed(`mensagem ${messageId} não existe`, false);
      if (message.status !== 'pending') return; // already handed over: never twice

      const [channel] = await deps.db.select().from(channels).where(eq(channels.id, message.channelId));
      const adapter = adapters[channel.kind];
      if (!adapter) throw new JobFailed(`o canal ${channel.kind} não tem como enviar`, false);
      const [identity] = await deps.db
        .select({ externalId: contactIdentities.externalId })
        .from(contactIdentities)
        .where(and(eq(contactIdentities.channelId, channel.id), eq(contactIdentities.contactId, message.contactId)))
        .orderBy(sql`${contactIdentities.lastInboundAt} DESC NULLS LAST`)
        .limit(1);
      if (!identity) throw new JobFailed('o contato não tem endereço neste canal', false);

      let file = null;
      if (message.fileId !== null) {
        const [row] = await deps.db.select().from(files).where(eq(files.id, message.fileId));
        file = {
          row,
          bytes: async () => {
            const chunks: Buffer[] = [];
            for await (const chunk of await readFileBytes(deps.storage, row)) chunks.push(chunk as Buffer);
            return Buffer.concat(chunks);
          },
        };
      }

      const replyTo = await channelIdOfQuoted(deps.db, message);
      let result: { providerMessageId: string };
      try {
        result = await adapter.send({ channel, recipient: identity.externalId, message, replyTo, file, partSent: (id) => recordPart(deps.db, message.id, id) });
      } catch (error) {
        if (error instanceof ChannelSendError) throw new JobFailed(error.message, error.retryable, error.retryAfterMs);
        throw new JobFailed(error instanceof Error ? error.message : String(error), true);
      }
      await recordSent(scope, message, result.providerMessageId);
    },

    async giveUp(job, reason) {
      const messageId = Number((job.payload as { messageId?: unknown }).messageId);
      const scope = { db: deps.db, bus: deps.bus, providerId: job.providerId };
      await inTransaction(scope, async (tx, emit) => {
        const [failed] = await tx
          .update(messages)
          .set({ status: 'failed', statusError: reason, statusAt: sql`now()` })
          .where(and(eq(messages.providerId, job.providerId), eq(messages.id, messageId), eq(messages.status, 'pending')))
          .returning();
        if (failed) await emitMessageStatus(tx, emit, failed);
      });
      const [channel] = await deps.db.select({ kind: channels.kind }).from(channels).innerJoin(messages, eq(messages.channelId, channels.id)).where(eq(messages.id, messageId));
      if (channel) deliveryFailures.inc({ channel: channel.kind, reason: failureReason(reason) });
    },
  };
}

/**
 * The channel's id of the message a reply answers (meta.quote), as the channel knows it now: one
 * that never reached it (failed, or still queued) has none, and the reply goes unquoted.
 */
async function channelIdOfQuoted(db: ChannelDeps['db'], message: MessageRow): Promise<string | null> {
  const quoted = (message.meta as { quote?: { messageId?: unknown } } | null)?.quote?.messageId;
  if (typeof quoted !== 'number') return null;
  const [row] = await db
    .select({ providerMessageId: messages.providerMessageId })
    .from(messages)
    .where(and(eq(messages.providerId, message.providerId), eq(messages.conversationId, message.conversationId), eq(messages.id, quoted)));
  return row?.providerMessageId ?? null;
}

/** A part of a long text went: kept at once, so that a retry sends only the parts after it. */
async function recordPart(db: ChannelDeps['db'], messageId: number, providerMessageId: string) {
  await db
    .update(messages)
    .set({ meta: sql`jsonb_set(COALESCE(${messages.meta}, '{}'::jsonb), '{parts}', COALESCE(${messages.meta}->'parts', '[]'::jsonb) || to_jsonb(${providerMessageId}::text))` })
    .where(eq(messages.id, messageId));
}

async function recordSent(scope: { db: ChannelDeps['db']; bus: ChannelDeps['bus']; providerId: number }, message: MessageRow, providerMessageId: string) {
  await inTransaction(scope, async (tx, emit) => {
    // A status webhook may already have moved it past `sent`: only the id is new then. A text sent
    // in parts takes what its parts' statuses already say (delivered, even failed) once all went.
    const [locked] = await tx.select({ meta: messages.meta }).from(messages).where(sameRow(messages, message)).for('update');
    const parts = settledStatusOfParts(locked?.meta);
    const status = parts?.status ?? 'sent';
    const [sent] = await tx
      .update(messages)
      .set({
        providerMessageId,
        status: sql`CASE WHEN ${messages.status} = 'pending' THEN ${status}::delivery_status ELSE ${messages.status} END`,
        statusError: sql`CASE WHEN ${messages.status} = 'pending' THEN ${parts?.error ?? null}::text ELSE ${messages.statusError} END`,
        statusAt: sql`now()`,
      })
      .where(sameRow(messages, message))
      .returning();
    await emitMessageStatus(tx, emit, sent);
  });
}
