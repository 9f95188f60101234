import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { storageCleanedAfterAll } from '../../test/support/stored-files.js';
import { createHarness, type Client } from '../../test/support/harness.js';
import type { ProviderFixture } from '../../test/support/fixtures.js';
import { storeFile } from './store-file.js';

const h = await createHarness();
const storage = storageCleanedAfterAll(h);

const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3366cc' } }).png().toBuffer();
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
// Noise does not compress: 2400×1800 at quality 100 is well over WhatsApp's 5 MB for images.
const bigJpeg = await sharp(randomBytes(2400 * 1800 * 3), { raw: { width: 2400, height: 1800, channels: 3 } }).jpeg({ quality: 100 }).toBuffer();
// The start of what Chromium's MediaRecorder writes: an EBML header whose DocType is "webm".
const webm = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x87, 0x42, 0x82, 0x84]), Buffer.from('webm'), randomBytes(512)]);

const upload = (client: Client, filename: string, bytes: Buffer, type?: string, field?: string) => client.upload(filename, bytes, type, field);

function download(client: Client, url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') {
  return h.app.inject({ method, url, headers: { cookie: client.cookie, ...headers } });
}

/** A conversation from a contact, assumed by Ana so she may answer it. */
async function assumedConversation(p: ProviderFixture, phone: string) {
  const r = (await h.inbound(p, { externalId: phone, phone, body: 'Segue o comprovante?' })) as { conversationId: number };
  const ana = await h.login(p.users.ana);
  expect((await ana.post(`/api/v1/conversations/${r.conversationId}/assume`)).status).toBe(200);
  return { ana, conversationId: r.conversationId };
}

describe('uploading an attachment', () => {
  it('keeps a PNG as an image, with its size, a download URL and a WebP thumbnail', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    const answer = await upload(ana, 'foto da ONU.png', png, 'image/png');
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      id: expect.any(Number),
      filename: 'foto da ONU.png',
      mime: 'image/png',
      size: png.length,
      kind: 'image',
      url: `/api/v1/files/${answer.body.id}`,
      thumbnailUrl: `/api/v1/files/${answer.body.id}/thumbnail`,
    });

    const thumbnail = await download(ana, answer.body.thumbnailUrl);
    expect(thumbnail.statusCode).toBe(200);
    expect(thumbnail.headers['content-type']).toBe('image/webp');
    const meta = await sharp(thumbnail.rawPayload).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 320, height: 240 });
  });

  it('believes the bytes, not the name: a PDF called image.png is a document', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    const answer = await upload(ana, 'image.png', pdf, 'image/png');
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ filename: 'image.png', mime: 'application/pdf', kind: 'file', thumbnailUrl: null });
    expect((await download(ana, `${answer.body.url}/thumbnail`)).statusCode).toBe(404);

    const file = await download(ana, answer.body.url);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe(`attachment; filename="image.png"; filename*=UTF-8''image.png`);
  });

  it('refuses an image larger than the 5 MB WhatsApp sends', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    expect(bigJpeg.length).toBeGreaterThan(5 * 1024 * 1024);
    const answer = await upload(ana, 'grande.jpg', bigJpeg, 'image/jpeg');
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation_failed');
    expect(answer.body.error.message).toMatch(/^A imagem tem \d+,\d MB; o WhatsApp aceita imagens de até 5 MB\.$/);
  });

  it('refuses an empty file', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    const answer = await upload(ana, 'vazio.pdf', Buffer.alloc(0));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toEqual({ code: 'validation_failed', message: 'O arquivo "vazio.pdf" está vazio.' });
  });

  it('refuses an image in a format WhatsApp does not send as an image', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#f00' } }).gif().toBuffer();
    const answer = await upload(ana, 'animacao.gif', gif, 'image/gif');
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe('Imagens em GIF não podem ser enviadas pelo WhatsApp; use JPEG, PNG ou WebP.');
    // WebP is taken: the WhatsApp channel sends it as PNG or JPEG.
    const webp = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#f00' } }).webp().toBuffer();
    expect(await upload(ana, 'foto.webp', webp, 'image/webp')).toMatchObject({ status: 201, body: { kind: 'image', mime: 'image/webp' } });
  });

  it('takes a voice message recorded in the browser (WebM) as audio, but not a WebM video', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    const voice = await upload(ana, 'gravacao.webm', webm, 'audio/webm;codecs=opus');
    expect(voice.status).toBe(201);
    expect(voice.body).toMatchObject({ mime: 'audio/webm', kind: 'audio', thumbnailUrl: null });

    const video = await upload(ana, 'video.webm', webm, 'video/webm');
    expect(video.status).toBe(400);
    expect(video.body.error.message).toBe('Vídeos em WEBM não podem ser enviados pelo WhatsApp; use MP4 ou 3GP.');
  });

  it('keeps a CSV as plain text, downloaded under its accented name', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    const answer = await upload(ana, 'relatório de quedas.csv', Buffer.from('data;bairro\n2025-01-02;Centro\n'), 'text/csv');
    expect(answer.body).toMatchObject({ filename: 'relatório de quedas.csv', mime: 'text/plain', kind: 'file' });
    const file = await download(ana, answer.body.url);
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="relatorio de quedas.csv"; filename*=UTF-8''relat%C3%B3rio%20de%20quedas.csv`,
    );
    expect(file.headers['x-content-type-options']).toBe('nosniff');
  });

  it('asks for the file in the "file" field, and for a session', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    const wrongField = await upload(ana, 'foto.png', png, 'image/png', 'anexo');
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.error.code).toBe('validation_failed');
    const json = await ana.post('/api/v1/files', { file: 'nope' });
    expect(json.status).toBe(400);
    const anonymous = await upload(h.anonymous(), 'foto.png', png, 'image/png');
    expect(anonymous.status).toBe(401);
  });
});

describe('downloading an attachment', () => {
  it('streams the whole file inline for media, or the byte range a player asks for', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    const { body: file } = await upload(ana, 'foto.png', png, 'image/png');

    const whole = await download(ana, file.url);
    expect(whole.statusCode).toBe(200);
    expect(whole.rawPayload.equals(png)).toBe(true);
    expect(whole.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(png.length),
      'content-disposition': `inline; filename="foto.png"; filename*=UTF-8''foto.png`,
      'x-content-type-options': 'nosniff',
      'accept-ranges': 'bytes',
    });

    const first = await download(ana, file.url, { range: 'bytes=0-99' });
    expect(first.statusCode).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-99/${png.length}`);
    expect(first.headers['content-length']).toBe('100');
    expect(first.rawPayload.equals(png.subarray(0, 100))).toBe(true);

    const rest = await download(ana, file.url, { range: 'bytes=100-' });
    expect(rest.statusCode).toBe(206);
    expect(rest.rawPayload.equals(png.subarray(100))).toBe(true);

    const tail = await download(ana, file.url, { range: 'bytes=-10' });
    expect(tail.headers['content-range']).toBe(`bytes ${png.length - 10}-${png.length - 1}/${png.length}`);
    expect(tail.rawPayload.equals(png.subarray(-10))).toBe(true);

    const beyond = await download(ana, file.url, { range: `bytes=${png.length}-` });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${png.length}`);

    const cached = await download(ana, file.url, { 'if-none-match': whole.headers.etag as string });
    expect(cached.statusCode).toBe(304);

    const head = await download(ana, file.url, {}, 'HEAD');
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(png.length));
  });

  it('answers 404 to another provider, for the file, its thumbnail and sending it', async () => {
    const mine = await h.provider();
    const theirs = await h.provider();
    const theirAna = await h.login(theirs.users.ana);
    const { body: theirFile } = await upload(theirAna, 'contrato.png', png, 'image/png');

    const { ana, conversationId } = await assumedConversation(mine, '5511966660001');
    expect((await download(ana, theirFile.url)).statusCode).toBe(404);
    expect((await download(ana, theirFile.thumbnailUrl)).statusCode).toBe(404);
    const send = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'file', fileId: theirFile.id });
    expect(send.status).toBe(404);
    expect((await download(theirAna, theirFile.url)).statusCode).toBe(200);
  });
});

describe('sending and receiving attachments', () => {
  it('sends an image with a caption, and the messages page shows it with its file', async () => {
    const p = await h.provider();
    const { ana, conversationId } = await assumedConversation(p, '5511966660002');
    const { body: file } = await upload(ana, 'comprovante.png', png, 'image/png');

    const sent = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'file', fileId: file.id, caption: ' Seu comprovante ' });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ type: 'image', body: 'Seu comprovante', fileId: file.id, file, direction: 'out', status: 'pending' });

    const document = await upload(ana, 'boleto.pdf', pdf, 'application/pdf');
    const bare = await ana.post(`/api/v1/conversations/${conversationId}/messages`, { kind: 'file', fileId: document.body.id });
    expect(bare.body).toMatchObject({ type: 'file', body: null, file: { kind: 'file', filename: 'boleto.pdf' } });

    const page = await ana.get(`/api/v1/conversations/${conversationId}/messages`);
    const [inbound, image, pdfMessage] = page.body.messages.slice(-3);
    expect(inbound).toMatchObject({ type: 'text', file: null });
    expect(image).toMatchObject({ id: sent.body.id, type: 'image', body: 'Seu comprovante', file });
    expect(pdfMessage).toMatchObject({ id: bare.body.id, type: 'file', file: document.body });
    const list = await ana.get('/api/v1/conversations?tab=abertos');
    expect(list.body.items[0]).toMatchObject({ id: conversationId, lastMessagePreview: '[file]' });
  });

  it('follows the reply rules: the conversation must be assumed, and audio has no caption', async () => {
    const p = await h.provider();
    const r = (await h.inbound(p, { externalId: '5511966660003' })) as { conversationId: number };
    const ana = await h.login(p.users.ana);
    const { body: file } = await upload(ana, 'foto.png', png, 'image/png');
    const early = await ana.post(`/api/v1/conversations/${r.conversationId}/messages`, { kind: 'file', fileId: file.id });
    expect(early.status).toBe(403);
    expect(early.body.error.code).toBe('not_responsavel');

    await ana.post(`/api/v1/conversations/${r.conversationId}/assume`);
    const { body: voice } = await upload(ana, 'gravacao.webm', webm, 'audio/webm');
    const captioned = await ana.post(`/api/v1/conversations/${r.conversationId}/messages`, { kind: 'file', fileId: voice.id, caption: 'ouça' });
    expect(captioned.status).toBe(400);
    const audio = await ana.post(`/api/v1/conversations/${r.conversationId}/messages`, { kind: 'file', fileId: voice.id });
    expect(audio.body).toMatchObject({ type: 'audio', body: null, file: { kind: 'audio', mime: 'audio/webm' } });
  });

  it('shows a contact\'s image, stored by its channel, with its file metadata', async () => {
    const p = await h.provider();
    const scope = { db: h.database.db, bus: h.bus, providerId: p.providerId };
    // A sticker: WebP, which an agent could not send, but a contact may.
    const sticker = await sharp({ create: { width: 512, height: 512, channels: 4, background: '#00aa0080' } }).webp().toBuffer();
    const stored = await storeFile(scope, { storage, filename: 'sticker.webp', bytes: sticker, purpose: 'receive' });
    expect(stored).toMatchObject({ kind: 'image', mime: 'image/webp' });

    const events: unknown[] = [];
    const unsubscribe = h.bus.subscribe((event) => events.push(event));
    const r = (await h.inbound(p, { externalId: '5511966660004', type: 'image', body: null, fileId: stored.id })) as { conversationId: number };
    unsubscribe();
    const file = { id: stored.id, filename: 'sticker.webp', mime: 'image/webp', size: sticker.length, kind: 'image', url: `/api/v1/files/${stored.id}`, thumbnailUrl: `/api/v1/files/${stored.id}/thumbnail` };
    expect(events).toContainEqual(expect.objectContaining({ type: 'message.created', payload: { message: expect.objectContaining({ file }) } }));

    const supervisor = await h.login(p.users.supervisor);
    const page = await supervisor.get(`/api/v1/conversations/${r.conversationId}/messages`);
    expect(page.body.messages.find((m: { direction: string }) => m.direction === 'in')).toMatchObject({ direction: 'in', type: 'image', body: null, fileId: stored.id, file });
    const thumbnail = await download(supervisor, file.thumbnailUrl);
    expect((await sharp(thumbnail.rawPayload).metadata()).width).toBe(320);

    // A channel cannot attach another provider's file.
    const other = await h.provider();
    await expect(h.inbound(other, { externalId: '5511966660005', type: 'image', body: null, fileId: stored.id })).rejects.toMatchObject({ code: 'not_found' });
  });
});
