// Delivery of outgoing messages through the job queue. The channel here is a recording stand-in
// for an external API (the real adapters have their own tests against stand-ins of Meta's and
// Telegram's servers); the queue, the worker and the desk are Prosa's own.
import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { jobs, messages } from '../db/schema.js';
import { updateMessageStatus } from '../desk/update-message-status.js';
import { fileStorageFor } from '../files/storage.js';
import { claimJobs } from '../jobs/queue.js';
import { runUntilIdle } from '../jobs/worker.js';
import { createHarness } from '../../test/support/harness.js';
import type { ProviderFixture } from '../../test/support/fixtures.js';
import { ChannelSendError, type ChannelAdapter, type OutgoingMessage } from './channel.js';
import { deliveryHandler, DELIVER_MESSAGE } from './delivery.js';

const h = await createHarness();

/** A channel that records what it is given, and fails the sends it was told to fail. */
function recordingChannel() {
  const sent: OutgoingMessage[] = [];
  const failures = new Map<number, Error[]>();
  const adapter: ChannelAdapter = {
    kind: 'whatsapp',
    async send(outgoing) {
      const error = failures.get(outgoing.message.id)?.shift();
      if (error) throw error;
      sent.push(outgoing);
      return { providerMessageId: `wamid.test-${outgoing.message.id}` };
    },
  };
  return { adapter, sent, fail: (messageId: number, ...errors: Error[]) => failures.set(messageId, errors) };
}

function worker(adapter: ChannelAdapter) {
  const deps = { db: h.database.db, bus: h.bus, config: h.app.deps.config, storage: fileStorageFor(h.app.deps.config), wake: () => undefined };
  return () => runUntilIdle({ db: h.database.db, handlers: { [DELIVER_MESSAGE]: deliveryHandler(deps, { whatsapp: adapter }) } });
}

async function replyIn(p: ProviderFixture, phone: string, body: string) {
  const { conversationId } = (await h.inbound(p, { externalId: phone, phone, body: 'oi' })) as { conversationId: number };
  const ana = await h.login(p.users.ana);
  await ana.post(`/api/v1/conversations/${conversationId}/assume`);
  const sent = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body });
  return { conversationId, messageId: sent.body.id as number, ana };
}

const statusOf = async (id: number) => (await h.database.db.select().from(messages).where(eq(messages.id, id)))[0];
const makeDue = () => h.database.db.execute(sql`UPDATE jobs SET run_at = now() WHERE done_at IS NULL`);

describe('delivering replies', () => {
  it('hands a pending reply to its channel once, addressed to the contact, and marks it sent', async () => {
    const p = await h.provider();
    const channel = recordingChannel();
    const run = worker(channel.adapter);
    const { messageId } = await replyIn(p, '5511933330001', 'Sua conexão foi restabelecida.');
    await run();
    const mine = channel.sent.filter((s) => s.message.id === messageId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ recipient: '5511933330001', channel: { id: p.channels.whatsapp } });
    expect(await statusOf(messageId)).toMatchObject({ status: 'sent', providerMessageId: `wamid.test-${messageId}` });
    // The protocol message queued when the conversation opened went out too.
    expect(channel.sent.some((s) => s.message.authorKind === 'system')).toBe(true);
    const before = channel.sent.length;
    expect(await run()).toBe(0);
    expect(channel.sent).toHaveLength(before);
  });

  it('retries later after a timeout or a 5xx, and then delivers', async () => {
    const p = await h.provider();
    const channel = recordingChannel();
    const run = worker(channel.adapter);
    const { messageId } = await replyIn(p, '5511933330002', 'Falha temporária');
    channel.fail(messageId, new ChannelSendError('HTTP 503 do canal', true));
    await run();
    expect((await statusOf(messageId)).status).toBe('pending');
    const [queued] = await h.database.db.select().from(jobs).where(sql`${jobs.payload}->>'messageId' = ${String(messageId)}`);
    expect(queued).toMatchObject({ lastError: 'HTTP 503 do canal', attempts: 1, doneAt: null });
    expect(queued.runAt.getTime()).toBeGreaterThan(Date.now());
    expect(await run()).toBe(0); // not due yet
    await makeDue();
    await run();
    expect((await statusOf(messageId)).status).toBe('sent');
    expect(channel.sent.filter((s) => s.message.id === messageId)).toHaveLength(1);
  });

  it('marks a message failed with the channel\'s reason on a 4xx, and "Tentar novamente" sends it again', async () => {
    const p = await h.provider();
    const channel = recordingChannel();
    const run = worker(channel.adapter);
    await run();
    const { conversationId, ana } = await replyIn(p, '5511933330004', 'primeira');
    await run();
    const failing = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: 'esta falha' });
    channel.fail(failing.body.id, new ChannelSendError('(#131026) Message undeliverable', false));
    await run();
    expect(await statusOf(failing.body.id)).toMatchObject({ status: 'failed', statusError: '(#131026) Message undeliverable' });

    const retried = await ana.post(`/api/v1/messages/${failing.body.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('pending');
    await run();
    expect((await statusOf(failing.body.id)).status).toBe('sent');
    expect((await ana.post(`/api/v1/messages/${failing.body.id}/retry`)).status).toBe(409);
  });

  it('gives up after the last attempt and says why', async () => {
    const p = await h.provider();
    const channel = recordingChannel();
    const run = worker(channel.adapter);
    const { messageId } = await replyIn(p, '5511933330005', 'nunca chega');
    await h.database.db.update(jobs).set({ maxAttempts: 2 }).where(sql`${jobs.payload}->>'messageId' = ${String(messageId)}`);
    channel.fail(messageId, new ChannelSendError('timeout', true), new ChannelSendError('timeout', true));
    await run();
    expect((await statusOf(messageId)).status).toBe('pending');
    await makeDue();
    await run();
    expect(await statusOf(messageId)).toMatchObject({ status: 'failed', statusError: 'timeout' });
  });

  it('does not send twice when a worker died after the channel accepted but before closing the job', async () => {
    const p = await h.provider();
    const channel = recordingChannel();
    const run = worker(channel.adapter);
    const { messageId } = await replyIn(p, '5511933330006', 'uma vez só');
    // A worker takes the job, sends, records it... and dies before completing the job.
    const claimed = await claimJobs(h.database.db, 50, [DELIVER_MESSAGE]);
    expect(claimed.length).toBeGreaterThan(0);
    await h.database.db.update(messages).set({ status: 'sent', providerMessageId: 'wamid.first-worker' }).where(eq(messages.id, messageId));
    // Its lease runs out; another worker takes the jobs.
    await h.database.db.execute(sql`UPDATE jobs SET locked_until = now() - interval '1 second' WHERE done_at IS NULL`);
    await run();
    expect(channel.sent.filter((s) => s.message.id === messageId)).toHaveLength(0);
    expect((await statusOf(messageId)).providerMessageId).toBe('wamid.first-worker');
    const open = await h.database.db.select().from(jobs).where(and(sql`${jobs.payload}->>'messageId' = ${String(messageId)}`, sql`done_at IS NULL`));
    expect(open).toHaveLength(0);
  });

  it('runs each job once when two workers look at the same time', async () => {
    const p = await h.provider();
    const channel = recordingChannel();
    const run = worker(channel.adapter);
    await run();
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) ids.push((await replyIn(p, `551193333010${i}`, `paralelo ${i}`)).messageId);
    await Promise.all([run(), run(), run()]);
    await Promise.all([run(), run()]);
    for (const id of ids) expect(channel.sent.filter((s) => s.message.id === id)).toHaveLength(1);
  });
});

describe('statuses reported by the channel', () => {
  it('never moves a status backwards, whatever order the channel reports in', async () => {
    const p = await h.provider();
    const channel = recordingChannel();
    const run = worker(channel.adapter);
    await run();
    const { messageId } = await replyIn(p, '5511933330007', 'status');
    await run();
    const scope = { db: h.database.db, bus: h.bus, providerId: p.providerId };
    const update = (status: 'sent' | 'delivered' | 'read' | 'failed') =>
      updateMessageStatus(scope, { channelId: p.channels.whatsapp, providerMessageId: `wamid.test-${messageId}`, status });
    expect(await update('read')).toBe('updated');
    expect(await update('delivered')).toBe('unchanged');
    expect(await update('failed')).toBe('unchanged');
    expect((await statusOf(messageId)).status).toBe('read');
    expect(await updateMessageStatus(scope, { channelId: p.channels.whatsapp, providerMessageId: 'wamid.desconhecido', status: 'read' })).toBe('unknown');
  });
});

describe('the order of a conversation\'s replies', () => {
  it('hands replies to the channel in the order they were written, even with several workers', async () => {
    const p = await h.provider();
    const channel = recordingChannel();
    const run = worker(channel.adapter);
    const { conversationId, ana } = await replyIn(p, '5511933330200', 'primeira');
    for (const body of ['segunda', 'terceira', 'quarta', 'quinta']) {
      await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body });
    }
    for (let i = 0; i < 8; i++) await Promise.all([run(), run()]);
    const order = channel.sent.filter((s) => s.message.conversationId === conversationId && s.message.authorKind === 'agent').map((s) => s.message.body);
    expect(order).toEqual(['primeira', 'segunda', 'terceira', 'quarta', 'quinta']);
  });

  it('does not hold the later replies behind one that waits to be retried', async () => {
    const p = await h.provider();
    const channel = recordingChannel();
    const run = worker(channel.adapter);
    const { conversationId, messageId, ana } = await replyIn(p, '5511933330201', 'vai falhar uma vez');
    channel.fail(messageId, new ChannelSendError('HTTP 502', true));
    await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: 'segue depois' });
    for (let i = 0; i < 4; i++) await run();
    const sent = channel.sent.filter((s) => s.message.conversationId === conversationId && s.message.authorKind === 'agent').map((s) => s.message.body);
    expect(sent).toEqual(['segue depois']);
    expect((await statusOf(messageId)).status).toBe('pending');
  });
});
