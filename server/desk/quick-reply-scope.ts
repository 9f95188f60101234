// Whose a quick reply is. One for everyone or for a sector is the administrators' to manage; a
// personal one is its owner's alone: nobody else sees it, uses it or edits it, administrators included.
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../db/connection.js';
import { quickReplies } from '../db/schema.js';
import { AppError } from '../errors.js';
import { loadFiles, toFileView, type FileView } from '../files/file-view.js';
import { requireRole, type Actor, type ProviderScope } from '../tenancy/scope.js';
import { unknownVariables, QUICK_REPLY_VARIABLES } from '../../api/quick-replies.js';

/** The row as selected; `withFiles` turns its `fileId` into the API's `file`. */
export const quickReplyView = {
  id: quickReplies.id, shortcut: quickReplies.shortcut, title: quickReplies.title, body: quickReplies.body,
  sectorId: quickReplies.sectorId, personal: sql<boolean>`${quickReplies.ownerId} IS NOT NULL`, active: quickReplies.active,
  fileId: quickReplies.fileId,
};

/** Quick replies as the API shows them, each attachment's view loaded in one query. */
export async function withFiles<R extends { fileId: number | null }>(db: Executor, scope: ProviderScope, rows: R[]) {
  const files = await loadFiles(db, scope, rows.map((r) => r.fileId));
  return rows.map(({ fileId, ...reply }) => {
    const file = fileId === null ? undefined : files.get(fileId);
    return { ...reply, file: file ? toFileView(file) : null as FileView | null };
  });
}

/** What the composer's "/" and Enviar mensagem rápida offer: everyone's, the agent's sectors', their own. */
export const usableBy = (actor: Actor) => or(
  and(isNull(quickReplies.ownerId), isNull(quickReplies.sectorId)),
  actor.sectorIds.length > 0 ? and(isNull(quickReplies.ownerId), inArray(quickReplies.sectorId, actor.sectorIds)) : undefined,
  eq(quickReplies.ownerId, actor.userId),
);

/** What the Respostas Rápidas screen lists: administrators, every shared one and their own; others, their own. */
export const editableBy = (actor: Actor) =>
  actor.role === 'administrador' ? or(isNull(quickReplies.ownerId), eq(quickReplies.ownerId, actor.userId)) : eq(quickReplies.ownerId, actor.userId);

/** Where a quick reply goes, and whether this actor may put it there. */
export function placeOf(actor: Actor, input: { personal: boolean; sectorId: number | null }) {
  if (input.personal) {
    if (input.sectorId !== null) throw new AppError('validation_failed', 'Uma resposta rápida pessoal é só sua: ela não pertence a um setor.');
    return { sectorId: null, ownerId: actor.userId };
  }
  requireRole(actor, 'administrador');
  return { sectorId: input.sectorId, ownerId: null };
}

export function requireKnownVariables(body: string) {
  const unknown = unknownVariables(body);
  if (unknown.length === 0) return;
  const known = QUICK_REPLY_VARIABLES.map((name) => `{{${name}}}`).join(', ');
  throw new AppError('validation_failed', `${unknown.length === 1 ? 'Variável desconhecida' : 'Variáveis desconhecidas'}: ${unknown.join(', ')}. Use ${known}.`);
}

/** "/Boleto" and "boleto" are the same shortcut. */
export const normalShortcut = (shortcut: string) => shortcut.trim().replace(/^\//, '').toLowerCase();

export const duplicateMessage = (shortcut: string, place: { sectorId: number | null; ownerId: number | null }) =>
  `Já existe uma resposta rápida com o atalho "/${normalShortcut(shortcut)}" ${place.ownerId !== null ? 'entre as suas pessoais' : place.sectorId !== null ? 'neste setor' : 'para todos'}.`;
