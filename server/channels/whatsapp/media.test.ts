// A contact's media: the message is on screen at once, the file follows when the job has fetched
// it from Meta (media id -> URL -> bytes, with the number's token), retried when Meta fails.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { feed, files, jobs, messages } from '../../db/schema.js';
import { webmOpusToOgg } from '../../files/webm-to-ogg.js';
import { content, whatsappTestbed } from '../../../test/support/whatsapp-testbed.js';

const t = await whatsappTestbed();
const { h } = t;
const db = h.database.db;

const fetchJobs = (providerId: number) =>
  db.select().from(jobs).where(and(eq(jobs.kind, 'whatsapp_fetch_media'), eq(jobs.providerId, providerId))).orderBy(jobs.id);
const lastInbound = async (channelId: string) =>
  (await db.select().from(messages).where(and(eq(messages.channelId, channelId), eq(messages.direction, 'in'))).orderBy(sql`${messages.id} DESC`).limit(1))[0];

describe('media a contact sends', () => {
  it('shows the message at once and attaches the picture when the job has fetched it', async () => {
    const p = await t.provider();
    const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#b91c1c' } }).png().toBuffer();
    const media = t.graph.addMedia(png, 'image/png');
    await t.contactSends(p.channels.whatsapp, { waId: '5511988880001', name: 'Foto' }, content.image({ id: media.id, mime_type: 'image/png', sha256: media.sha256, caption: 'Olha a luz vermelha' }));
    const message = await lastInbound(p.channels.whatsapp);
    expect(message).toMatchObject({ type: 'image', body: 'Olha a luz vermelha', fileId: null });

    await t.run();
    const withFile = await t.messageById(message.id);
    expect(withFile.fileId).not.toBeNull();
    const [file] = await db.select().from(files).where(eq(files.id, withFile.fileId!));
    expect(file).toMatchObject({ providerId: p.providerId, mime: 'image/png', size: png.length, sha256: media.sha256, filename: `imagem-${message.id}.png` });
    // Fetched as Meta serves it: the id looked up, then the URL downloaded.
    expect(t.graph.requests.filter((r) => r.id === media.id).map((r) => r.kind)).toEqual(['media_info', 'media_download']);

    // The agents see it: the file and its thumbnail, and a live event with the message and its file.
    const ana = await h.login(p.users.ana);
    const page = await ana.get(`/api/v1/conversations/${message.conversationId}/messages`);
    const shown = page.body.messages.find((m: { id: number }) => m.id === message.id);
    expect(shown.file).toMatchObject({ kind: 'image', mime: 'image/png', thumbnailUrl: `/api/v1/files/${file.id}/thumbnail` });
    const bytes = await h.app.inject({ method: 'GET', url: shown.file.url, headers: { cookie: ana.cookie } });
    expect(bytes.rawPayload.equals(png)).toBe(true);
    const events = await db.select().from(feed).where(and(eq(feed.providerId, p.providerId), eq(feed.type, 'message.status')));
    expect(events.some((e) => (e.payload as { message: { id: number; fileId: number } }).message.id === message.id
      && (e.payload as { message: { fileId: number } }).message.fileId === file.id)).toBe(true);
  });

  it('keeps a document\'s name, a voice message as audio and a sticker as a picture', async () => {
    const p = await t.provider();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF');
    const ogg = webmOpusToOgg(readFileSync(new URL('../../files/fixtures/voice.webm', import.meta.url)));
    const webp = await sharp({ create: { width: 512, height: 512, channels: 4, background: '#fde047' } }).webp().toBuffer();
    const doc = t.graph.addMedia(pdf, 'application/pdf');
    const voice = t.graph.addMedia(ogg, 'audio/ogg; codecs=opus');
    const sticker = t.graph.addMedia(webp, 'image/webp');
    const from = { waId: '5511988880002', name: 'Vários' };
    await t.contactSends(p.channels.whatsapp, from, content.document({ id: doc.id, mime_type: 'application/pdf', filename: 'boleto pago.pdf' }));
    await t.contactSends(p.channels.whatsapp, from, content.audio({ id: voice.id, mime_type: 'audio/ogg; codecs=opus', voice: true }));
    await t.contactSends(p.channels.whatsapp, from, content.sticker({ id: sticker.id, mime_type: 'image/webp' }));
    await t.run();
    const rows = await db
      .select({ type: messages.type, filename: files.filename, mime: files.mime })
      .from(messages)
      .innerJoin(files, eq(files.id, messages.fileId))
      .where(eq(messages.channelId, p.channels.whatsapp))
      .orderBy(messages.id);
    expect(rows).toEqual([
      { type: 'file', filename: 'boleto pago.pdf', mime: 'application/pdf' },
      { type: 'audio', filename: expect.stringMatching(/^audio-\d+\.ogg$/), mime: 'audio/ogg; codecs=opus' },
      { type: 'image', filename: expect.stringMatching(/^figurinha-\d+\.webp$/), mime: 'image/webp' },
    ]);
  });

  it('retries when Meta fails, and attaches the file once it answers', async () => {
    const p = await t.provider();
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#000' } }).png().toBuffer();
    const media = t.graph.addMedia(png, 'image/png');
    await t.contactSends(p.channels.whatsapp, { waId: '5511988880003', name: 'Instável' }, content.image({ id: media.id, mime_type: 'image/png' }));
    const message = await lastInbound(p.channels.whatsapp);
    // Only the download fails: the protocol message answering the contact goes out meanwhile.
    t.graph.failNext(1, { status: 503, code: 2, only: 'media' });
    await t.run();
    const [job] = await fetchJobs(p.providerId);
    expect(job).toMatchObject({ attempts: 1, doneAt: null, lastError: `mídia ${media.id}: (#2) Service temporarily unavailable` });
    expect((await t.messageById(message.id)).fileId).toBeNull();
    await t.makeDue();
    await t.run();
    expect((await t.messageById(message.id)).fileId).not.toBeNull();
    expect((await fetchJobs(p.providerId))[0].doneAt).not.toBeNull();
  });

  it('gives up on media Meta no longer has, and keeps the message with the reason', async () => {
    const p = await t.provider();
    await t.contactSends(p.channels.whatsapp, { waId: '5511988880004', name: 'Expirada' }, content.video({ id: '404404404', mime_type: 'video/mp4', caption: 'vídeo antigo' }));
    const message = await lastInbound(p.channels.whatsapp);
    await t.run();
    const [job] = await fetchJobs(p.providerId);
    expect(job.attempts).toBe(1);
    expect(job.doneAt).not.toBeNull();
    const after = await t.messageById(message.id);
    expect(after).toMatchObject({ body: 'vídeo antigo', fileId: null });
    expect((after.meta as { mediaError: string }).mediaError).toMatch(/^mídia 404404404: \(#100\) Unsupported get request/);
  });

  it('shows the agents why the media is missing, and fetches it again when one asks (once, however often asked)', async () => {
    const p = await t.provider();
    const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#0f766e' } }).png().toBuffer();
    const media = t.graph.addMedia(png, 'image/png');
    await t.contactSends(p.channels.whatsapp, { waId: '5511988880006', name: 'Tentar de novo' }, content.image({ id: media.id, mime_type: 'image/png' }));
    const message = await lastInbound(p.channels.whatsapp);
    // Meta keeps failing: the job uses up its attempts, then gives up.
    t.graph.failNext(20, { status: 503, code: 2, only: 'media' });
    for (let i = 0; i < 8; i++) {
      await t.run();
      await t.makeDue();
    }
    expect((await fetchJobs(p.providerId))[0].doneAt).not.toBeNull();
    const ana = await h.login(p.users.ana);
    const shown = async () => (await ana.get(`/api/v1/conversations/${message.conversationId}/messages`)).body.messages.find((m: { id: number }) => m.id === message.id);
    expect(await shown()).toMatchObject({ fileId: null, file: null, mediaError: `mídia ${media.id}: (#2) Service temporarily unavailable` });
    const told = await db.select().from(feed).where(and(eq(feed.providerId, p.providerId), eq(feed.type, 'message.status')));
    expect(told.some((e) => (e.payload as { message: { id: number; mediaError: string | null } }).message.id === message.id
      && (e.payload as { message: { mediaError: string | null } }).message.mediaError !== null)).toBe(true);

    t.graph.reset();
    const retried = await ana.post(`/api/v1/messages/${message.id}/media/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: message.id, mediaError: null, fileId: null });
    expect((await ana.post(`/api/v1/messages/${message.id}/media/retry`)).status).toBe(409);
    expect((await fetchJobs(p.providerId)).filter((j) => j.doneAt === null)).toHaveLength(1);
    await t.run();
    expect(await shown()).toMatchObject({ mediaError: null, file: { kind: 'image', mime: 'image/png' } });
    // Another provider's agent is told there is no such message.
    const other = await h.login((await t.provider()).users.admin);
    expect((await other.post(`/api/v1/messages/${message.id}/media/retry`)).status).toBe(404);
  });

  it('fetches the media of a message delivered twice once', async () => {
    const p = await t.provider();
    const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } }).png().toBuffer();
    const media = t.graph.addMedia(png, 'image/png');
    const from = { waId: '5511988880005', name: 'Repetido' };
    const payload = t.messagesPayload(from, [{ from: from.waId, id: 'wamid.repetida-1', timestamp: String(Math.floor(Date.now() / 1000)), ...content.image({ id: media.id, mime_type: 'image/png' }) }]);
    await t.post(p.channels.whatsapp, payload);
    await t.run();
    await t.post(p.channels.whatsapp, payload);
    await t.run();
    expect(await fetchJobs(p.providerId)).toHaveLength(1);
    expect(t.graph.requests.filter((r) => r.id === media.id && r.kind === 'media_download')).toHaveLength(1);
  });
});
