// Where attachment bytes live. Keys are made here (provider/yyyy/mm/random), never from a name a
// user typed. A local disk (one machine), or an S3-compatible store (several instances share it:
// s3-storage.ts) when the S3_* settings are given; both keep the same keys.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { Config } from '../config.js';
import { S3FileStorage } from './s3-storage.js';

/** Inclusive byte offsets, as in an HTTP Range. */
export interface ByteRange {
  start: number;
  end: number;
}

/** A file already on local disk (an upload received into a temporary file), with what was counted while it came in. */
export interface LocalFile {
  path: string;
  size: number;
  /** SHA-256 of the bytes, in hex. */
  sha256: string;
}

export interface FileStorage {
  put(key: string, bytes: Buffer): Promise<void>;
  /** Stores a local file's bytes, streamed: never the whole file in memory. */
  putFile(key: string, file: LocalFile): Promise<void>;
  /** The bytes (or a slice of them); `null` when nothing is stored under the key. */
  get(key: string, range?: ByteRange): Promise<Readable | null>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}

const KEY = /^\d+\/\d{4}\/\d{2}\/[A-Za-z0-9_-]+(\.thumb)?$/;

/** A fresh key for one provider's file: `<providerId>/<yyyy>/<mm>/<random>`. */
export function newStorageKey(providerId: number, now = new Date()): string {
  const month = String(now.getUTCMonth() + 1).padStart(2, '0');
  return `${providerId}/${now.getUTCFullYear()}/${month}/${randomBytes(18).toString('base64url')}`;
}

export const thumbnailKey = (key: string) => `${key}.thumb`;

/** The key, if it is one of ours; whatever else reaches a storage is refused before it is used. */
export function checkedStorageKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`invalid storage key: ${key}`);
  return key;
}

export class DiskFileStorage implements FileStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private path(key: string): string {
    // Keys are ours, but a path must never leave the root, whatever reaches here.
    return join(this.root, checkedStorageKey(key));
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    await this.writeAside(key, (partial) => writeFile(partial, bytes, { flag: 'wx' }));
  }

  async putFile(key: string, file: LocalFile): Promise<void> {
    await this.writeAside(key, (partial) => copyFile(file.path, partial));
  }

  /** Written aside and renamed: a reader never sees half a file, and a failure leaves none. */
  private async writeAside(key: string, write: (partial: string) => Promise<void>): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.${randomBytes(6).toString('hex')}.partial`;
    try {
      await write(partial);
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable | null> {
    let handle;
    try {
      handle = await open(this.path(key), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return handle.createReadStream({ start: range?.start, end: range?.end });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.path(key))).isFile();
    } catch {
      return false;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

type StorageSettings = Pick<
  Config,
  'FILES_DIR' | 'S3_ENDPOINT' | 'S3_REGION' | 'S3_BUCKET' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY' | 'S3_FORCE_PATH_STYLE'
>;

/** The storage this deployment uses: the S3-compatible store when S3_* names one, else FILES_DIR. */
export function fileStorageFor(config: StorageSettings): FileStorage {
  const { S3_BUCKET: bucket, S3_ACCESS_KEY_ID: accessKeyId, S3_SECRET_ACCESS_KEY: secretAccessKey } = config;
  if (bucket && accessKeyId && secretAccessKey) {
    return new S3FileStorage({
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      bucket,
      accessKeyId,
      secretAccessKey,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    });
  }
  return new DiskFileStorage(config.FILES_DIR);
}
