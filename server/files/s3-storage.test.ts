// Attachments in an S3-compatible store: the settings that choose it, the storage spoken through
// AWS's SDK over real HTTP to a stand-in that checks every signature as S3 does, and Prosa's whole
// upload → download → thumbnail path with S3 configured.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { files } from '../db/schema.js';
import { buildApp } from '../http/app.js';
import { createHarness } from '../../test/support/harness.js';
import { startS3StandIn } from '../../test/support/s3-stand-in.js';
import { S3FileStorage, type S3Settings } from './s3-storage.js';
import { DiskFileStorage, fileStorageFor, newStorageKey, thumbnailKey } from './storage.js';

// The SDK warns once that its releases from 2027 want Node 22; the tests run on this machine's 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const BUCKET = 'prosa-files';
const s3 = await startS3StandIn({ buckets: [BUCKET, 'outro-bucket'] });
const dataDir = mkdtempSync(join(tmpdir(), 'prosa-s3-'));
const opened: S3FileStorage[] = [];
afterAll(async () => {
  for (const storage of opened) await storage.close();
  await s3.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const S3_ENV = {
  S3_ENDPOINT: s3.endpoint,
  S3_BUCKET: BUCKET,
  S3_ACCESS_KEY_ID: s3.accessKeyId,
  S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
};

function configWith(env: Record<string, string>) {
  return loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...env } as NodeJS.ProcessEnv);
}

function s3Storage(changes: Partial<S3Settings> = {}) {
  const storage = new S3FileStorage({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    bucket: BUCKET,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: true,
    ...changes,
  });
  opened.push(storage);
  return storage;
}

async function bytesOf(stream: Readable | null): Promise<Buffer | null> {
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

// Prosa on its test database, with S3 configured: files go to the stand-in.
const h = await createHarness();
const config = configWith(S3_ENV);
const app = await buildApp({ db: h.database.db, bus: h.bus, config });
await app.ready();
afterAll(() => app.close());
const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3366cc' } }).png().toBuffer();

describe('the S3 settings', () => {
  it('keep files on disk when none is given, and choose S3 with a bucket and both keys', () => {
    expect(fileStorageFor(configWith({}))).toBeInstanceOf(DiskFileStorage);
    const config = configWith(S3_ENV);
    expect(config).toMatchObject({ S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: true, S3_BUCKET: BUCKET });
    const storage = fileStorageFor(config);
    expect(storage).toBeInstanceOf(S3FileStorage);
    opened.push(storage as S3FileStorage);
    expect(configWith({ ...S3_ENV, S3_REGION: 'sa-east-1', S3_FORCE_PATH_STYLE: 'false' })).toMatchObject({
      S3_REGION: 'sa-east-1',
      S3_FORCE_PATH_STYLE: false,
    });
    // Without an endpoint: AWS S3 itself.
    expect(configWith({ S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' }).S3_ENDPOINT).toBeUndefined();
  });

  it('refuse half a configuration, naming what is missing, and never show the secret', () => {
    expect(() => configWith({ S3_ENDPOINT: s3.endpoint, S3_BUCKET: BUCKET })).toThrow(
      'Invalid configuration: S3: files in S3 need S3_BUCKET, S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY; ' +
        'S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY are missing (S3_ENDPOINT, S3_BUCKET are set). ' +
        'Set them, or none of the S3_* settings to keep files on disk',
    );
    let message = '';
    try {
      configWith({ S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 'segredo-muito-secreto' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('S3_BUCKET is missing');
    expect(message).not.toContain('segredo-muito-secreto');
    expect(() => configWith({ S3_REGION: 'sa-east-1' })).toThrow(/S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY are missing \(S3_REGION is set\)/);
    expect(() => configWith({ ...S3_ENV, S3_ENDPOINT: 'ftp://127.0.0.1' })).toThrow('S3_ENDPOINT: must be an http:// or https:// URL');
    expect(() => configWith({ ...S3_ENV, S3_FORCE_PATH_STYLE: 'yes' })).toThrow(/S3_FORCE_PATH_STYLE/);
    // Empty counts as unset, as for every setting.
    expect(fileStorageFor(configWith({ S3_BUCKET: '', S3_ACCESS_KEY_ID: '', S3_SECRET_ACCESS_KEY: '' }))).toBeInstanceOf(DiskFileStorage);
  });
});

describe('S3FileStorage, against a store that checks every signature', () => {
  it('streams a file from disk with the hash counted on its way in signed, so the store checks every byte', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const path = join(dataDir, 'recebido.bin');
    writeFileSync(path, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = newStorageKey(7);
    await s3Storage().putFile(key, { path, size: bytes.length, sha256 });
    expect(s3.objects(BUCKET).get(key)?.bytes.equals(bytes)).toBe(true);

    const other = newStorageKey(7);
    const wrong = createHash('sha256').update('outra coisa').digest('hex');
    await expect(s3Storage().putFile(other, { path, size: bytes.length, sha256: wrong })).rejects.toMatchObject({ name: 'XAmzContentSHA256Mismatch' });
    expect(s3.objects(BUCKET).has(other)).toBe(false);
  });

  it('puts, finds, reads whole or a byte range, and deletes, under the same keys as on disk', async () => {
    const storage = s3Storage();
    const bytes = randomBytes(200_000);
    const key = newStorageKey(7);
    expect(await storage.exists(key)).toBe(false);
    await storage.put(key, bytes);
    expect(s3.objects(BUCKET).get(key)?.bytes.equals(bytes)).toBe(true);
    expect(await storage.exists(key)).toBe(true);

    expect((await bytesOf(await storage.get(key)))?.equals(bytes)).toBe(true);
    expect((await bytesOf(await storage.get(key, { start: 10, end: 99 })))?.equals(bytes.subarray(10, 100))).toBe(true);
    expect((await bytesOf(await storage.get(key, { start: 199_999, end: 199_999 })))?.equals(bytes.subarray(199_999))).toBe(true);

    await storage.delete(key);
    expect(s3.objects(BUCKET).has(key)).toBe(false);
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.get(key)).toBeNull();
    expect(await storage.get(thumbnailKey(key), { start: 0, end: 9 })).toBeNull();
    await storage.delete(key); // twice: nothing to delete is no error, as on disk

    const mine = s3.requests.filter((r) => r.key === key).map((r) => `${r.method} ${r.status}`);
    expect(mine).toEqual(['HEAD 404', 'PUT 200', 'HEAD 200', 'GET 200', 'GET 206', 'GET 206', 'DELETE 204', 'HEAD 404', 'GET 404', 'DELETE 204']);
  });

  it('refuses a key that is not one of ours before asking the store', async () => {
    const storage = s3Storage();
    const before = s3.requests.length;
    await expect(storage.put('../../etc/passwd', Buffer.from('x'))).rejects.toThrow('invalid storage key: ../../etc/passwd');
    await expect(storage.get('1/2025/01/a b')).rejects.toThrow('invalid storage key');
    expect(s3.requests.length).toBe(before);
  });

  it('surfaces the store refusing a wrong secret: SignatureDoesNotMatch, never "not found"', async () => {
    const storage = s3Storage({ secretAccessKey: `${s3.secretAccessKey}x` });
    const key = newStorageKey(8);
    await expect(storage.put(key, Buffer.from('comprovante'))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
    expect(s3.objects(BUCKET).has(key)).toBe(false);
    await s3Storage().put(key, Buffer.from('comprovante'));
    await expect(storage.get(key)).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    // A HEAD answer has no body: the SDK names the error by its status alone, and 403 is not "absent".
    await expect(storage.exists(key)).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    await expect(storage.delete(key)).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    expect(s3.objects(BUCKET).has(key)).toBe(true);
  });

  it('surfaces an unknown access key, another region and a missing bucket as errors', async () => {
    const key = newStorageKey(9);
    await expect(s3Storage({ accessKeyId: 'AKIANOTKNOWN' }).put(key, Buffer.from('x'))).rejects.toMatchObject({
      name: 'InvalidAccessKeyId',
      $metadata: { httpStatusCode: 403 },
    });
    await expect(s3Storage({ region: 'sa-east-1' }).get(key)).rejects.toMatchObject({
      name: 'AuthorizationHeaderMalformed',
      message: expect.stringContaining("the region 'sa-east-1' is wrong; expecting 'us-east-1'"),
    });
    // A missing bucket is a misconfiguration, not a missing file.
    const nowhere = s3Storage({ bucket: 'no-such-bucket' });
    await expect(nowhere.get(key)).rejects.toMatchObject({ name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } });
    await expect(nowhere.put(key, Buffer.from('x'))).rejects.toMatchObject({ name: 'NoSuchBucket' });
    // Each storage keeps to its own bucket.
    await s3Storage({ bucket: 'outro-bucket' }).put(key, Buffer.from('x'));
    expect(await s3Storage().exists(key)).toBe(false);
  });
});

describe('the S3 stand-in', () => {
  type Outgoing = { path: string; body: unknown; headers: Record<string, string> };

  /** A client whose requests can be altered on their way out, just before or just after they are signed. */
  function client(options: { tamper?: (request: Outgoing) => void; when?: 'before' | 'after'; defaults?: boolean } = {}) {
    const s3Client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      ...(options.defaults ? {} : { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
    });
    const { tamper } = options;
    if (tamper) {
      const middleware = (next: (args: { request: Outgoing }) => Promise<unknown>) => async (args: { request: Outgoing }) => {
        tamper(args.request);
        return next(args);
      };
      s3Client.middlewareStack.addRelativeTo(middleware as never, { relation: options.when ?? 'after', toMiddleware: 'httpSigningMiddleware', name: 'tamper' });
    }
    return s3Client;
  }

  it('answers an unsigned request 403 AccessDenied, in S3\'s XML', async () => {
    const key = newStorageKey(10);
    await s3Storage().put(key, Buffer.from('x'));
    const response = await fetch(`${s3.endpoint}/${BUCKET}/${key}`);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(await response.text()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>AccessDenied<\/Code><Message>Access Denied<\/Message><RequestId>[0-9A-F]+<\/RequestId><\/Error>$/);
  });

  it('refuses a request changed after it was signed: another path, other bytes', async () => {
    const key = newStorageKey(11);
    const elsewhere = client({
      tamper: (request) => void (request.path = request.path.replace(/\/[^/]+$/, '/outra-chave')),
    });
    await expect(elsewhere.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: Buffer.from('abc') }))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
    const otherBytes = client({ tamper: (request) => void (request.body = Buffer.from('xyz')) });
    await expect(otherBytes.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: Buffer.from('abc') }))).rejects.toMatchObject({
      name: 'XAmzContentSHA256Mismatch',
      $metadata: { httpStatusCode: 400 },
    });
    expect(s3.objects(BUCKET).has(key)).toBe(false);
    elsewhere.destroy();
    otherBytes.destroy();
  });

  it("checks the CRC32 that the SDK's defaults send along with a body", async () => {
    const key = newStorageKey(12);
    const defaults = client({ defaults: true });
    await defaults.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: Buffer.from('abc') }));
    const answer = await defaults.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, Range: 'bytes=1-2' }));
    expect(answer.ContentRange).toBe('bytes 1-2/3');
    expect(await answer.Body?.transformToString()).toBe('bc');

    const wrongCrc = (request: Outgoing) => void (request.headers['x-amz-checksum-crc32'] = 'AAAAAA==');
    // Signed with the wrong CRC32: the signature holds, the checksum does not.
    const signedWrong = client({ defaults: true, when: 'before', tamper: wrongCrc });
    await expect(signedWrong.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: Buffer.from('xyz') }))).rejects.toMatchObject({
      name: 'BadDigest',
      $metadata: { httpStatusCode: 400 },
    });
    // Changed after signing: the signature breaks first.
    const changedAfter = client({ defaults: true, when: 'after', tamper: wrongCrc });
    await expect(changedAfter.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: Buffer.from('xyz') }))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
    });
    expect(s3.objects(BUCKET).get(key)?.bytes.toString()).toBe('abc');
    for (const c of [defaults, signedWrong, changedAfter]) c.destroy();
  });
});

describe("attachments through Prosa's HTTP API, kept in S3", () => {
  it('uploads a PNG, serves it whole and by ranges, and its thumbnail, all from the bucket', async () => {
    const p = await h.provider();
    const ana = await h.login(p.users.ana);
    const boundary = `prosa${randomBytes(8).toString('hex')}`;
    const uploaded = await app.inject({
      method: 'POST',
      url: '/api/v1/files',
      headers: { cookie: ana.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="mapa da rede.png"\r\nContent-Type: image/png\r\n\r\n`),
        png,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(uploaded.statusCode).toBe(201);
    const file = uploaded.json();
    expect(file).toMatchObject({ filename: 'mapa da rede.png', mime: 'image/png', kind: 'image', size: png.length });

    // The bytes and the thumbnail went to the bucket, under the row's key; nothing to the disk.
    const [row] = await h.database.db.select().from(files).where(eq(files.id, file.id));
    expect(row.storageKey).toMatch(new RegExp(`^${p.providerId}/\\d{4}/\\d{2}/[A-Za-z0-9_-]+$`));
    expect(s3.objects(BUCKET).get(row.storageKey)?.bytes.equals(png)).toBe(true);
    expect(s3.objects(BUCKET).has(thumbnailKey(row.storageKey))).toBe(true);
    expect(existsSync(config.FILES_DIR)).toBe(false);

    const get = (url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET') =>
      app.inject({ method, url, headers: { cookie: ana.cookie, ...headers } });
    const whole = await get(file.url);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers).toMatchObject({ 'content-type': 'image/png', 'content-length': String(png.length), 'accept-ranges': 'bytes' });
    expect(whole.rawPayload.equals(png)).toBe(true);

    const first = await get(file.url, { range: 'bytes=0-99' });
    expect(first.statusCode).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-99/${png.length}`);
    expect(first.rawPayload.equals(png.subarray(0, 100))).toBe(true);
    const tail = await get(file.url, { range: 'bytes=-10' });
    expect(tail.statusCode).toBe(206);
    expect(tail.rawPayload.equals(png.subarray(-10))).toBe(true);
    expect((await get(file.url, { range: `bytes=${png.length}-` })).statusCode).toBe(416);
    const head = await get(file.url, {}, 'HEAD');
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(png.length));

    const thumbnail = await get(file.thumbnailUrl);
    expect(thumbnail.statusCode).toBe(200);
    expect(thumbnail.headers['content-type']).toBe('image/webp');
    expect(await sharp(thumbnail.rawPayload).metadata()).toMatchObject({ format: 'webp', width: 320, height: 240 });

    const fromS3 = s3.requests.filter((r) => r.key.startsWith(row.storageKey)).map((r) => `${r.method} ${r.key.slice(row.storageKey.length) || 'file'} ${r.status}`);
    expect(fromS3).toEqual(['PUT file 200', 'PUT .thumb 200', 'GET file 200', 'GET file 206', 'GET file 206', 'GET .thumb 200']);

    // Gone from the bucket: the row remains, the bytes answer 404.
    s3.objects(BUCKET).delete(row.storageKey);
    s3.objects(BUCKET).delete(thumbnailKey(row.storageKey));
    expect((await get(file.url)).statusCode).toBe(404);
    expect((await get(file.thumbnailUrl)).statusCode).toBe(404);
  });
});
