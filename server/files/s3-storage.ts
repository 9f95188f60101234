// Attachments in an S3-compatible store (AWS S3, MinIO, Ceph, Cloudflare R2, Backblaze B2...): the
// storage several instances share, under the same keys as on disk. Spoken through AWS's own SDK,
// loaded on first use, so that a deployment on disk never loads it.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import { checkedStorageKey, type ByteRange, type FileStorage, type LocalFile } from './storage.js';

export interface S3Settings {
  /** Unset: AWS S3 itself, in `region`. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `<endpoint>/<bucket>/<key>` rather than `<bucket>.<endpoint>/<key>`. */
  forcePathStyle: boolean;
}

type Sdk = typeof import('@aws-sdk/client-s3');

export class S3FileStorage implements FileStorage {
  private connection?: Promise<{ sdk: Sdk; client: S3Client }>;

  constructor(private readonly settings: S3Settings) {}

  private connect() {
    this.connection ??= import('@aws-sdk/client-s3').then((sdk) => {
      const { endpoint, region, forcePathStyle, accessKeyId, secretAccessKey } = this.settings;
      const client = new sdk.S3Client({
        endpoint,
        region,
        forcePathStyle,
        // Given here, so the SDK never goes looking for other credentials (environment, ~/.aws, IMDS).
        credentials: { accessKeyId, secretAccessKey },
        // A plain body signed with its SHA-256 and no CRC32 trailers or headers: the SDK's newer
        // default integrity checks (aws-chunked bodies, x-amz-checksum-*) are not understood by
        // every S3-compatible store, and the signature's payload hash already covers the bytes.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        // A store that does not answer fails the request rather than hanging it; a slow download
        // (a video being played) is not cut while its bytes keep coming.
        requestHandler: { connectionTimeout: 5_000, socketTimeout: 60_000 },
      });
      return { sdk, client };
    });
    return this.connection;
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const Key = checkedStorageKey(key);
    const { sdk, client } = await this.connect();
    await client.send(new sdk.PutObjectCommand({ Bucket: this.settings.bucket, Key, Body: bytes, ContentLength: bytes.length }));
  }

  async putFile(key: string, file: LocalFile): Promise<void> {
    const Key = checkedStorageKey(key);
    const { sdk, client } = await this.connect();
    const command = new sdk.PutObjectCommand({ Bucket: this.settings.bucket, Key, Body: createReadStream(file.path), ContentLength: file.size });
    // The SDK cannot hash a stream before sending it; the hash counted while the upload came in
    // is signed instead, so the store still checks every byte.
    command.middlewareStack.add((next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-amz-content-sha256'] = file.sha256;
      return next(args);
    }, { step: 'build', name: 'prosaPayloadHash' });
    await client.send(command);
  }

  async get(key: string, range?: ByteRange): Promise<Readable | null> {
    const Key = checkedStorageKey(key);
    const { sdk, client } = await this.connect();
    let answer;
    try {
      answer = await client.send(new sdk.GetObjectCommand({
        Bucket: this.settings.bucket,
        Key,
        Range: range ? `bytes=${range.start}-${range.end}` : undefined,
      }));
    } catch (error) {
      // Only a missing key is "nothing stored"; a missing bucket or a refusal is an error.
      if ((error as Error).name === 'NoSuchKey') return null;
      throw error;
    }
    const body = answer.Body;
    if (!(body instanceof Readable)) throw new Error(`S3 answered GetObject ${key} without a body stream`);
    // A store that ignored the Range would hand the whole file to a reply that promised a slice.
    if (range && !answer.ContentRange?.startsWith(`bytes ${range.start}-${range.end}/`)) {
      body.destroy();
      throw new Error(`S3 answered bytes ${range.start}-${range.end} of ${key} with Content-Range ${answer.ContentRange ?? '(none)'}`);
    }
    return body;
  }

  async exists(key: string): Promise<boolean> {
    const Key = checkedStorageKey(key);
    const { sdk, client } = await this.connect();
    try {
      await client.send(new sdk.HeadObjectCommand({ Bucket: this.settings.bucket, Key }));
      return true;
    } catch (error) {
      // A HEAD answer has no body to tell why: 404 is the one that means "not there".
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const Key = checkedStorageKey(key);
    const { sdk, client } = await this.connect();
    // S3 answers 204 whether or not the key was there, as a disk's `rm -f` does.
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.settings.bucket, Key }));
  }

  /** Closes the client's kept-alive connections (tests; a server keeps its storage for its lifetime). */
  async close(): Promise<void> {
    const connection = await this.connection?.catch(() => undefined);
    connection?.client.destroy();
  }
}
