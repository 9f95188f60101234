// Novo setor, on the Setores screen: a team that takes conversations, or one that only groups
// people; it may become the default at once. Administrators only.
import { eq } from 'drizzle-orm';
import { sectors } from '../db/schema.js';
import { AppError } from '../errors.js';
import { requireRole, type AgentScope } from '../tenancy/scope.js';
import { sectorRows } from './catalog.js';
import { lockSectors, makeDefault, requireFitForDefault } from './default-sector.js';

export interface CreateSectorInput {
  name: string;
  description?: string | null;
  position?: number;
  attends?: boolean;
  isDefault?: boolean;
  autoAssign?: boolean;
}

export async function createSector(scope: AgentScope, input: CreateSectorInput) {
  requireRole(scope.actor, 'administrador');
  const attends = input.attends ?? true;
  if (input.isDefault) requireFitForDefault({ active: true, attends });
  return scope.db.transaction(async (tx) => {
    if (input.isDefault) await lockSectors(tx, scope);
    const [sector] = await tx
      .insert(sectors)
      .values({ providerId: scope.providerId, name: input.name.trim(), description: input.description ?? null, position: input.position ?? 0, attends, autoAssign: input.autoAssign ?? false })
      .onConflictDoNothing()
      .returning({ id: sectors.id });
    if (!sector) throw new AppError('conflict', `Já existe um setor chamado "${input.name.trim()}".`);
    if (input.isDefault) await makeDefault(tx, scope, sector.id);
    const [created] = await sectorRows(tx, scope, eq(sectors.id, sector.id));
    return created;
  });
}
