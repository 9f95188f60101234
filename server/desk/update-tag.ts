// Editar etiqueta: rename, recolour, describe, deactivate (it leaves the chat's pickers but stays on
// the conversations that carry it) or reactivate. Administrators only.
import { and, eq } from 'drizzle-orm';
import { tags } from '../db/schema.js';
import { notFound } from '../errors.js';
import { ofProvider, requireRole, type AgentScope } from '../tenancy/scope.js';
import { onDuplicate, requireChanges } from './catalog-rules.js';
import { tagView } from './catalog.js';

export interface UpdateTagInput {
  id: number;
  name?: string;
  color?: string;
  description?: string | null;
  active?: boolean;
}

export async function updateTag(scope: AgentScope, input: UpdateTagInput) {
  requireRole(scope.actor, 'administrador');
  const { id, ...changes } = input;
  requireChanges(changes);
  const [tag] = await scope.db.update(tags).set(changes)
    .where(and(ofProvider(scope, tags.providerId), eq(tags.id, id)))
    .returning(tagView)
    .catch(onDuplicate(`Já existe uma etiqueta chamada "${input.name}".`));
  if (!tag) throw notFound('Etiqueta');
  return tag;
}
