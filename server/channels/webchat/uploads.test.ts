// Visitors' uploads stream to storage (memory does not grow with the file) and are held to the
// channel's hourly quotas.
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { existsSync, mkdirSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createHarness } from '../../../test/support/harness.js';
import { files } from '../../db/schema.js';
import { fileStorageFor } from '../../files/storage.js';
import { buildApp } from '../../http/app.js';
import { removeStaleUploads } from '../../http/multipart.js';
import type { ChannelDeps } from '../channel.js';
import { createWebchatAdapter } from './adapter.js';
import type { WebchatLimits } from './routes.js';

const h = await createHarness();
const config = h.app.deps.config;
const storage = fileStorageFor(config);
const apps: FastifyInstance[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
});

async function startInstance(limits: Partial<WebchatLimits> = {}) {
  const deps: ChannelDeps = { db: h.database.db, bus: h.bus, config, storage };
  const adapter = createWebchatAdapter(deps, { limits: { sessionsPerMinute: 1000, messagesPerMinute: 1000, ...limits } });
  const app = await buildApp({ db: h.database.db, bus: h.bus, config, channels: [adapter] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  apps.push(app);
  return { app, port: (app.server.address() as { port: number }).port };
}

async function visitor(app: FastifyInstance, channelId: string): Promise<string> {
  const session = await app.inject({ method: 'POST', url: `/webchat/${channelId}/session`, payload: { name: 'Visitante' } });
  return session.json().token;
}

/** A multipart upload over a real socket, its bytes made as they are sent (the client holds one chunk at a time). */
function streamUpload(port: number, path: string, token: string, size: number, seed: number): Promise<{ status: number; body: any; sha256: string }> {
  const boundary = `prosa${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="backup-${seed}.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = Buffer.alloc(256 * 1024, seed);
  const hash = createHash('sha256');
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1', port, path, method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + size + tail.length },
    }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(parts).toString() || 'null'), sha256: hash.digest('hex') }));
    });
    req.on('error', (error) => (error.message.includes('EPIPE') || error.message.includes('ECONNRESET') ? undefined : reject(error)));
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        const piece = sent + chunk.length <= size ? chunk : chunk.subarray(0, size - sent);
        sent += piece.length;
        hash.update(piece);
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end(tail);
    };
    req.write(head);
    pump();
  });
}

const MB = 1024 * 1024;
const uploadsFolder = () => join(config.DATA_DIR, 'uploads');
const leftovers = () => (existsSync(uploadsFolder()) ? readdirSync(uploadsFolder()) : []);

describe('web-chat uploads', () => {
  it('streams four 100 MB uploads at once to storage without holding them in memory', async () => {
    const p = await h.provider();
    const { app, port } = await startInstance();
    const tokens = await Promise.all([0, 1, 2, 3].map(() => visitor(app, p.channels.webchat)));

    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakBuffers = before.heapUsed + before.arrayBuffers;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakBuffers = Math.max(peakBuffers, now.heapUsed + now.arrayBuffers);
    }, 10);
    const started = Date.now();
    const answers = await Promise.all(tokens.map((token, i) => streamUpload(port, `/webchat/${p.channels.webchat}/files`, token, 100 * MB, i + 1)));
    clearInterval(sampler);
    const growth = { rssMB: (peakRss - before.rss) / MB, heapAndBuffersMB: (peakBuffers - before.heapUsed - before.arrayBuffers) / MB };
    console.log(`4 x 100 MB web-chat uploads in ${Date.now() - started} ms: peak RSS +${growth.rssMB.toFixed(0)} MB, heap + buffers +${growth.heapAndBuffersMB.toFixed(0)} MB`);

    for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    // Held whole, each file would be in memory at least once: 400 MB.
    expect(growth.heapAndBuffersMB).toBeLessThan(100);
    expect(growth.rssMB).toBeLessThan(150);

    // Stored whole and intact, and nothing left in the temporary folder.
    for (const answer of answers) {
      const [row] = await h.database.db.select().from(files).where(eq(files.id, answer.body.file.id));
      expect(row).toMatchObject({ size: 100 * MB, sha256: answer.sha256, mime: 'application/octet-stream' });
      expect(await storage.exists(row.storageKey)).toBe(true);
    }
    expect(leftovers()).toEqual([]);
  }, 120_000);

  it('refuses a visitor past their hourly quota, cutting the upload that would pass it and keeping none of it', async () => {
    const p = await h.provider();
    const { app, port } = await startInstance({ visitorBytesPerHour: 1 * MB, channelBytesPerHour: 100 * MB });
    const token = await visitor(app, p.channels.webchat);
    const url = `/webchat/${p.channels.webchat}/files`;
    const filesBefore = (await h.database.db.select().from(files)).length;

    expect((await streamUpload(port, url, token, 600 * 1024, 7)).status).toBe(201);
    const cut = await streamUpload(port, url, token, 20 * MB, 8);
    expect(cut.status).toBe(429);
    expect(cut.body.error.code).toBe('upload_quota_exceeded');
    expect(cut.body.error.message).toMatch(/^O arquivo passa do que você ainda pode enviar nesta hora \(424 KB\)/);
    expect((await h.database.db.select().from(files)).length).toBe(filesBefore + 1);
    expect(leftovers()).toEqual([]);

    expect((await streamUpload(port, url, token, 424 * 1024, 9)).status).toBe(201); // exactly what was left
    const spent = await streamUpload(port, url, token, 10 * 1024, 10);
    expect(spent.status).toBe(429);
    expect(spent.body.error.message).toBe('Você já enviou 1 MB em arquivos na última hora, o limite deste chat. Tente de novo mais tarde ou envie um arquivo menor.');
    // Another visitor of the channel still may.
    expect((await streamUpload(port, url, await visitor(app, p.channels.webchat), 10 * 1024, 11)).status).toBe(201);
  });

  it('refuses every visitor once the channel received its hourly quota', async () => {
    const p = await h.provider();
    const { app, port } = await startInstance({ visitorBytesPerHour: 10 * MB, channelBytesPerHour: 1 * MB });
    const url = `/webchat/${p.channels.webchat}/files`;
    expect((await streamUpload(port, url, await visitor(app, p.channels.webchat), 700 * 1024, 1)).status).toBe(201);
    expect((await streamUpload(port, url, await visitor(app, p.channels.webchat), 200 * 1024, 2)).status).toBe(201);
    const refused = await streamUpload(port, url, await visitor(app, p.channels.webchat), 500 * 1024, 3);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toEqual({ code: 'upload_quota_exceeded', message: 'Este chat recebeu arquivos demais na última hora. Tente de novo mais tarde.' });
  });
});

describe('agents\' uploads', () => {
  it('refuses a file over 100 MB while it streams in, leaving nothing behind', async () => {
    const p = await h.provider();
    const { port } = await startInstance();
    const ana = await h.login(p.users.ana);
    const answer = await new Promise<{ status: number; body: any }>((resolve, reject) => {
      const boundary = 'prosa-limite';
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="grande.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
      const size = 100 * MB + 1;
      const req = httpRequest({
        host: '127.0.0.1', port, path: '/api/v1/files', method: 'POST',
        headers: { cookie: ana.cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + size + 8 + boundary.length },
      }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(parts).toString()) }));
      });
      req.on('error', (error) => (/EPIPE|ECONNRESET/.test(error.message) ? undefined : reject(error)));
      const chunk = Buffer.alloc(MB, 1);
      let sent = 0;
      const pump = () => {
        while (sent < size) {
          const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
          sent += piece.length;
          if (!req.write(piece)) return void req.once('drain', pump);
        }
        req.end(`\r\n--${boundary}--\r\n`);
      };
      req.write(head);
      pump();
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe('O arquivo passa de 100 MB, o limite do WhatsApp para documentos.');
    expect(leftovers()).toEqual([]);
  }, 60_000);
});

describe('uploads a killed process left behind', () => {
  it('are removed at start once an hour old, and a recent one is left alone', async () => {
    mkdirSync(join(uploadsFolder(), 'upload-velho'), { recursive: true });
    mkdirSync(join(uploadsFolder(), 'upload-recente'), { recursive: true });
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(join(uploadsFolder(), 'upload-velho'), twoHoursAgo, twoHoursAgo);
    expect(await removeStaleUploads(config.DATA_DIR)).toBe(1);
    expect(leftovers()).toEqual(['upload-recente']);
  });
});
