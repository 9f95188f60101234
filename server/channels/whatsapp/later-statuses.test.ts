// What Meta reports after it accepted a message, through the status webhook: a failure it found
// later (a number not on WhatsApp, #131026), shown to the agent with Meta's reason; a WebP picture,
// which Meta would fail later as an image (#131053), sent as PNG or JPEG instead; and the statuses
// of a long text's parts, which make the status of the one message the agent sees.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { messages } from '../../db/schema.js';
import { status } from '../../demo/whatsapp/meta-payloads.js';
import type { ProviderFixture } from '../../../test/support/fixtures.js';
import { APP_SECRET, content, whatsappTestbed } from '../../../test/support/whatsapp-testbed.js';

const t = await whatsappTestbed();
const { h } = t;
const db = h.database.db;
// Meta posts its statuses to Prosa over HTTP: the app listens, and the stand-in reports to it.
const prosaUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
const reportBack = (p: ProviderFixture) => {
  t.graph.statusWebhook = { url: `${prosaUrl}/webhooks/whatsapp/${p.channels.whatsapp}`, appSecret: APP_SECRET, delayMs: 20 };
};
afterEach(() => {
  t.graph.statusWebhook = null;
});

let numbers = 0;
async function chatting(p: ProviderFixture) {
  const waId = `55119666${String(++numbers).padStart(5, '0')}`;
  await t.contactSends(p.channels.whatsapp, { waId, name: 'Contato' }, content.text('oi'));
  const [first] = await db.select().from(messages)
    .where(and(eq(messages.channelId, p.channels.whatsapp), eq(messages.direction, 'in'), sql`${messages.body} = 'oi'`))
    .orderBy(sql`${messages.id} DESC`).limit(1);
  const ana = await h.login(p.users.ana);
  await ana.post(`/api/v1/conversations/${first.conversationId}/assume`);
  await t.run();
  return { waId, conversationId: first.conversationId, ana };
}

const statusOf = async (id: number) => (await t.messageById(id)).status;

describe('failures Meta reports later', () => {
  it('marks a message to a number not on WhatsApp failed when Meta reports #131026, with its reason for the agent', async () => {
    const p = await t.provider();
    const { waId, conversationId, ana } = await chatting(p);
    t.graph.notOnWhatsApp(waId);
    reportBack(p);
    const sent = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: 'Sua conexão voltou?' });
    await t.run();
    await expect.poll(() => statusOf(sent.body.id), { timeout: 10_000 }).toBe('failed');
    const page = await ana.get(`/api/v1/conversations/${conversationId}/messages`);
    expect(page.body.messages.find((m: { id: number }) => m.id === sent.body.id)).toMatchObject({ status: 'failed', statusError: '(#131026) Message undeliverable' });
  });

  it("applies Meta's documented failed status to the message it names", async () => {
    const p = await t.provider();
    const { conversationId, ana } = await chatting(p);
    const sent = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: 'Chegou?' });
    await t.run();
    const payload = JSON.parse(readFileSync(new URL('../../../test/support/fixtures/whatsapp/status-failed-undeliverable.json', import.meta.url), 'utf8'));
    payload.entry[0].changes[0].value.statuses[0].id = (await t.messageById(sent.body.id)).providerMessageId;
    expect((await t.post(p.channels.whatsapp, payload)).status).toBe(200);
    expect(await t.messageById(sent.body.id)).toMatchObject({ status: 'failed', statusError: '(#131026) Message undeliverable' });
  });

  it('sends a WebP picture as PNG when it has transparency and as JPEG when not, with its caption, and Meta delivers it', async () => {
    const p = await t.provider();
    const { waId, conversationId, ana } = await chatting(p);
    reportBack(p);
    const clear = await sharp({ create: { width: 60, height: 40, channels: 4, background: { r: 15, g: 118, b: 110, alpha: 0.5 } } }).webp().toBuffer();
    const solid = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#0f766e' } }).webp().toBuffer();
    const ids: number[] = [];
    for (const [name, bytes] of [['logo.webp', clear], ['foto.webp', solid]] as const) {
      const uploaded = await ana.upload(name, bytes, 'image/webp');
      expect(uploaded.status).toBe(201);
      const sent = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'file', fileId: uploaded.body.id, caption: `Veja ${name}` });
      expect(sent.status).toBe(201);
      ids.push(sent.body.id);
      await t.run();
    }
    const images = t.graph.messages.filter((m) => m.body.to === waId && m.body.type === 'image');
    expect(images.map((m) => (m.body.image as { caption: string }).caption)).toEqual(['Veja logo.webp', 'Veja foto.webp']);
    const uploads = images.map((m) => t.graph.requests.find((r) => r.kind === 'media_upload' && r.id === (m.body.image as { id: string }).id)!);
    expect(uploads.map((u) => [u.body.type, (u.body.file as { filename: string }).filename])).toEqual([['image/png', 'logo.png'], ['image/jpeg', 'foto.jpg']]);
    const formats = await Promise.all(images.map(async (m) => (await sharp(t.graph.media.get((m.body.image as { id: string }).id)!.bytes).metadata()).format));
    expect(formats).toEqual(['png', 'jpeg']);
    for (const id of ids) await expect.poll(() => statusOf(id), { timeout: 10_000 }).toBe('read');
  });
});

describe('statuses of a long text sent in parts', () => {
  const longText = () => `${'Primeira parte do passo a passo. '.repeat(130)}\n${'Segunda parte do passo a passo. '.repeat(20)}`;

  async function sentInParts(p: ProviderFixture) {
    const { waId, conversationId, ana } = await chatting(p);
    const sent = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'text', body: longText() });
    await t.run();
    const row = await t.messageById(sent.body.id);
    const parts = (row.meta as { parts: string[] }).parts;
    expect(parts).toHaveLength(2);
    expect(row.providerMessageId).toBe(parts[0]);
    if (!t.graph.statusWebhook) expect(row.status).toBe('sent');
    return { waId, id: sent.body.id as number, parts, ana, conversationId };
  }

  it('is delivered once every part is, and read once every part is, whichever part Meta reports first', async () => {
    const p = await t.provider();
    const { waId, id, parts } = await sentInParts(p);
    await t.post(p.channels.whatsapp, t.statuses([status(parts[1], 'delivered', waId)]));
    expect(await statusOf(id)).toBe('sent');
    await t.post(p.channels.whatsapp, t.statuses([status(parts[0], 'read', waId)]));
    expect(await statusOf(id)).toBe('delivered');
    await t.post(p.channels.whatsapp, t.statuses([status(parts[1], 'read', waId), status(parts[1], 'delivered', waId)]));
    expect(await t.messageById(id)).toMatchObject({ status: 'read', meta: { partStatuses: { [parts[0]]: { status: 'read' }, [parts[1]]: { status: 'read' } } } });
  });

  it('fails when any part fails, naming the part and Meta\'s reason, and stays failed', async () => {
    const p = await t.provider();
    const { waId, id, parts, ana, conversationId } = await sentInParts(p);
    await t.post(p.channels.whatsapp, t.statuses([status(parts[0], 'delivered', waId)]));
    await t.post(p.channels.whatsapp, t.statuses([status(parts[1], 'failed', waId, { error: { code: 131026, title: 'Message undeliverable' } })]));
    await t.post(p.channels.whatsapp, t.statuses([status(parts[1], 'delivered', waId), status(parts[0], 'read', waId)]));
    const page = await ana.get(`/api/v1/conversations/${conversationId}/messages`);
    expect(page.body.messages.find((m: { id: number }) => m.id === id)).toMatchObject({ status: 'failed', statusError: 'Parte 2 de 2: (#131026) Message undeliverable' });
  });

  it("follows the stand-in's own reports of every part to read", async () => {
    const p = await t.provider();
    reportBack(p);
    const { id } = await sentInParts(p);
    await expect.poll(() => statusOf(id), { timeout: 10_000 }).toBe('read');
  });
});
