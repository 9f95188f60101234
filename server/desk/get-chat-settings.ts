// Configurações do chat as the screen shows them, with whether the paid chat module is on. Administrators only.
import { requireRole, type AgentScope } from '../tenancy/scope.js';
import { chatSettingsOf } from './chat-settings.js';

export async function getChatSettings(scope: AgentScope) {
  requireRole(scope.actor, 'administrador');
  return chatSettingsOf(scope.db, scope.providerId);
}
