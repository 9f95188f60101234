// Nova resposta rápida, on the Respostas Rápidas screen: administrators write them for everyone or
// for one sector; every agent writes personal ones, which only they see and use. An attachment was
// uploaded first (POST /api/v1/files); one may attach only a file one may see.
import { quickReplies } from '../db/schema.js';
import { AppError } from '../errors.js';
import { findVisibleFile } from '../files/read-file.js';
import type { AgentScope } from '../tenancy/scope.js';
import { requireSectors } from './catalog-rules.js';
import { duplicateMessage, normalShortcut, placeOf, quickReplyView, requireKnownVariables, withFiles } from './quick-reply-scope.js';

export interface CreateQuickReplyInput {
  shortcut: string;
  title: string;
  body: string;
  /** None (and not personal): for everyone. */
  sectorId?: number | null;
  personal?: boolean;
  fileId?: number | null;
}

export async function createQuickReply(scope: AgentScope, input: CreateQuickReplyInput) {
  const place = placeOf(scope.actor, { personal: input.personal ?? false, sectorId: input.sectorId ?? null });
  requireKnownVariables(input.body);
  if (place.sectorId !== null) await requireSectors(scope.db, scope, [place.sectorId]);
  const fileId = input.fileId ?? null;
  if (fileId !== null) await findVisibleFile(scope.db, scope, fileId);
  const [reply] = await scope.db
    .insert(quickReplies)
    .values({ providerId: scope.providerId, shortcut: normalShortcut(input.shortcut), title: input.title.trim(), body: input.body, fileId, ...place })
    .onConflictDoNothing()
    .returning(quickReplyView);
  if (!reply) throw new AppError('conflict', duplicateMessage(input.shortcut, place));
  const [view] = await withFiles(scope.db, scope, [reply]);
  return view;
}
