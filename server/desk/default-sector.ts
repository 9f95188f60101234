// A provider has exactly one default sector: the one a new conversation falls into when nothing
// else decides. It must be active and attend. Which sector it is changes only here, with the
// provider's sectors locked, so that two administrators choosing at once leave one default.
import { and, asc, eq, ne } from 'drizzle-orm';
import type { Tx } from '../db/connection.js';
import { sectors } from '../db/schema.js';
import { AppError } from '../errors.js';
import { ofProvider, type ProviderScope } from '../tenancy/scope.js';

export async function lockSectors(tx: Tx, scope: ProviderScope) {
  return tx.select({ id: sectors.id, isDefault: sectors.isDefault, active: sectors.active, attends: sectors.attends })
    .from(sectors).where(ofProvider(scope, sectors.providerId)).orderBy(asc(sectors.id)).for('update');
}

/** What the default sector must be, checked on the sector as it will be after the change. */
export function requireFitForDefault(sector: { active: boolean; attends: boolean }) {
  if (!sector.active) throw new AppError('conflict', 'Um setor desativado não pode ser o setor padrão: escolha antes outro setor como padrão.');
  if (!sector.attends) throw new AppError('conflict', 'O setor padrão recebe as conversas novas: ele precisa atender.');
}

export async function makeDefault(tx: Tx, scope: ProviderScope, sectorId: number) {
  await tx.update(sectors).set({ isDefault: false })
    .where(and(ofProvider(scope, sectors.providerId), eq(sectors.isDefault, true), ne(sectors.id, sectorId)));
  await tx.update(sectors).set({ isDefault: true }).where(and(ofProvider(scope, sectors.providerId), eq(sectors.id, sectorId)));
}
