// What an attachment is (image, video, audio or any other file) and what WhatsApp's Cloud API
// lets an agent send of each kind: the strictest of our channels sets the rule for all of them.
export type FileKind = 'image' | 'video' | 'audio' | 'file';

export function kindOf(mime: string): FileKind {
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'file';
}

const MB = 1024 * 1024;

export interface KindRule {
  /** Types the channel sends as this kind; `null`: any type (a document). */
  mimes: string[] | null;
  maxBytes: number;
  /** How the refusal names the kind and its formats, in pt-BR. */
  noun: string;
  formats: string;
}

export const SENDABLE: Record<FileKind, KindRule> = {
  // WhatsApp shows JPEG and PNG as pictures (WebP only as stickers): a WebP picture, common on the
  // web, is taken and turned into PNG or JPEG by the channel when it sends (whatsapp/adapter.ts).
  image: { mimes: ['image/jpeg', 'image/png', 'image/webp'], maxBytes: 5 * MB, noun: 'imagens', formats: 'JPEG, PNG ou WebP' },
  video: { mimes: ['video/mp4', 'video/3gpp'], maxBytes: 16 * MB, noun: 'vídeos', formats: 'MP4 ou 3GP' },
  audio: {
    // audio/webm is what Chromium's MediaRecorder records (Opus in WebM): the agent's own voice
    // messages. WhatsApp does not take WebM; the channel converts it to OGG/Opus when it sends.
    mimes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg; codecs=opus', 'audio/webm'],
    maxBytes: 16 * MB,
    noun: 'áudios',
    formats: 'AAC, AMR, MP3, M4A ou OGG (Opus)',
  },
  file: { mimes: null, maxBytes: 100 * MB, noun: 'documentos', formats: 'qualquer formato' },
};

/** The largest file accepted at all: a WhatsApp document. */
export const MAX_FILE_BYTES = SENDABLE.file.maxBytes;

/** 5 MB, 6,2 MB, 850 KB: sizes as a Brazilian reads them. */
export function formatSize(bytes: number): string {
  if (bytes < MB) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  const value = bytes / MB;
  return `${value.toLocaleString('pt-BR', { maximumFractionDigits: value < 10 ? 1 : 0 })} MB`;
}
