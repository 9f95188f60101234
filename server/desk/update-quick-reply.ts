// Editar resposta rápida: its shortcut, title, text, who it is for, deactivate or reactivate. An
// agent edits only their personal ones; an administrator, the shared ones and their own. Another
// person's personal reply is as if it did not exist. A new attachment must be one the editor may see;
// `fileId: null` takes it off.
import { and, eq } from 'drizzle-orm';
import { quickReplies } from '../db/schema.js';
import { notFound } from '../errors.js';
import { findVisibleFile } from '../files/read-file.js';
import { ofProvider, type AgentScope } from '../tenancy/scope.js';
import { onDuplicate, requireChanges, requireSectors } from './catalog-rules.js';
import { duplicateMessage, editableBy, normalShortcut, placeOf, quickReplyView, requireKnownVariables, withFiles } from './quick-reply-scope.js';

export interface UpdateQuickReplyInput {
  id: number;
  shortcut?: string;
  title?: string;
  body?: string;
  sectorId?: number | null;
  personal?: boolean;
  active?: boolean;
  fileId?: number | null;
}

export async function updateQuickReply(scope: AgentScope, input: UpdateQuickReplyInput) {
  const { id, ...changes } = input;
  requireChanges(changes);
  if (changes.body !== undefined) requireKnownVariables(changes.body);
  return scope.db.transaction(async (tx) => {
    const [current] = await tx.select({ sectorId: quickReplies.sectorId, ownerId: quickReplies.ownerId, shortcut: quickReplies.shortcut, fileId: quickReplies.fileId })
      .from(quickReplies)
      .where(and(ofProvider(scope, quickReplies.providerId), eq(quickReplies.id, id), editableBy(scope.actor)))
      .for('update');
    if (!current) throw notFound('Resposta rápida');
    const personal = changes.personal ?? current.ownerId !== null;
    const place = placeOf(scope.actor, {
      personal,
      sectorId: changes.sectorId !== undefined ? changes.sectorId : personal ? null : current.sectorId,
    });
    if (place.sectorId !== null && place.sectorId !== current.sectorId) await requireSectors(tx, scope, [place.sectorId]);
    // The attachment it already has stays, whoever uploaded it.
    if (changes.fileId != null && changes.fileId !== current.fileId) await findVisibleFile(tx, scope, changes.fileId);
    const [updated] = await tx.update(quickReplies)
      .set({
        shortcut: changes.shortcut === undefined ? undefined : normalShortcut(changes.shortcut),
        title: changes.title, body: changes.body, active: changes.active, fileId: changes.fileId, ...place,
      })
      .where(and(ofProvider(scope, quickReplies.providerId), eq(quickReplies.id, id)))
      .returning(quickReplyView)
      .catch(onDuplicate(duplicateMessage(changes.shortcut ?? current.shortcut, place)));
    const [view] = await withFiles(tx, scope, [updated]);
    return view;
  });
}
