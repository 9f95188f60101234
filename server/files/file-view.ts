// How a stored file is shown to the agent app: its metadata and where to fetch it and its thumbnail.
import { and, inArray } from 'drizzle-orm';
import type { Executor } from '../db/connection.js';
import { files } from '../db/schema.js';
import { ofProvider } from '../tenancy/scope.js';
import { kindOf, type FileKind } from './kinds.js';

export type FileRow = typeof files.$inferSelect;

export interface FileView {
  id: number;
  filename: string;
  mime: string;
  size: number;
  kind: FileKind;
  url: string;
  /** Only images have one (a 320px WebP made when the file was stored). */
  thumbnailUrl: string | null;
}

export function toFileView(file: FileRow): FileView {
  const kind = kindOf(file.mime);
  return {
    id: file.id,
    filename: file.filename,
    mime: file.mime,
    size: Number(file.size),
    kind,
    url: `/api/v1/files/${file.id}`,
    thumbnailUrl: kind === 'image' ? `/api/v1/files/${file.id}/thumbnail` : null,
  };
}

/** The files of a page of messages, in one query, by id. */
export async function loadFiles(
  db: Executor,
  scope: { providerId: number },
  ids: readonly (number | null)[],
): Promise<Map<number, FileRow>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select()
    .from(files)
    .where(and(ofProvider(scope, files.providerId), inArray(files.id, wanted)));
  return new Map(rows.map((row) => [row.id, row]));
}
