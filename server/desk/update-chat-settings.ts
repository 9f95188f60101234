// Salvar Configurações do chat: the messages Prosa sends by itself (only variables it can fill in; the
// greeting must tell the protocolo), the business hours and the holidays. Administrators only; the
// chat module itself is not theirs to switch on (it is hired from support).
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { providers } from '../db/schema.js';
import { AppError } from '../errors.js';
import { requireRole, type AgentScope } from '../tenancy/scope.js';
import { chatSettingsOf } from './chat-settings.js';
import { requireKnownVariables } from './quick-reply-scope.js';
import type { ChatSettingsShape } from '../../api/shapes.js';

export async function updateChatSettings(scope: AgentScope, settings: z.output<typeof ChatSettingsShape>) {
  requireRole(scope.actor, 'administrador');
  requireKnownVariables(settings.greeting);
  requireKnownVariables(settings.closingMessage);
  requireKnownVariables(settings.outOfHoursMessage);
  if (!settings.greeting.includes('{{protocolo}}')) {
    throw new AppError('validation_failed', 'A mensagem de saudação precisa informar o protocolo do atendimento: inclua {{protocolo}}.');
  }
  const dates = settings.holidays.map((h) => h.date);
  const repeated = dates.find((date, i) => dates.indexOf(date) !== i);
  if (repeated) throw new AppError('validation_failed', `O feriado de ${repeated.split('-').reverse().join('/')} foi informado duas vezes.`);
  const holidays = [...settings.holidays].sort((a, b) => a.date.localeCompare(b.date));
  await scope.db.update(providers).set({ chatSettings: { ...settings, holidays } }).where(eq(providers.id, scope.providerId));
  return chatSettingsOf(scope.db, scope.providerId);
}
