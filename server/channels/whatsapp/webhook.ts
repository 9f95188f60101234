// /webhooks/whatsapp/:channelId — what Meta calls. GET: the verification handshake when the
// webhook is configured. POST: messages and statuses, signed with the app secret; anything whose
// signature does not match is refused with 401 and nothing is stored. The answer comes as soon as
// the messages are stored: media is fetched afterwards by a job, since Meta waits only a few
// seconds and delivers again (at least once) whatever it did not see acknowledged.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { and, eq, sql } from 'drizzle-orm';
import { channels } from '../../db/schema.js';
import { receiveMessage } from '../../desk/receive-message.js';
import { ofProvider, type ProviderScope } from '../../tenancy/scope.js';
import { updateMessageStatus } from '../../desk/update-message-status.js';
import { isUnstorableValue, sqlState } from '../../db/errors.js';
import { AppError } from '../../errors.js';
import { errorBody } from '../../http/errors.js';
import { recordWebhookRejection } from '../rejections.js';
import { scrubText } from '../../http/hostile-input.js';
import { enqueue } from '../../jobs/queue.js';
import type { ChannelDeps, ChannelRow } from '../channel.js';
import { FETCH_MEDIA, mediaFilename } from './fetch-media.js';
import { messageChanges, phoneOf, readMessage, readRevision, readStatus, RefusedItem, WebhookPayload, type Revision, type WhatsAppMedia } from './inbound.js';
import { reviseInboundMessage } from '../../desk/revise-inbound-message.js';
import { moveContactIdentity } from '../../desk/move-contact-identity.js';
import { reactToMessage } from '../../desk/react-to-message.js';
import { APPLY_STATUS } from './late-status.js';
import { hasValidSignature, SIGNATURE_HEADER } from './signature.js';

export async function registerWebhookRoutes(app: FastifyInstance, deps: ChannelDeps): Promise<void> {
  // Its own context: here JSON arrives as the raw bytes the signature was computed over.
  await app.register(async (webhooks) => {
    webhooks.removeContentTypeParser('application/json');
    webhooks.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

    webhooks.get<{ Params: { channelId: string }; Querystring: Record<string, string | undefined> }>(
      '/webhooks/whatsapp/:channelId',
      async (request, reply) => {
        const channel = await findChannel(deps, request.params.channelId);
        if (!channel) return reply.status(404).send(errorBody('not_found', 'Canal não encontrado.'));
        const verifyToken = (channel.config as { verifyToken?: unknown } | null)?.verifyToken;
        const query = request.query;
        if (query['hub.mode'] !== 'subscribe' || typeof verifyToken !== 'string' || query['hub.verify_token'] !== verifyToken) {
          return reply.status(403).send(errorBody('forbidden', 'Token de verificação inválido.'));
        }
        return reply.type('text/plain; charset=utf-8').send(query['hub.challenge'] ?? '');
      },
    );

    webhooks.post<{ Params: { channelId: string } }>('/webhooks/whatsapp/:channelId', async (request, reply) => {
      const channel = await findChannel(deps, request.params.channelId);
      if (!channel) return reply.status(404).send(errorBody('not_found', 'Canal não encontrado.'));
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const appSecret = (channel.secrets as { appSecret?: unknown } | null)?.appSecret;
      if (typeof appSecret !== 'string' || !hasValidSignature(raw, request.headers[SIGNATURE_HEADER], appSecret)) {
        request.log.warn({ channelId: channel.id }, 'whatsapp webhook with a missing or wrong signature refused');
        return reply.status(401).send(errorBody('webhook_unauthenticated', 'Assinatura X-Hub-Signature-256 ausente ou inválida.'));
      }
      let payload;
      try {
        // NULs and broken surrogates in a contact's text are dropped: PostgreSQL could not store them.
        payload = WebhookPayload.parse(scrubText(JSON.parse(raw.toString('utf8'))));
      } catch {
        return reply.status(400).send(errorBody('bad_request', 'Corpo do webhook ilegível.'));
      }
      await handlePayload(deps, channel, payload, request.log);
      return reply.status(200).send({ ok: true });
    });
  });
}

async function findChannel(deps: ChannelDeps, id: string): Promise<ChannelRow | null> {
  const [channel] = await deps.db
    .select()
    .from(channels)
    .where(and(eq(channels.id, id), eq(channels.kind, 'whatsapp'), eq(channels.active, true)));
  return channel ?? null;
}

/**
 * One Meta app's webhook carries every number subscribed to it: each change goes to the channel of
 * its number, among this provider's own channels only.
 */
async function channelOfNumber(deps: ChannelDeps, channel: ChannelRow, phoneNumberId: string): Promise<ChannelRow | null> {
  if ((channel.config as { phoneNumberId?: unknown }).phoneNumberId === phoneNumberId) return channel;
  const [sibling] = await deps.db
    .select()
    .from(channels)
    .where(and(
      ofProvider(channel, channels.providerId),
      eq(channels.kind, 'whatsapp'),
      eq(channels.active, true),
      sql`${channels.config}->>'phoneNumberId' = ${phoneNumberId}`,
    ))
    .limit(1);
  return sibling ?? null;
}

async function handlePayload(deps: ChannelDeps, channel: ChannelRow, payload: Parameters<typeof messageChanges>[0], log: FastifyBaseLogger) {
  for (const change of messageChanges(payload)) {
    if ('refused' in change) {
      await refuse(deps, channel, log, 'change', change.raw, change.refused);
      continue;
    }
    const { value } = change;
    const target = await channelOfNumber(deps, channel, value.metadata.phone_number_id);
    if (!target) {
      log.warn({ channelId: channel.id, phoneNumberId: value.metadata.phone_number_id }, 'whatsapp webhook for a number this provider has no channel for; ignored');
      continue;
    }
    const scope = { db: deps.db, bus: deps.bus, providerId: target.providerId };

    for (const raw of value.messages ?? []) {
      await eachItem(deps, target, log, 'message', raw, async () => {
        const revision = readItem(raw, () => readRevision(raw));
        if (revision && await applyRevision(scope, target, revision)) return;
        const read = readItem(raw, () => readMessage(target.id, value, raw));
        if (!read) return;
        await receiveMessage(scope, { ...read.inbound, followUp: read.media ? mediaFetch(read.media) : undefined });
      });
    }

    for (const raw of value.statuses ?? []) {
      await eachItem(deps, target, log, 'status', raw, async () => {
        const update = readItem(raw, () => readStatus(target.id, raw));
        if (!update) return;
        const outcome = await updateMessageStatus(scope, update);
        // Meta may report before our own record of the id is committed; "sent" we record ourselves.
        if (outcome === 'unknown' && update.status !== 'sent') {
          await enqueue(deps.db, {
            providerId: target.providerId,
            kind: APPLY_STATUS,
            payload: { ...update, at: update.at?.toISOString() ?? null },
            runAt: new Date(Date.now() + 3_000),
            maxAttempts: 4,
          });
        }
      });
    }
  }
}

/**
 * An edit, a deletion or a reaction changes the message it names; a new number or user id moves the
 * contact's identity (a new number also says so in the chat). `false`: a reaction to a message Prosa
 * does not have, which is then read as a message of its own.
 */
async function applyRevision(scope: ProviderScope, target: ChannelRow, revision: Revision): Promise<boolean> {
  if (revision.kind === 'reaction') {
    return (await reactToMessage(scope, { channelId: target.id, providerMessageId: revision.targetId, emoji: revision.emoji })) === 'reacted';
  }
  if (revision.kind === 'user-id-change') {
    await moveContactIdentity(scope, { channelId: target.id, fromExternalId: revision.from, toExternalId: revision.to, phone: null });
    return true;
  }
  if (revision.kind === 'number-change') {
    await moveContactIdentity(scope, { channelId: target.id, fromExternalId: revision.from, toExternalId: revision.to, phone: phoneOf(revision.to) });
    if (revision.userId) await moveContactIdentity(scope, { channelId: target.id, fromExternalId: revision.userId.from, toExternalId: revision.userId.to, phone: null });
    await receiveMessage(scope, {
      channelId: target.id,
      externalId: revision.to,
      contactName: revision.to,
      phone: phoneOf(revision.to),
      type: 'text',
      body: `Mudou de número: +${phoneOf(revision.from)} → +${phoneOf(revision.to)}`,
      meta: { system: 'user_changed_number', previousId: revision.from, systemBody: revision.body },
      providerMessageId: revision.messageId,
      sentAt: revision.sentAt,
    });
    return true;
  }
  const outcome = await reviseInboundMessage(scope, {
    channelId: target.id,
    providerMessageId: revision.originalId,
    change: revision.kind === 'edit' ? { edited: revision.body } : { deleted: true },
  });
  if (outcome === 'unknown') throw new RefusedItem(`${revision.kind === 'edit' ? 'edição' : 'remoção'} de uma mensagem que o Prosa não tem`, revision.originalId);
  return true;
}

/** The media download, queued with the message it belongs to. */
function mediaFetch(media: WhatsAppMedia & { kind: string }) {
  return { kind: FETCH_MEDIA, payload: (messageId: number) => ({ messageId, mediaId: media.id, filename: mediaFilename(media, messageId) }) };
}

/**
 * One item of a payload. One that can never be stored (unreadable, refused by the database) is
 * recorded for the operator (channels/rejections.ts), logged and skipped, so the payload's good items are kept and Meta, answered
 * 200, does not send it again forever. Anything else (the database down, a unique violation between
 * two concurrent deliveries) fails the whole delivery, which Meta then repeats; the items already
 * stored are recognised by their ids.
 */
async function eachItem(deps: ChannelDeps, target: ChannelRow, log: FastifyBaseLogger, kind: 'message' | 'status', raw: unknown, work: () => Promise<void>) {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof RefusedItem) && !(error instanceof AppError) && !isUnstorableValue(error)) throw error;
    await refuse(deps, target, log, kind, raw, error as Error);
  }
}

/**
 * Reading an item touches nothing but the item: whatever goes wrong there (a shape no schema
 * foresaw) is that item's fault, refused alone, never the whole delivery's.
 */
function readItem<T>(raw: unknown, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof RefusedItem) throw error;
    const id = (raw as { id?: unknown } | null)?.id;
    throw new RefusedItem(`item ilegível — ${(error as Error)?.message ?? String(error)}`, typeof id === 'string' ? id.slice(0, 200) : null);
  }
}

async function refuse(deps: ChannelDeps, target: ChannelRow, log: FastifyBaseLogger, kind: 'message' | 'status' | 'change', raw: unknown, error: Error) {
  const itemId = error instanceof RefusedItem ? error.itemId : (raw as { id?: unknown } | null)?.id;
  const reason = error.message;
  log.warn({ channelId: target.id, kind, itemId, reason, sqlState: sqlState(error) }, 'whatsapp webhook item refused; skipped');
  await recordWebhookRejection(deps.db, { providerId: target.providerId, channelId: target.id, kind: `whatsapp.${kind}`, itemId, reason, item: raw });
}
