// Novo atendente: an administrator adds a user with a role, sectors and a maximum of simultaneous
// conversations; Prosa makes a first password, shown once, that the person replaces at first login.
import { users } from '../db/schema.js';
import { requireRole, type AgentScope } from '../tenancy/scope.js';
import type { Role } from '../tenancy/scope.js';
import { hashPassword, temporaryPassword } from '../sessions/passwords.js';
import { addLogins } from '../sessions/sessions.js';
import { onDuplicate, requireSectors } from './catalog-rules.js';
import { listTeam, setSectors } from './team.js';

export interface CreateUserInput {
  name: string;
  email: string;
  role: Role;
  sectorIds: number[];
  maxConcurrent: number;
}

export async function createUser(scope: AgentScope, input: CreateUserInput) {
  requireRole(scope.actor, 'administrador');
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const userId = await scope.db.transaction(async (tx) => {
    const sectorIds = await requireSectors(tx, scope, input.sectorIds);
    // Taken by someone of this provider (users_email) or of another (logins_email): the same conflict.
    const taken = onDuplicate(`Já existe um usuário com o e-mail ${input.email}.`);
    const [user] = await tx.insert(users).values({
      providerId: scope.providerId, name: input.name, email: input.email.toLowerCase(), role: input.role,
      maxConcurrent: input.maxConcurrent, passwordHash, mustChangePassword: true,
    }).returning({ id: users.id, providerId: users.providerId, email: users.email }).catch(taken);
    await addLogins(tx, [user]).catch(taken);
    await setSectors(tx, scope, user.id, sectorIds);
    return user.id;
  });
  const [user] = await listTeam(scope, { userId });
  return { user, temporaryPassword: password };
}

