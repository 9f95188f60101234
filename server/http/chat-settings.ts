// /api/v1/chat-settings: Configurações do chat, administrators only. Reading it needs no chat module
// (it says whether the module is on); saving does.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getChatSettings } from '../desk/get-chat-settings.js';
import { updateChatSettings } from '../desk/update-chat-settings.js';
import { agentScope, requireSession } from './auth.js';
import { ChatSettingsShape, ChatSettingsViewShape } from '../../api/shapes.js';

export function registerChatSettingsRoutes(app: FastifyInstance) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['chat-settings'];

  api.get('/api/v1/chat-settings', {
    schema: {
      tags, summary: 'Configurações do chat: greeting, closing and out-of-hours messages, business hours, holidays, and whether the chat module is on',
      response: { 200: ChatSettingsViewShape },
    },
  }, async (request) => {
    const session = await requireSession(request);
    const { db, bus } = request.server.deps;
    return getChatSettings({ db, bus, providerId: session.providerId, actor: session.actor });
  });
  api.put('/api/v1/chat-settings', {
    schema: { tags, summary: 'Saves Configurações do chat (every field; one left out takes its default)', body: ChatSettingsShape, response: { 200: ChatSettingsViewShape } },
  }, async (request) => updateChatSettings(await agentScope(request), request.body));
}
