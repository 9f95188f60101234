// The bot's menu as Administração > Bot shows it. Administrators only.
import { requireRole, type AgentScope } from '../tenancy/scope.js';
import { botFlowOf } from './flow.js';

export async function getBotFlow(scope: AgentScope) {
  requireRole(scope.actor, 'administrador');
  return botFlowOf(scope.db, scope.providerId);
}
