// Keeps an attachment: an agent's upload, or media a contact sent through a channel. The type is
// read from the bytes (never from the name or the declared type), the channel's limits are checked,
// and images get a small WebP thumbnail for the conversation. Bytes come either in memory (media a
// channel fetched) or as a temporary file an upload was streamed into: never read whole then.
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';
import sharp from 'sharp';
import { files } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { ProviderScope } from '../tenancy/scope.js';
import type { FileRow } from './file-view.js';
import { formatSize, kindOf, MAX_FILE_BYTES, SENDABLE, type FileKind } from './kinds.js';
import { newStorageKey, thumbnailKey, type FileStorage, type LocalFile } from './storage.js';

/** An upload streamed into a temporary file, with what was counted on the way (server/http/multipart.ts). */
export interface ReceivedFile extends LocalFile {
  /** No control bytes but tabs and line breaks in the whole file. */
  looksLikeText: boolean;
}

export interface StoreFileInput {
  storage: FileStorage;
  filename: string;
  /** The bytes in memory, or a received file on disk. */
  bytes: Buffer | ReceivedFile;
  /** What the browser or channel said the type was: only used to tell audio from video in one container. */
  declaredMime?: string | null;
  /**
   * 'send' (an agent's upload, default): only what WhatsApp can send as each kind.
   * 'receive' (a contact's media): any type is kept, up to the largest document size.
   */
  purpose?: 'send' | 'receive';
  /** The agent uploading it (none for a contact's media). */
  uploadedBy?: number | null;
}

export type StoredFile = FileRow & { kind: FileKind };

const THUMBNAIL_PX = 320;

export async function storeFile(scope: ProviderScope, input: StoreFileInput): Promise<StoredFile> {
  const { storage } = input;
  const source = sourceOf(input.bytes);
  const purpose = input.purpose ?? 'send';
  const filename = cleanFilename(input.filename);
  if (source.size === 0) throw new AppError('validation_failed', `O arquivo "${filename}" está vazio.`);

  const sniffed = await sniff(source, filename, input.declaredMime);
  let mime = sniffed.mime;
  let kind = kindOf(mime);
  if (purpose === 'send') {
    refuseWhatWhatsAppWillNotSend(kind, sniffed, source.size);
  } else if (source.size > MAX_FILE_BYTES) {
    throw new AppError('validation_failed', `O arquivo tem ${formatSize(source.size)}; o limite é ${formatSize(MAX_FILE_BYTES)}.`);
  }

  let thumbnail: Buffer | null = null;
  if (kind === 'image') {
    thumbnail = await makeThumbnail(source.image);
    if (!thumbnail) {
      if (purpose === 'send') {
        throw new AppError('validation_failed', 'Não foi possível ler esta imagem; o arquivo pode estar corrompido.');
      }
      // Kept, but not shown as a picture: only images with a thumbnail are.
      mime = 'application/octet-stream';
      kind = 'file';
    }
  }

  const key = newStorageKey(scope.providerId);
  await source.putTo(storage, key);
  try {
    if (thumbnail) await storage.put(thumbnailKey(key), thumbnail);
    const [row] = await scope.db
      .insert(files)
      .values({
        providerId: scope.providerId,
        storageKey: key,
        filename,
        mime,
        size: source.size,
        sha256: source.sha256,
        uploadedBy: input.uploadedBy ?? null,
      })
      .returning();
    return { ...row, kind };
  } catch (error) {
    await storage.delete(key).catch(() => {});
    if (thumbnail) await storage.delete(thumbnailKey(key)).catch(() => {});
    throw error;
  }
}

/** The same questions asked of bytes in memory or of a file on disk, which is read only as needed. */
interface Source {
  size: number;
  sha256: string;
  /** What sharp reads: a buffer, or the file's path. */
  image: Buffer | string;
  fileType(): ReturnType<typeof fileTypeFromBuffer>;
  looksLikeText(): boolean;
  putTo(storage: FileStorage, key: string): Promise<void>;
}

function sourceOf(bytes: Buffer | ReceivedFile): Source {
  if (Buffer.isBuffer(bytes)) {
    return {
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      image: bytes,
      fileType: () => fileTypeFromBuffer(bytes),
      looksLikeText: () => looksLikeText(bytes),
      putTo: (storage, key) => storage.put(key, bytes),
    };
  }
  return {
    size: bytes.size,
    sha256: bytes.sha256,
    image: bytes.path,
    fileType: () => fileTypeFromFile(bytes.path),
    looksLikeText: () => bytes.looksLikeText,
    putTo: (storage, key) => storage.putFile(key, bytes),
  };
}

interface Sniffed {
  mime: string;
  /** The format's usual extension (gif, mov, webm...), for messages. */
  ext: string;
}

async function sniff(source: Source, filename: string, declaredMime: string | null | undefined): Promise<Sniffed> {
  const found = await source.fileType();
  if (!found) {
    // Text has no signature; a .txt or .csv whose bytes are text is the one guess worth making.
    const text = /\.(txt|csv)$/i.test(filename) && source.looksLikeText();
    return text ? { mime: 'text/plain', ext: 'txt' } : { mime: 'application/octet-stream', ext: 'bin' };
  }
  const declaredAudio = (declaredMime ?? '').trim().toLowerCase().startsWith('audio/');
  switch (found.mime) {
    case 'image/apng':
      return { mime: 'image/png', ext: 'png' }; // an animated PNG is a PNG; the channel shows its first frame
    case 'audio/x-m4a':
      return { mime: 'audio/mp4', ext: 'm4a' };
    // A browser's recorder writes audio-only WebM (Chromium) or MP4 (Safari); the container's
    // signature alone reads as video.
    case 'video/webm':
      return declaredAudio ? { mime: 'audio/webm', ext: 'webm' } : { mime: 'video/webm', ext: 'webm' };
    case 'video/mp4':
      return declaredAudio ? { mime: 'audio/mp4', ext: 'm4a' } : { mime: 'video/mp4', ext: 'mp4' };
    default:
      return { mime: found.mime, ext: found.ext };
  }
}

function refuseWhatWhatsAppWillNotSend(kind: FileKind, { mime, ext }: Sniffed, size: number) {
  const rule = SENDABLE[kind];
  if (rule.mimes && !rule.mimes.includes(mime)) {
    const enviados = kind === 'image' ? 'enviadas' : 'enviados';
    throw new AppError(
      'validation_failed',
      `${capitalize(rule.noun)} em ${ext.toUpperCase()} não podem ser ${enviados} pelo WhatsApp; use ${rule.formats}.`,
      { kind, mime },
    );
  }
  if (size > rule.maxBytes) {
    const what = kind === 'file' ? 'O arquivo' : { image: 'A imagem', video: 'O vídeo', audio: 'O áudio' }[kind];
    throw new AppError(
      'validation_failed',
      `${what} tem ${formatSize(size)}; o WhatsApp aceita ${rule.noun} de até ${formatSize(rule.maxBytes)}.`,
      { kind, size, maxBytes: rule.maxBytes },
    );
  }
}

async function makeThumbnail(image: Buffer | string): Promise<Buffer | null> {
  try {
    return await sharp(image, { limitInputPixels: 100_000_000 })
      .rotate() // as the camera held it (EXIF orientation)
      .resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 70 })
      .toBuffer();
  } catch {
    return null;
  }
}

/** No control bytes but tabs and line breaks: UTF-8 and the Windows-1252 of Excel's CSVs both pass. */
export function looksLikeText(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false;
    if (byte === 0x7f) return false;
  }
  return true;
}

/** The name as the agent's or contact's device gave it, without folders or control characters. */
function cleanFilename(raw: string): string {
  const base = (raw.split(/[\\/]/).pop() ?? '')
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    // Bidirectional controls make "fatura\u202Efdp.exe" read as "fatura.exe.pdf" on screen.
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .trim();
  if (base === '' || /^\.+$/.test(base)) return 'arquivo';
  if (base.length <= 200) return base;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
  return base.slice(0, 200 - ext.length) + ext;
}

const capitalize = (s: string) => s[0].toUpperCase() + s.slice(1);
