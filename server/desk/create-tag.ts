// Nova etiqueta, on the Etiquetas screen: administrators configure the provider's tags.
import { tags } from '../db/schema.js';
import { AppError } from '../errors.js';
import { requireRole, type AgentScope } from '../tenancy/scope.js';
import { tagView } from './catalog.js';

export interface CreateTagInput {
  name: string;
  color?: string;
  description?: string | null;
}

export async function createTag(scope: AgentScope, input: CreateTagInput) {
  requireRole(scope.actor, 'administrador');
  const [tag] = await scope.db
    .insert(tags)
    .values({ providerId: scope.providerId, name: input.name.trim(), color: input.color, description: input.description ?? null })
    .onConflictDoNothing()
    .returning(tagView);
  if (!tag) throw new AppError('conflict', `Já existe uma etiqueta chamada "${input.name}".`);
  return tag;
}
