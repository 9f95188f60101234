// A real crash: the Prosa process is killed (SIGKILL) while a reply is in flight to WhatsApp, or in
// the middle of a burst of inbound webhooks, then started again on the same database. The reply is
// neither lost nor sent twice; every message Prosa acknowledged is stored, once.
// PostgreSQL only: the killed process and the test must share the database (PGlite is in-process).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../server/db/connection.js';
import { channels, jobs, messages } from '../server/db/schema.js';
import { content, message, messagesPayload, signedWebhook } from '../server/demo/whatsapp/meta-payloads.js';
import { startGraphStandIn } from '../server/demo/whatsapp/stand-in.js';
import { createProvider, PASSWORD } from './support/fixtures.js';
import { copyOfTemplate } from './support/database.js';
import { spawnProsa } from './support/spawn-prosa.js';

const url = process.env.DATABASE_URL;

describe.runIf(!!url)('a crash while a reply is on its way to WhatsApp', () => {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  /** A database of its own that the test and the spawned Prosa both open. */
  async function sharedDatabase() {
    const copy = await copyOfTemplate(url!, 'prosa_crash');
    const database: Database = await openDatabase({ url: copy.url });
    cleanups.push(async () => {
      await database.close();
      await copy.drop();
    });
    return { url: copy.url, database };
  }

  async function prosa(env: Record<string, string>): Promise<{ base: string; child: ChildProcess }> {
    const { url: base, child } = await spawnProsa(env, 60_000);
    cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'));
    return { base, child };
  }

  it('delivers the reply once after the restart', async () => {
    const { url: databaseUrl, database } = await sharedDatabase();

    const graph = await startGraphStandIn({ accessToken: 'crash-token' });
    cleanups.push(() => graph.close());
    const p = await createProvider(database.db, 'crash');
    await database.db
      .update(channels)
      .set({
        config: { phoneNumberId: '100000000000077', verifyToken: 'v', apiBaseUrl: graph.url, timeoutMs: 30_000 },
        secrets: { appSecret: 'crash-secret', accessToken: 'crash-token' },
      })
      .where(eq(channels.id, p.channels.whatsapp));
    const dataDir = mkdtempSync(join(tmpdir(), 'prosa-crash-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env = { DATABASE_URL: databaseUrl, SEED_DEMO: 'no', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', REDIS_URL: '', JOBS_LEASE_SECONDS: '2' };

    let { base, child } = await prosa(env);
    // A contact writes; the protocol message answering it goes out.
    const webhook = signedWebhook(
      messagesPayload({ phoneNumberId: '100000000000077' }, { waId: '5511977770001', name: 'Rita Queda' }, [message('5511977770001', content.text('minha internet caiu'))]),
      'crash-secret',
    );
    const posted = await fetch(`${base}/webhooks/whatsapp/${p.channels.whatsapp}`, { method: 'POST', headers: webhook.headers, body: webhook.body });
    expect(posted.status).toBe(200);
    await expect.poll(() => graph.standIn.messages.length, { timeout: 15_000 }).toBe(1);

    // Ana answers; "Meta" holds the request far longer than it takes to kill Prosa.
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: p.users.ana.email, password: PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${base}/api/v1${path}`, {
        method,
        headers: body === undefined ? { cookie } : { cookie, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then((r) => r.json());
    const list = await call('GET', '/conversations?tab=fila');
    const conversationId = list.items[0].id as number;
    expect((await call('POST', `/conversations/${conversationId}/assume`)).situacao).toBe('chat');
    const heldUntil = Date.now() + 6_000;
    graph.standIn.failNext(1, { delayMs: 6_000, only: 'messages' });
    const reply = await call('POST', `/conversations/${conversationId}/messages`, { kind: 'text', body: 'Vamos reiniciar sua conexão agora.' });
    expect(reply).toMatchObject({ status: 'pending' });
    const replyJob = async () => (await database.db.select().from(jobs).where(sql`${jobs.payload}->>'messageId' = ${String(reply.id)}`))[0];
    await expect.poll(async () => (await replyJob())?.lockedUntil !== null, { timeout: 10_000 }).toBe(true);

    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const [held] = await database.db.select().from(messages).where(eq(messages.id, reply.id));
    expect(held.status).toBe('pending');
    expect((await replyJob()).doneAt).toBeNull();
    expect(graph.standIn.messages.filter((m) => JSON.stringify(m.body).includes('reiniciar'))).toHaveLength(0);

    // Started again: once the dead worker's lease runs out, the reply goes, once.
    ({ base, child } = await prosa(env));
    await expect.poll(async () => (await database.db.select().from(messages).where(eq(messages.id, reply.id)))[0].status, { timeout: 30_000 }).toBe('sent');
    // Count only once "Meta" has finished with the request the dead process had made.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, heldUntil + 500 - Date.now())));
    const sends = graph.standIn.messages.filter((m) => JSON.stringify(m.body).includes('Vamos reiniciar sua conexão agora.'));
    expect(sends).toHaveLength(1);
    expect((await replyJob()).doneAt).not.toBeNull();
    child.kill('SIGTERM');
  }, 120_000);

  it('stores every acknowledged inbound message exactly once after a SIGKILL in a burst and Meta\'s re-sends', async () => {
    const { url: databaseUrl, database } = await sharedDatabase();
    const p = await createProvider(database.db, 'burst');
    await database.db
      .update(channels)
      .set({ config: { phoneNumberId: '100000000000088', verifyToken: 'v' }, secrets: { appSecret: 'burst-secret', accessToken: 'burst-token' } })
      .where(eq(channels.id, p.channels.whatsapp));
    const dataDir = mkdtempSync(join(tmpdir(), 'prosa-burst-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const env = { DATABASE_URL: databaseUrl, SEED_DEMO: 'no', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', REDIS_URL: '' };

    // 40 contacts write 5 messages each, one webhook per message, as Meta posts them.
    const webhooks = Array.from({ length: 200 }, (_, i) => {
      const waId = `55119666${String(i % 40).padStart(5, '0')}`;
      const meta = message(waId, content.text(`mensagem ${i}`));
      return { wamid: meta.id, ...signedWebhook(messagesPayload({ phoneNumberId: '100000000000088' }, { waId, name: `Contato ${i % 40}` }, [meta]), 'burst-secret') };
    });
    const acknowledged = new Set<string>();
    const post = async (base: string, hook: (typeof webhooks)[number]) => {
      try {
        const answer = await fetch(`${base}/webhooks/whatsapp/${p.channels.whatsapp}`, { method: 'POST', headers: hook.headers, body: hook.body, signal: AbortSignal.timeout(10_000) });
        if (answer.status === 200) acknowledged.add(hook.wamid);
      } catch {
        // The process died under this request: Meta will send it again.
      }
    };

    let { base, child } = await prosa(env);
    // Eight at a time; the process is killed once a quarter of them were answered.
    const burst = (async () => {
      for (let i = 0; i < webhooks.length; i += 8) await Promise.all(webhooks.slice(i, i + 8).map((hook) => post(base, hook)));
    })();
    await expect.poll(() => acknowledged.size, { timeout: 60_000, interval: 20 }).toBeGreaterThanOrEqual(50);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    await burst;
    const beforeRestart = new Set(acknowledged);
    expect(beforeRestart.size).toBeLessThan(webhooks.length);

    // Started again, Meta sends everything it holds again: the unanswered and, as it may, the answered.
    ({ base, child } = await prosa(env));
    for (let i = 0; i < webhooks.length; i += 8) await Promise.all(webhooks.slice(i, i + 8).map((hook) => post(base, hook)));
    expect(acknowledged.size).toBe(webhooks.length);

    const stored = await database.db
      .select({ wamid: messages.providerMessageId, count: sql<number>`count(*)::int` })
      .from(messages)
      .where(and(eq(messages.channelId, p.channels.whatsapp), eq(messages.direction, 'in')))
      .groupBy(messages.providerMessageId);
    const counts = new Map(stored.map((row) => [row.wamid, row.count]));
    for (const wamid of beforeRestart) expect(counts.get(wamid), wamid).toBe(1);
    expect(stored.length).toBe(webhooks.length);
    expect(stored.every((row) => row.count === 1)).toBe(true);
    // One live conversation per contact, whatever the crash interrupted.
    const [{ live }] = await database.db.execute(sql`SELECT count(*)::int AS live FROM conversations WHERE provider_id = ${p.providerId} AND situacao <> 'finalizada'`).then((r) => (r as unknown as { rows: { live: number }[] }).rows);
    expect(live).toBe(40);
    child.kill('SIGTERM');
  }, 180_000);
});
